// Sending email, by mode: Resend in production; in a preview only to reserved example addresses, captured for
// /dev/mailbox (anything else is suppressed); in development and tests Resend when a key is set, else the outbox.
import { render, toPlainText } from "@react-email/render";
import { recordAudit, type AuditEvent } from "@/db/queries/audit";
import { env, type Mode } from "@/lib/env";
import { log } from "@/lib/server/log";
import { sendThroughOutbox } from "./outbox";
import { isReservedExampleAddress } from "./reserved-domains";
import { sendThroughResend } from "./resend";
import { MailError, type MailContent, type MailMessage, type MailTransport } from "./types";

export type { MailContent } from "./types";

/** A preview never mails a real person: the demo accounts' example addresses are kept for reviewers to read. */
const previewTransport: MailTransport = async (message: MailMessage) => {
  if (isReservedExampleAddress(message.to)) return sendThroughOutbox(message);
  // Only the fact, never the address's owner's content: subject and the recipient's domain.
  log.warn(
    { event: "mail.suppressed", domain: message.to.slice(message.to.lastIndexOf("@") + 1), subject: message.subject },
    "a preview deployment does not send mail outside the reserved example domains",
  );
};

function transport({ mode, resendApiKey }: { mode: Mode; resendApiKey: string | undefined }): MailTransport {
  if (mode === "preview") return previewTransport;
  if (resendApiKey) return sendThroughResend;
  // lib/env.ts refuses production without a key; this guards against a future change there.
  if (mode === "production") throw new MailError("No mail transport configured (RESEND_API_KEY).");
  return sendThroughOutbox;
}

/** The message as it is sent: rendered once, its text version derived from that HTML (as render's plainText does). */
export async function renderMail(content: MailContent): Promise<{ html: string; text: string }> {
  const html = await render(content.body);
  return { html, text: toPlainText(html) };
}

/** Renders and sends; a transport failure throws MailError. */
export async function sendMail(content: MailContent): Promise<void> {
  const { html, text } = await renderMail(content);
  await transport(env())({ from: env().emailFrom, to: content.to, subject: content.subject, html, text });
}

/**
 * Sends, and answers whether the message went. Nothing the portal does waits on its email (a change stands, a lock
 * holds, a reminder is claimed), so a transport failure is not thrown: it is recorded in the audit trail as
 * `failure`, when given, and the caller carries on. Any other error still throws.
 */
export async function sendMailOrRecord(content: MailContent, failure?: AuditEvent): Promise<boolean> {
  try {
    await sendMail(content);
    return true;
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    if (failure) await recordAudit(failure);
    return false;
  }
}

/** Whether /dev/mailbox exists: never in production; in a preview it shows the captured example-domain mail. */
export function outboxEnabled(): boolean {
  const { mode, resendApiKey } = env();
  if (mode === "production") return false;
  return mode === "preview" || !resendApiKey;
}
