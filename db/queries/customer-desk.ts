// The customer's page of the support desk (/admin/customers/[id]): the contract, the sign-ins, the audit trail by
// kind in keyset pages, and the operators' writes on it (an unlock, a new email) with their audit rows and mail.
import { and, desc, eq, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import type { AuditType } from "@/db/enums";
import { auditEvents, customers, ipPhoneLines } from "@/db/schema";
import { auditInsert, type AuditEvent } from "./audit";
import { internationalColumns } from "./international";
import { deleteHits } from "./rate-limits";
import { together } from "../together";

/** A customer (never an operator) with every line they have had. */
export async function findDeskCustomer(id: string) {
  const db = await getDb();
  const [customer] = await db
    .select({
      id: customers.id,
      selfCareId: customers.selfCareId,
      externalId: customers.externalId,
      displayName: customers.displayName,
      email: customers.email,
      createdAt: customers.createdAt,
      mustChangePassword: customers.mustChangePassword,
      letterIssuedAt: customers.letterIssuedAt,
      letterPrintedAt: customers.letterPrintedAt,
    })
    .from(customers)
    .where(and(eq(customers.id, id), eq(customers.role, "customer")));
  if (!customer) return undefined;
  const lines = await db
    .select({
      number: ipPhoneLines.number,
      serviceKind: ipPhoneLines.serviceKind,
      status: ipPhoneLines.status,
      suspensionReason: ipPhoneLines.suspensionReason,
      statusChangedAt: ipPhoneLines.statusChangedAt,
      terminatedAt: ipPhoneLines.terminatedAt,
      ...internationalColumns,
    })
    .from(ipPhoneLines)
    .where(eq(ipPhoneLines.customerId, id))
    .orderBy(ipPhoneLines.number, ipPhoneLines.createdAt);
  return { ...customer, lines };
}

/** The customer's newest events of `types`, newest first (the sign-ins, the last lockout). */
export async function latestEventsOf(customerId: string, types: readonly AuditType[], limit: number) {
  const db = await getDb();
  return db
    .select({ at: auditEvents.at, type: auditEvents.type, ip: auditEvents.ip, userAgent: auditEvents.userAgent })
    .from(auditEvents)
    .where(and(eq(auditEvents.customerId, customerId), inArray(auditEvents.type, [...types])))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}

export type TrailCursor = { at: Date; id: number };

/**
 * One page of the customer's trail, newest first, from `before` on (a row comparison, so audit_events_customer_idx
 * starts right there; never OFFSET), only `types` when given.
 */
export async function customerTrail({
  customerId,
  types,
  before,
  limit,
}: {
  customerId: string;
  types: readonly AuditType[] | undefined;
  before: TrailCursor | undefined;
  limit: number;
}) {
  const db = await getDb();
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      type: auditEvents.type,
      ip: auditEvents.ip,
      changeId: auditEvents.changeId,
      operatorName: customers.displayName,
      detail: auditEvents.detail,
    })
    .from(auditEvents)
    .leftJoin(customers, eq(customers.id, auditEvents.operatorId))
    .where(
      and(
        eq(auditEvents.customerId, customerId),
        types ? inArray(auditEvents.type, [...types]) : undefined,
        before
          ? sql`(${auditEvents.at}, ${auditEvents.id}) < (${before.at.toISOString()}::timestamptz, ${before.id})`
          : undefined,
      ),
    )
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}

/** The rate-limit windows emptied and the unlock audited, in one statement. */
export async function clearLockWindows(keys: string[], event: AuditEvent): Promise<void> {
  const db = await getDb();
  await together(db, [...keys.map((key) => deleteHits(db, key)), auditInsert(db, [event])]);
}

/**
 * The registered email replaced, with `alongside` (the two mails, the audit row) in the same transaction: answers
 * the old address, or undefined when the customer is gone or already has this address.
 */
export async function replaceEmail({
  customerId,
  email,
  alongside,
}: {
  customerId: string;
  email: string;
  alongside: (tx: Tx, old: string) => SQLWrapper[];
}): Promise<string | undefined> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // The row locked first, so two changes at once tell each address once.
    const [current] = await tx
      .select({ email: customers.email })
      .from(customers)
      .where(and(eq(customers.id, customerId), eq(customers.role, "customer")))
      .for("update");
    if (!current || current.email === email) return undefined;
    const update: SQL = sql`update ${customers} set email = ${email}, updated_at = pg_catalog.now() where id = ${customerId}`;
    await together(tx, [update, ...alongside(tx, current.email)]);
    return current.email;
  });
}
