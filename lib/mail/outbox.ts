// The development transport: keeps the message in outbox_emails for /dev/mailbox and logs a one-line notice.
import { insertOutboxEmail } from "@/db/queries/outbox";
import { log } from "@/lib/server/log";
import type { MailMessage } from "./types";

export async function sendThroughOutbox(message: MailMessage): Promise<void> {
  const id = await insertOutboxEmail(message);
  // The subject only: bodies hold one-time codes, which never go to a log.
  log.info(
    { event: "mail.outbox", id, to: message.to, subject: message.subject },
    "mail kept in the outbox (see /dev/mailbox)",
  );
}
