// The admin view of password changes: keyset pages over (reflection_at, id), summaries, one change's trail.
import { and, asc, desc, eq, gte, inArray, lt, ne, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { graceEndedAt } from "./customer-changes";
import { auditEvents, customers, ipPhoneLines, passkeys, passwordChanges, sipAuthFailures } from "@/db/schema";
import { openChangeStatuses, type ChangeStatus, type ServiceKind } from "@/db/enums";
import { guessFlooded } from "./line-activity";
import { awaitsRegistration } from "./registrations";
import { countRows } from "./count";

export type ChangeFilter = {
  status?: ChangeStatus;
  service?: ServiceKind;
  /** Reflection time from (inclusive) and until (exclusive). */
  from?: Date;
  until?: Date;
  number?: string;
  selfCareId?: string;
  /** Reflected, and no device has registered with the new password yet (the registrar's `location`). */
  awaitingRegistration?: boolean;
  /** The line had strangers' failed authentications (`wrong`) at the registrar in the last 24 hours. */
  attacked?: boolean;
  /** The line's wrong passwords in the window, from every address, reach the threshold (lib/registrar/guess-alert.ts). */
  guessFlood?: { threshold: number; windowMs: number };
};
export type Cursor = { reflectionAt: Date; id: string };

// Only what an admin may see: no hash, no ciphertext.
const listColumns = {
  id: passwordChanges.id,
  number: ipPhoneLines.number,
  selfCareId: customers.selfCareId,
  customerName: customers.displayName,
  serviceKind: passwordChanges.serviceKind,
  requestedAt: passwordChanges.requestedAt,
  reflectionAt: passwordChanges.reflectionAt,
  status: passwordChanges.status,
  appliedAt: passwordChanges.appliedAt,
  attempts: passwordChanges.attempts,
  failureReason: passwordChanges.failureReason,
  switchMode: passwordChanges.switchMode,
};

/** The registrar's records are in the database's time (it writes them with now()), so the window is too. */
const underAttack = sql`exists (select 1 from ${sipAuthFailures} where ${sipAuthFailures.username} = ${ipPhoneLines.number}
  and ${sipAuthFailures.class} = 'wrong' and ${sipAuthFailures.minute} > pg_catalog.now() - interval '24 hours')`;

function conditions(filter: ChangeFilter): SQL[] {
  const where: (SQL | undefined)[] = [
    filter.status ? eq(passwordChanges.status, filter.status) : undefined,
    filter.service ? eq(passwordChanges.serviceKind, filter.service) : undefined,
    filter.from ? gte(passwordChanges.reflectionAt, filter.from) : undefined,
    filter.until ? lt(passwordChanges.reflectionAt, filter.until) : undefined,
    filter.number ? eq(ipPhoneLines.number, filter.number) : undefined,
    filter.selfCareId ? eq(customers.selfCareId, filter.selfCareId) : undefined,
    filter.awaitingRegistration ? awaitsRegistration(passwordChanges.id) : undefined,
    filter.attacked ? underAttack : undefined,
    filter.guessFlood ? guessFlooded(ipPhoneLines.number, filter.guessFlood) : undefined,
  ];
  return where.filter((condition): condition is SQL => condition !== undefined);
}

/** One page in reflection-time order, starting after `cursor`: an index range scan, never OFFSET. */
export async function listChanges(filter: ChangeFilter, cursor: Cursor | undefined, limit: number) {
  const db = await getDb();
  // A row comparison, so the index on (reflection_at, id) starts right at the cursor; an OR of the two
  // columns would make PostgreSQL walk every earlier entry.
  const after = cursor
    ? sql`(${passwordChanges.reflectionAt}, ${passwordChanges.id}) > (${cursor.reflectionAt.toISOString()}::timestamptz, ${cursor.id}::uuid)`
    : undefined;
  return db
    .select(listColumns)
    .from(passwordChanges)
    .innerJoin(ipPhoneLines, eq(ipPhoneLines.id, passwordChanges.lineId))
    .innerJoin(customers, eq(customers.id, passwordChanges.customerId))
    .where(and(...conditions(filter), after))
    .orderBy(asc(passwordChanges.reflectionAt), asc(passwordChanges.id))
    .limit(limit);
}

/** Pending batch-service changes per upcoming batch time (the IP phone service has no batches). */
export async function upcomingBatches(limit = 8) {
  const db = await getDb();
  return db
    .select({ reflectionAt: passwordChanges.reflectionAt, count: countRows() })
    .from(passwordChanges)
    .where(and(eq(passwordChanges.status, "pending"), ne(passwordChanges.serviceKind, "ip-phone")))
    .groupBy(passwordChanges.reflectionAt)
    .orderBy(asc(passwordChanges.reflectionAt))
    .limit(limit);
}

/**
 * Every open case (pending, failed), and what was settled since `since` (reflected, superseded): two index
 * ranges instead of a scan of the whole history, which grows by every change ever made.
 */
export async function countsByStatus(since: Date) {
  const db = await getDb();
  return db
    .select({ status: passwordChanges.status, count: countRows() })
    .from(passwordChanges)
    .where(or(inArray(passwordChanges.status, [...openChangeStatuses]), gte(passwordChanges.reflectionAt, since)))
    .groupBy(passwordChanges.status);
}

/** Still pending five minutes after the reflection time. */
export async function countOverdue(now: Date, graceMs: number) {
  const db = await getDb();
  const [row] = await db
    .select({ count: countRows() })
    .from(passwordChanges)
    .where(
      and(eq(passwordChanges.status, "pending"), lt(passwordChanges.reflectionAt, new Date(now.getTime() - graceMs))),
    );
  return row?.count ?? 0;
}

export async function findChangeForAdmin(id: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      ...listColumns,
      customerId: passwordChanges.customerId,
      authorizedBy: passwordChanges.authorizedBy,
      passkeys: sql<number>`(select pg_catalog.count(*)::int from ${passkeys} where ${passkeys.customerId} = ${passwordChanges.customerId})`,
      graceUntil: passwordChanges.graceUntil,
      graceEndedAt: graceEndedAt(),
      requestIp: passwordChanges.requestIp,
      userAgent: passwordChanges.userAgent,
    })
    .from(passwordChanges)
    .innerJoin(ipPhoneLines, eq(ipPhoneLines.id, passwordChanges.lineId))
    .innerJoin(customers, eq(customers.id, passwordChanges.customerId))
    .where(eq(passwordChanges.id, id));
  if (!row) return undefined;
  return { ...row, trail: (await changeTrails([id])).get(id) ?? [] };
}

/** Each change's audit trail, newest first: the change's page, and the timelines on the customer's page. */
async function changeTrails(ids: string[]) {
  const db = await getDb();
  const rows =
    ids.length === 0
      ? []
      : await db
          .select({
            changeId: auditEvents.changeId,
            at: auditEvents.at,
            type: auditEvents.type,
            ip: auditEvents.ip,
            detail: auditEvents.detail,
          })
          .from(auditEvents)
          .where(inArray(auditEvents.changeId, ids))
          .orderBy(desc(auditEvents.at), desc(auditEvents.id));
  const trails = new Map<string, Omit<(typeof rows)[number], "changeId">[]>();
  for (const { changeId, ...event } of rows) trails.set(changeId!, [...(trails.get(changeId!) ?? []), event]);
  return trails;
}

/** A customer's latest changes, newest request first, each with its trail (the support desk's customer page). */
export async function recentChangesOf(customerId: string, limit: number) {
  const db = await getDb();
  const rows = await db
    .select(listColumns)
    .from(passwordChanges)
    .innerJoin(ipPhoneLines, eq(ipPhoneLines.id, passwordChanges.lineId))
    .innerJoin(customers, eq(customers.id, passwordChanges.customerId))
    .where(eq(passwordChanges.customerId, customerId))
    .orderBy(desc(passwordChanges.requestedAt), desc(passwordChanges.id))
    .limit(limit);
  const trails = await changeTrails(rows.map((row) => row.id));
  return rows.map((row) => ({ ...row, trail: trails.get(row.id) ?? [] }));
}
