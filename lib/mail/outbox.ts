// The development transport: keeps the message in outbox_emails for /dev/mailbox and logs a one-line notice.
import { insertOutboxEmail } from "@/db/queries/outbox";
import type { MailMessage } from "./types";

export async function sendThroughOutbox(message: MailMessage): Promise<void> {
  const id = await insertOutboxEmail(message);
  // The subject only: bodies hold one-time codes, which never go to a log.
  console.info(`[mail] outbox ${id}: "${message.subject}" to ${message.to} (see /dev/mailbox)`);
}
