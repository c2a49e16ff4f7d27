// The Resend transport. The SDK answers { data, error } instead of throwing, so both paths end in MailError.
import { Resend } from "resend";
import { env } from "@/lib/env";
import { MailError, type MailMessage } from "./types";

let client: Resend | undefined;

export async function sendThroughResend(message: MailMessage): Promise<void> {
  const { resendApiKey, resendBaseUrl } = env();
  client ??= new Resend(resendApiKey, resendBaseUrl ? { baseUrl: resendBaseUrl } : undefined);
  let result: Awaited<ReturnType<Resend["emails"]["send"]>>;
  try {
    result = await client.emails.send(message);
  } catch (cause) {
    throw new MailError("Resend request failed", { cause });
  }
  if (result.error) throw new MailError(`Resend refused the message: ${result.error.name}`);
}
