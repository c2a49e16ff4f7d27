// Reading the audit trail back: the operators' own trail (who did what, to whom), newest first, a page at a time.
import { type SQL, and, desc, eq, isNotNull, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import type { AuditType } from "@/db/enums";
import { auditEvents, customers } from "@/db/schema";

/**
 * Events an operator did (audit_events.operator_id, its partial index), newest first, before `before` when given:
 * with the operator's ID and the ID of the account it concerned.
 */
export async function listOperatorEvents({
  operatorId,
  type,
  before,
  limit,
}: {
  operatorId?: string;
  type?: AuditType;
  before?: { at: Date; id: number };
  limit: number;
}) {
  const db = await getDb();
  const operator = alias(customers, "operator");
  const subject = alias(customers, "subject");
  const conditions: SQL[] = [isNotNull(auditEvents.operatorId)];
  if (operatorId) conditions.push(eq(auditEvents.operatorId, operatorId));
  if (type) conditions.push(eq(auditEvents.type, type));
  if (before) {
    conditions.push(
      sql`(${auditEvents.at}, ${auditEvents.id}) < (${before.at.toISOString()}::timestamptz, ${before.id}::bigint)`,
    );
  }
  return db
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      type: auditEvents.type,
      detail: auditEvents.detail,
      ip: auditEvents.ip,
      operatorSelfCareId: operator.selfCareId,
      subjectSelfCareId: subject.selfCareId,
    })
    .from(auditEvents)
    .leftJoin(operator, eq(operator.id, auditEvents.operatorId))
    .leftJoin(subject, eq(subject.id, auditEvents.customerId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.at), desc(auditEvents.id))
    .limit(limit);
}

/** The kinds of event the operators' trail holds, for its filter. */
export async function operatorEventTypes(): Promise<AuditType[]> {
  const db = await getDb();
  const rows = await db
    .selectDistinct({ type: auditEvents.type })
    .from(auditEvents)
    .where(isNotNull(auditEvents.operatorId))
    .orderBy(auditEvents.type);
  return rows.map((row) => row.type);
}
