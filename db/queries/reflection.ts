// The reflection job's queries: claim due changes without blocking other workers, then settle each one.
import { and, asc, eq, inArray, lte, notInArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { customers, ipPhoneLines, passwordChanges } from "@/db/schema";
import { recordAudit } from "./audit";

/** Due pending changes, locked for this transaction; rows another worker holds are skipped, not waited for. */
export async function claimDueChanges(tx: Tx, now: Date, limit: number, skip: string[]) {
  return tx
    .select({
      id: passwordChanges.id,
      customerId: passwordChanges.customerId,
      secretCiphertext: passwordChanges.secretCiphertext,
      attempts: passwordChanges.attempts,
      number: ipPhoneLines.number,
    })
    .from(passwordChanges)
    .innerJoin(ipPhoneLines, eq(ipPhoneLines.id, passwordChanges.lineId))
    .where(
      and(
        eq(passwordChanges.status, "pending"),
        lte(passwordChanges.reflectionAt, now),
        skip.length > 0 ? notInArray(passwordChanges.id, skip) : undefined,
      ),
    )
    .orderBy(asc(passwordChanges.reflectionAt), asc(passwordChanges.id))
    .limit(limit)
    .for("update", { of: passwordChanges, skipLocked: true });
}

export async function markReflected(tx: Tx, ids: string[], now: Date): Promise<void> {
  if (ids.length === 0) return;
  // The secret is wiped in the same statement that records it as applied.
  await tx
    .update(passwordChanges)
    .set({ status: "reflected", appliedAt: now, secretCiphertext: null, failureReason: null })
    .where(and(inArray(passwordChanges.id, ids), eq(passwordChanges.status, "pending")));
  await recordAudit(
    ids.map((id) => ({ type: "change.reflected", changeId: id })),
    tx,
  );
}

/** A failed try: retried by a later run until `maxAttempts`, then failed. The secret is kept for a manual retry. */
export async function recordFailure(
  tx: Tx,
  { id, reason, giveUp }: { id: string; reason: string; giveUp: boolean },
): Promise<void> {
  await tx
    .update(passwordChanges)
    .set({
      attempts: sql`${passwordChanges.attempts} + 1`,
      failureReason: reason,
      ...(giveUp ? { status: "failed" as const } : {}),
    })
    .where(eq(passwordChanges.id, id));
  await recordAudit({ type: giveUp ? "change.failed" : "change.retry", changeId: id, detail: { reason } }, tx);
}

export async function contactsOf(customerIds: string[]) {
  if (customerIds.length === 0) return [];
  const db = await getDb();
  return db
    .select({ id: customers.id, email: customers.email, displayName: customers.displayName })
    .from(customers)
    .where(inArray(customers.id, customerIds));
}
