// Password changes as the customer side needs them: the line, the one-transaction change, the completion view.
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { ipPhoneLines, passwordChanges } from "@/db/schema";
import { recordAudit, type AuditEvent } from "./audit";

export async function findLineByNumber(number: string) {
  const db = await getDb();
  const [line] = await db.select().from(ipPhoneLines).where(eq(ipPhoneLines.number, number));
  return line;
}

export async function findChangeByRequestToken(customerId: string, idempotencyKey: string) {
  const db = await getDb();
  const [change] = await db
    .select({ id: passwordChanges.id })
    .from(passwordChanges)
    .where(and(eq(passwordChanges.customerId, customerId), eq(passwordChanges.idempotencyKey, idempotencyKey)));
  return change;
}

type NewChange = typeof passwordChanges.$inferInsert & { id: string };
type ChangeOutcome = { kind: "created"; id: string } | { kind: "duplicate"; id: string } | { kind: "stale" };

/**
 * One transaction: supersede the line's pending change, insert the new one, and move the line's
 * verification hash, but only if it is still the hash the current password was checked against.
 */
export async function createChange(
  change: NewChange,
  line: { id: string; verifiedHash: string; newHash: string },
  audit: Omit<AuditEvent, "changeId" | "type">,
): Promise<ChangeOutcome> {
  const db = await getDb();
  const created = await db.transaction(async (tx: Tx) => {
    const moved = await tx
      .update(ipPhoneLines)
      .set({ sipPasswordHash: line.newHash })
      .where(and(eq(ipPhoneLines.id, line.id), eq(ipPhoneLines.sipPasswordHash, line.verifiedHash)))
      .returning({ id: ipPhoneLines.id });
    // Nothing written yet: a concurrent request already changed the password. Returning (not throwing) keeps this
    // independent of drizzle's error classes, which Next.js may load twice (once per bundle layer).
    if (moved.length === 0) return false;
    const superseded = await tx
      .update(passwordChanges)
      .set({ status: "superseded", secretCiphertext: null })
      .where(and(eq(passwordChanges.lineId, line.id), eq(passwordChanges.status, "pending")))
      .returning({ id: passwordChanges.id });
    await tx.insert(passwordChanges).values(change);
    await recordAudit(
      [
        ...superseded.map((row): AuditEvent => ({
          ...audit,
          changeId: row.id,
          type: "change.superseded",
          detail: { by: change.id },
        })),
        { ...audit, changeId: change.id, type: "change.requested" },
      ],
      tx,
    );
    return true;
  });
  if (created) return { kind: "created", id: change.id };
  // Is it this same form sent twice, whose first copy won?
  const existing = await findChangeByRequestToken(change.customerId, change.idempotencyKey);
  return existing ? { kind: "duplicate", id: existing.id } : { kind: "stale" };
}

/** The completion page's change, only for its owner. */
export async function findChangeForCustomer(id: string, customerId: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      id: passwordChanges.id,
      serviceKind: passwordChanges.serviceKind,
      requestedAt: passwordChanges.requestedAt,
      reflectionAt: passwordChanges.reflectionAt,
      status: passwordChanges.status,
      appliedAt: passwordChanges.appliedAt,
      number: ipPhoneLines.number,
    })
    .from(passwordChanges)
    .innerJoin(ipPhoneLines, eq(ipPhoneLines.id, passwordChanges.lineId))
    .where(and(eq(passwordChanges.id, id), eq(passwordChanges.customerId, customerId)));
  return row;
}
