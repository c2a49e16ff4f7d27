// Sending email: Resend when RESEND_API_KEY is set, otherwise (never in production) the development outbox.
import { render } from "@react-email/components";
import { env } from "@/lib/env";
import { sendThroughOutbox } from "./outbox";
import { sendThroughResend } from "./resend";
import { MailError, type MailContent, type MailTransport } from "./types";

export { MailError, type MailContent } from "./types";

function transport(): MailTransport {
  const { resendApiKey, production, testMode } = env();
  if (resendApiKey) return sendThroughResend;
  // lib/env.ts already refuses production without a key; this guards against a future change there.
  if (production && !testMode) throw new MailError("No mail transport configured (RESEND_API_KEY).");
  return sendThroughOutbox;
}

export async function sendMail(content: MailContent): Promise<void> {
  const [html, text] = await Promise.all([render(content.body), render(content.body, { plainText: true })]);
  await transport()({ from: env().emailFrom, to: content.to, subject: content.subject, html, text });
}

/** The outbox (and /dev/mailbox) exists only outside production, or in a TEST_MODE build. */
export function outboxEnabled(): boolean {
  const { resendApiKey, production, testMode } = env();
  return !resendApiKey && (!production || testMode);
}
