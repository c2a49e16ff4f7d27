// Making and taking back a password change: the line, the one-transaction change, the cancel.
import { type SQL, type SQLWrapper, and, desc, eq, ne, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import type { ChangeStatus, SwitchMode } from "@/db/enums";
import { databaseErrorIn } from "@/db/errors";
import { customers, ipPhoneLines, passwordChanges } from "@/db/schema";
import { rowsOf, together } from "@/db/together";
import { auditInsert, recordAudit, type AuditEvent } from "./audit";

/**
 * A change request's one statement before its argon2 work: whether the session is still the account's (its version,
 * as every action checks it), the line of that number (if any), the change this same form already made (a resent
 * form), the customer's contact for the acceptance email, and, only for a live session and a new form, the limits
 * taken (`take.owned` when the number is the customer's own line, `take.other` otherwise). The line of a number is
 * its live one (at most one is not terminated); failing that, the customer's own terminated line of that number, so
 * the customer hears that it ended rather than that it is not theirs. An account still on a generated password takes
 * nothing either (lib/auth/guards.ts sends it to the password page).
 */
export async function readChangeRequest({
  customerId,
  sessionVersion,
  number,
  idempotencyKey,
  take,
}: {
  customerId: string;
  sessionVersion: number;
  number: string;
  idempotencyKey: string;
  take: { owned: SQL<unknown>; other: SQL<unknown> };
}) {
  const db = await getDb();
  const existing = sql`(select ${passwordChanges.id} from ${passwordChanges}
    where ${passwordChanges.customerId} = ${customers.id} and ${passwordChanges.idempotencyKey} = ${idempotencyKey})`;
  const live = sql`${customers.sessionVersion} = ${sessionVersion} and ${customers.role} = 'customer'`;
  const [row] = await db
    .select({
      live: sql<boolean>`${live}`,
      mustChangePassword: customers.mustChangePassword,
      existingId: sql<string | null>`${existing}`,
      taken: sql<unknown>`case when ${live} and not ${customers.mustChangePassword} and ${existing} is null then
        case when ${ipPhoneLines.customerId} = ${customers.id} then ${take.owned} else ${take.other} end end`,
      email: customers.email,
      name: customers.displayName,
      line: {
        id: ipPhoneLines.id,
        number: ipPhoneLines.number,
        customerId: ipPhoneLines.customerId,
        serviceKind: ipPhoneLines.serviceKind,
        sipPasswordHash: ipPhoneLines.sipPasswordHash,
        status: ipPhoneLines.status,
        suspensionReason: ipPhoneLines.suspensionReason,
      },
    })
    .from(customers)
    .leftJoin(
      ipPhoneLines,
      and(
        eq(ipPhoneLines.number, number),
        or(ne(ipPhoneLines.status, "terminated"), eq(ipPhoneLines.customerId, customers.id)),
      ),
    )
    .where(eq(customers.id, customerId))
    .orderBy(sql`${ipPhoneLines.status} = 'terminated'`, desc(ipPhoneLines.createdAt))
    .limit(1);
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
 *
 * Three statements for a routine change: the hash moved with the pending change superseded, the registrar told, and
 * the change written with its audit rows and the caller's `alsoWrite` (its mail, a limit given back).
 */
export async function createChange(
  change: NewChange,
  line: { id: string; verifiedHash: string; newHash: string },
  audit: Omit<AuditEvent, "changeId" | "type">,
  registrar: LineRegistrar,
  alsoWrite: (tx: Tx, created: { switchMode: SwitchMode; graceUntil: Date | null }) => SQLWrapper[],
): Promise<ChangeOutcome> {
  const db = await getDb();
  const created = await db.transaction(async (tx: Tx) => {
    // Nothing written unless the line still has the hash the current password was checked against: otherwise a
    // concurrent request already changed the password. Returning (not throwing) keeps this independent of
    // drizzle's error classes, which Next.js may load twice (once per bundle layer).
    const { moved, superseded } = await moveLineHash(tx, line);
    if (!moved) return null;
    const { cutOff } = await registrar.stagePending(tx);
    const emergency = change.switchMode === "emergency" || cutOff;
    const mode = { switchMode: emergency ? ("emergency" as const) : ("routine" as const) };
    const graceUntil = emergency ? null : (change.graceUntil ?? null);
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
    await together(tx, [
      tx.insert(passwordChanges).values({
        ...change,
        ...mode,
        graceUntil,
        previousSipPasswordHash: superseded[0]?.previous ?? line.verifiedHash,
      }),
      auditInsert(tx, [
        ...superseded.map((row): AuditEvent => ({
          ...audit,
          changeId: row.id,
          type: "change.superseded",
          detail: { by: change.id },
        })),
        { ...audit, changeId: change.id, type: "change.requested", detail: { switchMode: mode.switchMode } },
        ...cutOffEvents,
      ]),
      ...alsoWrite(tx, { ...mode, graceUntil }),
    ]);
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

/**
 * The line's hash moved to the new one, and its pending change (if any) superseded, in one statement: the second
 * waits on the line's row, so of two changes at once the one that finds the hash moved supersedes nothing. A letter
 * not yet printed for the line (one added after its customer's letter) no longer prints its SIP password: the
 * customer knew it, and it is about to stop working.
 */
async function moveLineHash(tx: Tx, line: { id: string; verifiedHash: string; newHash: string }) {
  const [row] = rowsOf<{ moved: boolean; superseded: { id: string; previous: string | null }[] }>(
    await tx.execute(sql`
      with moved as (
        update ${ipPhoneLines} set sip_password_hash = ${line.newHash}, initial_sip_password_sealed = null
        where ${ipPhoneLines.id} = ${line.id} and ${ipPhoneLines.sipPasswordHash} = ${line.verifiedHash}
          and ${ipPhoneLines.status} = 'active'
        returning ${ipPhoneLines.id}),
      superseded as (
        update ${passwordChanges} set status = 'superseded', secret_ciphertext = null
        where ${passwordChanges.lineId} = ${line.id} and ${passwordChanges.status} = 'pending'
          and exists (select 1 from moved)
        returning ${passwordChanges.id}, ${passwordChanges.previousSipPasswordHash} as previous)
      select exists (select 1 from moved) as moved,
        (select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object('id', id, 'previous', previous)), '[]'::jsonb)
          from superseded) as superseded`),
  );
  return row!;
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
