// The letters 「サービス開始のご案内」: which are waiting, taking their sealed secrets once (read and wiped in one
// transaction), and a re-issued initial password.
import { and, desc, eq, inArray, isNotNull, lt, ne, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { customers, ipPhoneLines } from "@/db/schema";
import { countRows } from "./count";

export type LetterCursor = { issuedAt: Date; id: string };

/**
 * A customer's own lines, for the correlated subqueries. A nested SQL: drizzle writes a column that stands directly in
 * a single-table select's field without its table, and `customer_id = id` would then compare the line with itself.
 */
const ownLine = sql`${ipPhoneLines.customerId} = ${customers.id}`;
const sealedLine = and(isNotNull(ipPhoneLines.initialSipPasswordSealed), ne(ipPhoneLines.status, "terminated"));
/**
 * A letter waits while its customer's initial password is sealed, or while one of their lines' SIP passwords is: a
 * line added after the letter was printed (the billing system's second line) is printed on a letter of its own.
 * An uncorrelated `in`, so the lines are read once (a hashed subplan), not once per customer.
 */
const waiting = and(
  eq(customers.role, "customer"),
  or(
    isNotNull(customers.initialPasswordSealed),
    sql`${customers.id} in (select ${ipPhoneLines.customerId} from ${ipPhoneLines} where ${sealedLine})`,
  ),
);
// The newest of what waits: the letter's issue (a customer made otherwise, the demo, has none and counts from its
// creation) or a line added since, so an added line's letter sorts as new. greatest() passes over a null.
const issuedAt = sql<Date>`greatest(coalesce(${customers.letterIssuedAt}, ${customers.createdAt}),
  (select pg_catalog.max(${sql`${ipPhoneLines.createdAt}`}) from ${ipPhoneLines} where ${ownLine} and ${sealedLine}))`.mapWith(
  customers.createdAt,
);

/** Customers whose letter is waiting to be printed, newest first (keyset on the issue date and id). */
export async function listWaitingLetters({ after, limit }: { after?: LetterCursor; limit: number }) {
  const db = await getDb();
  return db
    .select({
      id: customers.id,
      selfCareId: customers.selfCareId,
      name: customers.displayName,
      issuedAt,
      /** False on a letter for added lines only: the self-care password is not on it. */
      selfCarePassword: sql<boolean>`${customers.initialPasswordSealed} is not null`,
      /** The lines whose SIP password the letter prints. */
      sealedLines:
        sql<number>`(select pg_catalog.count(*) from ${ipPhoneLines} where ${ownLine} and ${sealedLine})`.mapWith(
          Number,
        ),
      lines: sql<number>`(select pg_catalog.count(*) from ${ipPhoneLines}
        where ${ownLine} and ${sql`${ipPhoneLines.status}`} <> 'terminated')`.mapWith(Number),
    })
    .from(customers)
    .where(
      and(
        waiting,
        after
          ? or(
              lt(issuedAt, after.issuedAt.toISOString()),
              and(eq(issuedAt, after.issuedAt.toISOString()), lt(customers.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(issuedAt), desc(customers.id))
    .limit(limit);
}

export async function countWaitingLetters(): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ count: countRows() }).from(customers).where(waiting);
  return row?.count ?? 0;
}

/** The customer a re-issue would be for, as the confirmation names them. */
export async function findCustomerForReissue(selfCareId: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      selfCareId: customers.selfCareId,
      name: customers.displayName,
      letterIssuedAt: customers.letterIssuedAt,
      letterPrintedAt: customers.letterPrintedAt,
    })
    .from(customers)
    .where(and(eq(customers.selfCareId, selfCareId), eq(customers.role, "customer")));
  return row;
}

export type LetterSecrets = {
  /** `sealed` is null on a letter for added lines only. */
  customer: { id: string; selfCareId: string; name: string; sealed: string | null };
  lines: {
    id: string;
    number: string;
    serviceKind: (typeof ipPhoneLines.$inferSelect)["serviceKind"];
    status: "active" | "suspended";
    sealed: string | null;
  }[];
};

/**
 * In the caller's transaction: the waiting letters of `customerIds` (or the newest `limit` waiting ones), their rows
 * and their lines' locked, the sealed secrets read and at once wiped with `letter_printed_at` set, so each secret is
 * printed once. A letter printed by someone else meanwhile is no longer waiting when its locks are granted, and is
 * left out: the customer's own seal is read again on the locked row, the lines' in a statement begun after the lock.
 * Only the lines read here are wiped: a line added meanwhile keeps its seal for the next letter.
 */
export async function takeLetterSecrets(
  tx: Tx,
  { customerIds, limit, now }: { customerIds?: string[]; limit: number; now: Date },
): Promise<LetterSecrets[]> {
  const locked = await tx
    .select({
      id: customers.id,
      selfCareId: customers.selfCareId,
      name: customers.displayName,
      sealed: customers.initialPasswordSealed,
    })
    .from(customers)
    .where(and(waiting, customerIds ? inArray(customers.id, customerIds) : undefined))
    .orderBy(desc(issuedAt), desc(customers.id))
    .limit(limit)
    .for("update");
  if (locked.length === 0) return [];
  const lines = await tx
    .select({
      id: ipPhoneLines.id,
      customerId: ipPhoneLines.customerId,
      number: ipPhoneLines.number,
      serviceKind: ipPhoneLines.serviceKind,
      status: ipPhoneLines.status,
      sealed: ipPhoneLines.initialSipPasswordSealed,
    })
    .from(ipPhoneLines)
    .where(
      and(
        inArray(
          ipPhoneLines.customerId,
          locked.map((row) => row.id),
        ),
        ne(ipPhoneLines.status, "terminated"),
      ),
    )
    .orderBy(ipPhoneLines.number)
    .for("update");
  const taken = locked.filter(
    (customer) => customer.sealed !== null || lines.some((line) => line.customerId === customer.id && line.sealed),
  );
  if (taken.length === 0) return [];
  const ids = taken.map((row) => row.id);
  const takenIds = new Set(ids);
  const wiped = lines.filter((line) => line.sealed && takenIds.has(line.customerId)).map((line) => line.id);
  await tx
    .update(customers)
    .set({ initialPasswordSealed: null, letterPrintedAt: now, updatedAt: now })
    .where(inArray(customers.id, ids));
  if (wiped.length > 0) {
    await tx.update(ipPhoneLines).set({ initialSipPasswordSealed: null }).where(inArray(ipPhoneLines.id, wiped));
  }
  return taken.map((customer) => ({
    customer,
    lines: lines
      .filter((line) => line.customerId === customer.id)
      .map(({ customerId: _customerId, status, ...line }) => ({
        ...line,
        status: status === "suspended" ? ("suspended" as const) : ("active" as const),
      })),
  }));
}

/**
 * A new initial password in force at once: the old one stops, the forced change is set again, the letter waits to
 * be printed, and every session ends (the version). Answers the customer, or undefined for no such customer.
 */
export async function replaceInitialPassword({
  selfCareId,
  passwordHash,
  seal,
  now,
}: {
  selfCareId: string;
  passwordHash: string;
  /** The new password sealed for the customer's own row (the seal is bound to the customer's ID). */
  seal: (customerId: string) => string;
  now: Date;
}) {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.selfCareId, selfCareId), eq(customers.role, "customer")))
      .for("update");
    if (!customer) return undefined;
    const [updated] = await tx
      .update(customers)
      .set({
        passwordHash,
        initialPasswordSealed: seal(customer.id),
        mustChangePassword: true,
        letterIssuedAt: now,
        letterPrintedAt: null,
        sessionVersion: sql`${customers.sessionVersion} + 1`,
        updatedAt: now,
      })
      .where(eq(customers.id, customer.id))
      .returning();
    return updated;
  });
}
