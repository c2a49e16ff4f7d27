// Mail: the queue of mail waiting to go out, and the outbox the development and test transports write to.
import { sql } from "drizzle-orm";
import { bigserial, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { AuditType } from "../enums";
import { at, createdAt } from "./columns";
import { customers } from "./customers";
import { passwordChanges } from "./lines";
import { otpChallenges } from "./sign-in";

export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    from: text("from").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("outbox_emails_created_idx").on(table.createdAt)],
);

/**
 * Mail waiting to go out (lib/mail/queue.ts): written in the same transaction as what it tells of, sent after the
 * answer (and retried by the scheduled work), oldest first per recipient. The template's props are sealed (a code mail
 * holds the code) and wiped once the mail went or was given up.
 */
export const mailQueue = pgTable(
  "mail_queue",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    to: text("to").notNull(),
    template: text("template").notNull(),
    sealedProps: text("sealed_props"),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    changeId: uuid("change_id").references(() => passwordChanges.id, { onDelete: "set null" }),
    challengeId: uuid("challenge_id").references(() => otpChallenges.id, { onDelete: "set null" }),
    /** The audit event a failed attempt records, as the direct send did. */
    failureType: text("failure_type").$type<AuditType>(),
    attempts: integer("attempts").notNull().default(0),
    /** The last attempt that failed: the code page tells the customer while the mail has not gone out. */
    lastFailedAt: at("last_failed_at"),
    nextAttemptAt: at("next_attempt_at").notNull().defaultNow(),
    /** A mail that means nothing after this (a code past its expiry) is given up then. */
    expiresAt: at("expires_at"),
    sentAt: at("sent_at"),
    failedAt: at("failed_at"),
    createdAt: createdAt(),
  },
  (table) => [
    index("mail_queue_waiting_idx")
      .on(table.to, table.id)
      .where(sql`${table.sentAt} is null and ${table.failedAt} is null`),
    index("mail_queue_challenge_idx").on(table.challengeId),
  ],
);
