// What a customer sees of their changes: the completion page, the history, the menu's waiting changes. No hash and no
// ciphertext is ever selected.
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { auditEvents, ipPhoneLines, passwordChanges, sipCredentials } from "@/db/schema";

/** What a customer may see of a change (no hash, no ciphertext): the completion page and the history. */
const customerChangeColumns = {
  id: passwordChanges.id,
  number: ipPhoneLines.number,
  serviceKind: passwordChanges.serviceKind,
  requestedAt: passwordChanges.requestedAt,
  reflectionAt: passwordChanges.reflectionAt,
  status: passwordChanges.status,
  appliedAt: passwordChanges.appliedAt,
  cancelledAt: passwordChanges.cancelledAt,
  switchMode: passwordChanges.switchMode,
  graceUntil: passwordChanges.graceUntil,
  graceEndedAt: graceEndedAt(),
};

/**
 * When a device's registration with the new password ended a routine change's grace before its planned end (the
 * registrar's sip_end_grace()), or null. Read from the credential the change wrote, while it is the line's.
 */
export function graceEndedAt() {
  return sql<Date | null>`(select ${sipCredentials.previousUntil} from ${sipCredentials}
    where ${sipCredentials.changeId} = ${passwordChanges.id} and ${sipCredentials.previousUntil} < ${passwordChanges.graceUntil})`.mapWith(
    (value: Date | string | null) => (value === null ? null : new Date(value)),
  );
}

/** The completion page's change, only for its owner. */
export async function findChangeForCustomer({ id, customerId }: { id: string; customerId: string }) {
  const db = await getDb();
  const [row] = await db
    .select(customerChangeColumns)
    .from(passwordChanges)
    .innerJoin(ipPhoneLines, eq(ipPhoneLines.id, passwordChanges.lineId))
    .where(and(eq(passwordChanges.id, id), eq(passwordChanges.customerId, customerId)));
  return row;
}

/** Whether the acceptance email for a change could not be sent (the completion page then does not say it was). */
export async function acceptanceMailFailed(changeId: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ id: auditEvents.id })
    .from(auditEvents)
    .where(and(eq(auditEvents.changeId, changeId), eq(auditEvents.type, "change.mail-failed")))
    .limit(1);
  return Boolean(row);
}

/** One page of a customer's changes, newest first (keyset on requested_at, id); optionally of one line only. */
export async function listChangesOfCustomer({
  customerId,
  lineId,
  before,
  limit,
}: {
  customerId: string;
  lineId?: string;
  before?: { at: Date; id: string };
  limit: number;
}) {
  const db = await getDb();
  return db
    .select(customerChangeColumns)
    .from(passwordChanges)
    .innerJoin(ipPhoneLines, eq(ipPhoneLines.id, passwordChanges.lineId))
    .where(
      and(
        eq(passwordChanges.customerId, customerId),
        lineId ? eq(passwordChanges.lineId, lineId) : undefined,
        before
          ? sql`(${passwordChanges.requestedAt}, ${passwordChanges.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(passwordChanges.requestedAt), desc(passwordChanges.id))
    .limit(limit);
}

/**
 * The customer's lines that have not ended, each with its status and its pending change if any (at most one per line):
 * what the menu and the change form show, in one round trip. An ended line stays in the history only.
 */
export async function linesWithPendingChange(customerId: string) {
  const db = await getDb();
  const rows = await db
    .select({
      id: ipPhoneLines.id,
      number: ipPhoneLines.number,
      serviceKind: ipPhoneLines.serviceKind,
      status: ipPhoneLines.status,
      suspensionReason: ipPhoneLines.suspensionReason,
      pendingId: passwordChanges.id,
      pendingServiceKind: passwordChanges.serviceKind,
      pendingReflectionAt: passwordChanges.reflectionAt,
      pendingSwitchMode: passwordChanges.switchMode,
      cutOffAt: sipCredentials.suspendedAt,
    })
    .from(ipPhoneLines)
    .leftJoin(passwordChanges, and(eq(passwordChanges.lineId, ipPhoneLines.id), eq(passwordChanges.status, "pending")))
    .leftJoin(sipCredentials, eq(sipCredentials.username, ipPhoneLines.number))
    .where(and(eq(ipPhoneLines.customerId, customerId), ne(ipPhoneLines.status, "terminated")))
    .orderBy(asc(ipPhoneLines.number));
  return rows.map(({ pendingId, pendingServiceKind, pendingReflectionAt, pendingSwitchMode, cutOffAt, ...line }) => ({
    ...line,
    /** An emergency change has cut the line off: no password works until a reflection. */
    cutOff: cutOffAt !== null,
    pending:
      pendingId && pendingServiceKind && pendingReflectionAt && pendingSwitchMode
        ? {
            id: pendingId,
            serviceKind: pendingServiceKind,
            reflectionAt: pendingReflectionAt,
            switchMode: pendingSwitchMode,
          }
        : null,
  }));
}
