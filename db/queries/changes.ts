// Making and taking back a password change: the line, the one-transaction change, the cancel.
import { and, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import type { ChangeStatus, SwitchMode } from "@/db/enums";
import { databaseErrorIn } from "@/db/errors";
import { customers, ipPhoneLines, passwordChanges } from "@/db/schema";
import { recordAudit, type AuditEvent } from "./audit";

/**
 * What a change request needs to read, in one round trip: the line of that number (if any), the change this same
 * form already made (a resent form), and the customer's contact for the acceptance email.
 */
export async function readChangeRequest({
  customerId,
  number,
  idempotencyKey,
}: {
  customerId: string;
  number: string;
  idempotencyKey: string;
}) {
  const db = await getDb();
  const [row] = await db
    .select({
      existingId: sql<string | null>`(select ${passwordChanges.id} from ${passwordChanges}
        where ${passwordChanges.customerId} = ${customers.id} and ${passwordChanges.idempotencyKey} = ${idempotencyKey})`,
      email: customers.email,
      name: customers.displayName,
      line: {
        id: ipPhoneLines.id,
        number: ipPhoneLines.number,
        customerId: ipPhoneLines.customerId,
        serviceKind: ipPhoneLines.serviceKind,
        sipPasswordHash: ipPhoneLines.sipPasswordHash,
      },
    })
    .from(customers)
    .leftJoin(ipPhoneLines, eq(ipPhoneLines.number, number))
    .where(eq(customers.id, customerId));
  return row;
}

async function findChangeByRequestToken({
  customerId,
  idempotencyKey,
}: {
  customerId: string;
  idempotencyKey: string;
}) {
  const db = await getDb();
  const [change] = await db
    .select({ id: passwordChanges.id })
    .from(passwordChanges)
    .where(and(eq(passwordChanges.customerId, customerId), eq(passwordChanges.idempotencyKey, idempotencyKey)));
  return change;
}

type NewChange = typeof passwordChanges.$inferInsert & { id: string };
type ChangeOutcome =
  | { kind: "created"; id: string; switchMode: SwitchMode; graceUntil: Date | null }
  | { kind: "duplicate"; id: string }
  | { kind: "stale" };
/** The line in the call-control system, inside the change's own transaction. */
type LineRegistrar = {
  /** Cuts the line off; returns how many registrations were removed. */
  cutOff(tx: Tx): Promise<number>;
  /**
   * Lets the registrar recognise the new password (never accept it) until the reflection; answers whether an earlier
   * emergency change has cut the line off (and nothing has been reflected since).
   */
  stagePending(tx: Tx): Promise<{ cutOff: boolean }>;
};

/**
 * One transaction: supersede the line's pending change, insert the new one, and move the line's
 * verification hash, but only if it is still the hash the current password was checked against. The new change
 * remembers the password the call-control system still has, for a cancel: the superseded change's memory if one
 * was waiting (it never reached the system), else the password verified now.
 *
 * A change made while the line is cut off (an emergency change pending, or failed) is an emergency change too: no
 * password of the line works until its reflection either, and the one it was cut off from is presumed leaked. An
 * emergency change cuts the line off in the same transaction.
 */
export async function createChange(
  change: NewChange,
  line: { id: string; verifiedHash: string; newHash: string },
  audit: Omit<AuditEvent, "changeId" | "type">,
  registrar: LineRegistrar,
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
    if (moved.length === 0) return null;
    const superseded = await tx
      .update(passwordChanges)
      .set({ status: "superseded", secretCiphertext: null })
      .where(and(eq(passwordChanges.lineId, line.id), eq(passwordChanges.status, "pending")))
      .returning({
        id: passwordChanges.id,
        previous: passwordChanges.previousSipPasswordHash,
      });
    const { cutOff } = await registrar.stagePending(tx);
    const emergency = change.switchMode === "emergency" || cutOff;
    const mode = { switchMode: emergency ? ("emergency" as const) : ("routine" as const) };
    const graceUntil = emergency ? null : (change.graceUntil ?? null);
    await tx.insert(passwordChanges).values({
      ...change,
      ...mode,
      graceUntil,
      previousSipPasswordHash: superseded[0]?.previous ?? line.verifiedHash,
    });
    const cutOffEvents: AuditEvent[] = emergency
      ? [
          {
            ...audit,
            changeId: change.id,
            type: "change.cut-off",
            detail: { registrationsRemoved: await registrar.cutOff(tx) },
          },
        ]
      : [];
    await recordAudit(
      [
        ...superseded.map((row): AuditEvent => ({
          ...audit,
          changeId: row.id,
          type: "change.superseded",
          detail: { by: change.id },
        })),
        { ...audit, changeId: change.id, type: "change.requested", detail: { switchMode: mode.switchMode } },
        ...cutOffEvents,
      ],
      tx,
    );
    return { ...mode, graceUntil };
  });
  if (created) return { kind: "created", id: change.id, ...created };
  // Is it this same form sent twice, whose first copy won?
  const existing = await findChangeByRequestToken({
    customerId: change.customerId,
    idempotencyKey: change.idempotencyKey,
  });
  return existing ? { kind: "duplicate", id: existing.id } : { kind: "stale" };
}

export type CancelOutcome =
  | { kind: "cancelled"; number: string; reflectionAt: Date }
  | { kind: "missing" | "claimed" | "not-restorable" | "emergency" }
  | { kind: "not-pending"; status: ChangeStatus };

/** How long a cancel waits for a change another transaction holds: a concurrent cancel takes milliseconds. */
const CANCEL_LOCK_TIMEOUT = "2s";

/**
 * A customer's cancel of their pending change, in one transaction: the change is locked (waiting briefly for a
 * concurrent cancel, which then wins; a change the reflection job is still applying after that is too late),
 * marked cancelled with its secret wiped, and the line's current password set back to the one the call-control
 * system still has.
 */
export async function cancelChange(
  { id, customerId, now }: { id: string; customerId: string; now: Date },
  audit: Omit<AuditEvent, "changeId" | "type" | "customerId">,
  /** The registrar forgets the cancelled change's password, in the same transaction. */
  unstage: (tx: Tx, number: string) => Promise<void>,
): Promise<CancelOutcome> {
  const db = await getDb();
  try {
    return await db.transaction(async (tx: Tx) => {
      const outcome = await cancelLocked(tx, { id, customerId, now }, audit);
      if (outcome.kind === "cancelled") await unstage(tx, outcome.number);
      return outcome;
    });
  } catch (error) {
    // lock_not_available: the job holds the change while it applies it.
    if (databaseErrorIn(error)?.code === "55P03") return { kind: "claimed" };
    throw error;
  }
}

async function cancelLocked(
  tx: Tx,
  { id, customerId, now }: { id: string; customerId: string; now: Date },
  audit: Omit<AuditEvent, "changeId" | "type" | "customerId">,
): Promise<CancelOutcome> {
  await tx.execute(sql.raw(`set local lock_timeout = '${CANCEL_LOCK_TIMEOUT}'`));
  const [locked] = await tx
    .select({
      status: passwordChanges.status,
      lineId: passwordChanges.lineId,
      previous: passwordChanges.previousSipPasswordHash,
      reflectionAt: passwordChanges.reflectionAt,
      switchMode: passwordChanges.switchMode,
    })
    .from(passwordChanges)
    .where(and(eq(passwordChanges.id, id), eq(passwordChanges.customerId, customerId)))
    .for("update");
  if (!locked) return { kind: "missing" };
  if (locked.status !== "pending") return { kind: "not-pending", status: locked.status };
  // The old password is presumed leaked: taking the change back would hand the line back to whoever has it.
  if (locked.switchMode === "emergency") return { kind: "emergency" };
  if (!locked.previous) return { kind: "not-restorable" };
  const [line] = await tx
    .update(ipPhoneLines)
    .set({ sipPasswordHash: locked.previous })
    .where(eq(ipPhoneLines.id, locked.lineId))
    .returning({ number: ipPhoneLines.number });
  await tx
    .update(passwordChanges)
    .set({ status: "cancelled", secretCiphertext: null, cancelledAt: now })
    .where(eq(passwordChanges.id, id));
  await recordAudit({ ...audit, customerId, changeId: id, type: "change.cancelled" }, tx);
  return { kind: "cancelled", number: line!.number, reflectionAt: locked.reflectionAt };
}
