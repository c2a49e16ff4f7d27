// Requests that need a second admin (db/schema/approvals.ts, docs/operations.md "Approvals"). Every decision is one
// conditional UPDATE that checks, against the same clock, that the request is still pending, not expired and not the
// decider's own: two admins deciding at once, or a decision racing the expiry, leave exactly one outcome.
import { and, desc, eq, getTableColumns, gt, lte, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Db, Tx } from "@/db/client";
import { auditEvents, customers, operatorApprovals } from "@/db/schema";

export type ApprovalKind = (typeof operatorApprovals.$inferSelect)["kind"];
export type ApprovalRow = typeof operatorApprovals.$inferSelect;

/** A new pending request; undefined when one for the same thing is pending already (the partial unique index). */
export async function insertApproval(
  tx: Tx,
  values: {
    kind: ApprovalKind;
    payload: Record<string, string>;
    reason: string;
    ticket: string | null;
    requestedBy: string;
    now: Date;
    expiresAt: Date;
  },
): Promise<ApprovalRow | undefined> {
  const { now, ...rest } = values;
  const [row] = await tx
    .insert(operatorApprovals)
    .values({ ...rest, createdAt: now })
    .onConflictDoNothing()
    .returning();
  return row;
}

/**
 * Settles a pending request as `status` by `decidedBy`, only while it is pending, unexpired at `now` and not
 * `decidedBy`'s own; undefined otherwise. Inside the transaction that carries the approved operation out.
 */
export async function decideApproval(
  tx: Tx,
  { id, status, decidedBy, now }: { id: string; status: "approved" | "rejected"; decidedBy: string; now: Date },
): Promise<ApprovalRow | undefined> {
  const [row] = await tx
    .update(operatorApprovals)
    .set({ status, decidedBy, decidedAt: now })
    .where(
      and(
        eq(operatorApprovals.id, id),
        eq(operatorApprovals.status, "pending"),
        gt(operatorApprovals.expiresAt, now),
        ne(operatorApprovals.requestedBy, decidedBy),
        // The requester is still an active admin: a disabled or demoted one's requests lapse.
        sql`exists (select 1 from ${customers} where ${customers.id} = ${operatorApprovals.requestedBy}
          and ${customers.role} = 'admin' and ${customers.disabledAt} is null)`,
        // A second admin the requester made, or made an admin, is no second person.
        sql`not exists (select 1 from ${auditEvents} where ${auditEvents.customerId} = ${decidedBy}
          and ${auditEvents.operatorId} = ${operatorApprovals.requestedBy}
          and ${auditEvents.type} in ('operator.created', 'operator.role-changed', 'operator.enabled'))`,
      ),
    )
    .returning();
  return row;
}

/** Marks the pending requests whose 24 hours are over at `now` as expired; answers them (for the audit trail). */
export async function expireApprovals(db: Db | Tx, now: Date): Promise<ApprovalRow[]> {
  return db
    .update(operatorApprovals)
    .set({ status: "expired", decidedAt: now })
    .where(and(eq(operatorApprovals.status, "pending"), lte(operatorApprovals.expiresAt, now)))
    .returning();
}

export async function findApproval(id: string): Promise<ApprovalRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(operatorApprovals).where(eq(operatorApprovals.id, id));
  return row;
}

/** The pending request whose payload holds `match` (a line's ID, an import's ID), if any: its page says it waits. */
export async function findPendingApproval(kind: ApprovalKind, match: Record<string, string>) {
  const db = await getDb();
  const [row] = await db
    .select()
    .from(operatorApprovals)
    .where(
      and(
        eq(operatorApprovals.kind, kind),
        eq(operatorApprovals.status, "pending"),
        sql`${operatorApprovals.payload} @> ${JSON.stringify(match)}::jsonb`,
      ),
    );
  return row;
}

/** Requests with who asked and who decided (self-care IDs), pending ones oldest first, decided ones newest first. */
export async function listApprovals({ pending, limit }: { pending: boolean; limit: number }) {
  const db = await getDb();
  return db
    .select({
      approval: getTableColumns(operatorApprovals),
      requestedBySelfCareId: customers.selfCareId,
      requestedByName: customers.displayName,
      // A second join of customers confuses drizzle's types; the decider is one row by primary key anyway.
      decidedBySelfCareId: sql<
        string | null
      >`(select d.self_care_id from ${customers} d where d.id = ${operatorApprovals.decidedBy})`,
    })
    .from(operatorApprovals)
    .innerJoin(customers, eq(customers.id, operatorApprovals.requestedBy))
    .where(pending ? eq(operatorApprovals.status, "pending") : ne(operatorApprovals.status, "pending"))
    .orderBy(pending ? operatorApprovals.createdAt : desc(operatorApprovals.decidedAt))
    .limit(limit);
}
