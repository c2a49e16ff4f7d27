// Mail waiting to go out (lib/mail/queue.ts): claimed oldest first per recipient, so a resent code never overtakes the
// code it replaces and a notice never overtakes what it follows.
import { desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Db, Tx } from "@/db/client";
import { mailQueue } from "@/db/schema";
import { rowsOf } from "@/db/together";

export type QueuedRow = Omit<typeof mailQueue.$inferInsert, "id" | "createdAt">;

/** The insert, not yet run: for `together` (db/together.ts) with the change it tells of. */
export const queueInsert = (db: Db | Tx, rows: QueuedRow[]) => db.insert(mailQueue).values(rows);

/** How long a claimed mail is left to its sender before another may try it (a sender that died mid-send). */
const CLAIM_LEASE = "2 minutes";

/**
 * Claims the next due mail: the oldest waiting one whose recipient has no older mail still waiting. A claim counts
 * as an attempt and moves its next try past a lease, so two senders never send the same mail at once.
 */
export async function claimNextMail(now: Date) {
  const db = await getDb();
  const at = now.toISOString();
  const [row] = rowsOf(
    await db.execute(sql`
    update ${mailQueue} set attempts = ${mailQueue.attempts} + 1,
      next_attempt_at = ${at}::timestamptz + interval '${sql.raw(CLAIM_LEASE)}'
    where ${mailQueue.id} = (
      select due.id from ${mailQueue} due
      where due.sent_at is null and due.failed_at is null and due.next_attempt_at <= ${at}::timestamptz
        and not exists (select 1 from ${mailQueue} older where older.to = due.to and older.id < due.id
          and older.sent_at is null and older.failed_at is null)
      order by due.id limit 1 for update skip locked)
    returning id, "to", template, sealed_props as "sealedProps", customer_id as "customerId",
      change_id as "changeId", challenge_id as "challengeId", failure_type as "failureType", attempts,
      expires_at as "expiresAt"`),
  );
  return row as
    | (Pick<
        typeof mailQueue.$inferSelect,
        | "id"
        | "to"
        | "template"
        | "sealedProps"
        | "customerId"
        | "changeId"
        | "challengeId"
        | "failureType"
        | "attempts"
      > & { expiresAt: Date | string | null })
    | undefined;
}

/** Sent: the props (a code, perhaps) are wiped. */
export async function markSent(id: number, now: Date): Promise<void> {
  const db = await getDb();
  await db.update(mailQueue).set({ sentAt: now, sealedProps: null }).where(eq(mailQueue.id, id));
}

/** A failed attempt: tried again at `retryAt`, or given up for good (props wiped) when there is none. */
export async function markAttemptFailed(id: number, { now, retryAt }: { now: Date; retryAt: Date | null }) {
  const db = await getDb();
  await db
    .update(mailQueue)
    .set(
      retryAt ? { nextAttemptAt: retryAt, lastFailedAt: now } : { lastFailedAt: now, failedAt: now, sealedProps: null },
    )
    .where(eq(mailQueue.id, id));
}

/** Whether the newest code mail of a challenge has failed at least once and not gone out since. */
export async function codeMailFailing(challengeId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ sentAt: mailQueue.sentAt, lastFailedAt: mailQueue.lastFailedAt })
    .from(mailQueue)
    .where(eq(mailQueue.challengeId, challengeId))
    .orderBy(desc(mailQueue.id))
    .limit(1);
  return Boolean(row && !row.sentAt && row.lastFailedAt);
}

/** Mail that went out or was given up before `before`: its row (props already wiped) is no longer needed. */
export async function forgetSettledMail(before: Date): Promise<number> {
  const db = await getDb();
  const rows = await db
    .delete(mailQueue)
    .where(sql`coalesce(${mailQueue.sentAt}, ${mailQueue.failedAt}) < ${before.toISOString()}::timestamptz`)
    .returning({ id: mailQueue.id });
  return rows.length;
}
