// The reflection job's queries: claim due changes without blocking other workers, then settle each one.
import { and, asc, eq, gt, inArray, isNotNull, lt, lte, notInArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { customers, ipPhoneLines, passwordChanges } from "@/db/schema";
import { recordAudit } from "./audit";

/** Due pending changes, locked for this transaction; rows another worker holds are skipped, not waited for. */
export async function claimDueChanges({ tx, now, limit, skip }: { tx: Tx; now: Date; limit: number; skip: string[] }) {
  return tx
    .select({
      id: passwordChanges.id,
      customerId: passwordChanges.customerId,
      secretCiphertext: passwordChanges.secretCiphertext,
      attempts: passwordChanges.attempts,
      reflectionAt: passwordChanges.reflectionAt,
      switchMode: passwordChanges.switchMode,
      graceUntil: passwordChanges.graceUntil,
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

/**
 * Records changes as applied. A routine change applied late (an admin's retry of a failed one) keeps its full grace
 * from the application: `graceUntil` is what the registrar was given.
 */
export async function markReflected(
  tx: Tx,
  { ids, extended }: { ids: string[]; extended: { id: string; graceUntil: Date }[] },
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  // The secret is wiped in the same statement that records it as applied.
  await tx
    .update(passwordChanges)
    .set({ status: "reflected", appliedAt: now, secretCiphertext: null, failureReason: null })
    .where(and(inArray(passwordChanges.id, ids), eq(passwordChanges.status, "pending")));
  // Rare (a late application): one statement each.
  for (const change of extended) {
    await tx.update(passwordChanges).set({ graceUntil: change.graceUntil }).where(eq(passwordChanges.id, change.id));
  }
  await recordAudit(
    ids.map((id) => ({ type: "change.reflected", changeId: id })),
    tx,
  );
}

/**
 * A failed try: retried by a later run until `maxAttempts` tries that count, then failed. A failed change keeps its
 * secret for an admin's retry until the retention period ends (wipeExpiredSecrets).
 */
export async function recordFailure(
  tx: Tx,
  { id, reason, giveUp, countsAsAttempt }: { id: string; reason: string; giveUp: boolean; countsAsAttempt: boolean },
): Promise<void> {
  await tx
    .update(passwordChanges)
    .set({
      ...(countsAsAttempt ? { attempts: sql`${passwordChanges.attempts} + 1` } : {}),
      failureReason: reason,
      ...(giveUp ? { status: "failed" as const } : {}),
    })
    .where(eq(passwordChanges.id, id));
  const detail = { reason, transient: !countsAsAttempt };
  await recordAudit({ type: giveUp ? "change.failed" : "change.retry", changeId: id, detail }, tx);
}

/**
 * An admin's retry of a failed change: back to pending (due at once, its reflection time having passed) with fresh
 * attempts, only while its secret is kept and no later change of the line exists, which the retry would overwrite.
 */
export async function reopenFailedChange(
  id: string,
  audit: { customerId: string; ip: string; userAgent: string | null },
): Promise<"reopened" | "not-failed" | "secret-wiped" | "superseded"> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [change] = await tx
      .select({
        status: passwordChanges.status,
        lineId: passwordChanges.lineId,
        requestedAt: passwordChanges.requestedAt,
        secretCiphertext: passwordChanges.secretCiphertext,
      })
      .from(passwordChanges)
      .where(eq(passwordChanges.id, id))
      .for("update");
    if (!change || change.status !== "failed") return "not-failed";
    if (!change.secretCiphertext) return "secret-wiped";
    const [later] = await tx
      .select({ id: passwordChanges.id })
      .from(passwordChanges)
      .where(and(eq(passwordChanges.lineId, change.lineId), gt(passwordChanges.requestedAt, change.requestedAt)))
      .limit(1);
    if (later) return "superseded";
    await tx
      .update(passwordChanges)
      .set({ status: "pending", attempts: 0, failureReason: null })
      .where(eq(passwordChanges.id, id));
    await recordAudit({ ...audit, type: "admin.retry", changeId: id }, tx);
    return "reopened";
  });
}

/** Failed changes due before `before` lose their sealed secret: nobody can retry them any more. */
export async function wipeExpiredSecrets(before: Date): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(passwordChanges)
    .set({ secretCiphertext: null })
    .where(
      and(
        eq(passwordChanges.status, "failed"),
        isNotNull(passwordChanges.secretCiphertext),
        lt(passwordChanges.reflectionAt, before),
      ),
    )
    .returning({ id: passwordChanges.id });
  if (rows.length > 0)
    await recordAudit(rows.map((row) => ({ type: "change.secret-wiped" as const, changeId: row.id })));
  return rows.length;
}

export async function contactsOf(customerIds: string[]) {
  if (customerIds.length === 0) return [];
  const db = await getDb();
  return db
    .select({ id: customers.id, email: customers.email, displayName: customers.displayName })
    .from(customers)
    .where(inArray(customers.id, customerIds));
}
