// What the provisioning API reads back (docs/provisioning.md): provisioned customers (those with the billing
// system's ID) with their numbers, and lines, each number as its live line or else its latest terminated one. Lists
// are keyset pages on the external ID and the number.
import { and, asc, desc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { customers, ipPhoneLines } from "@/db/schema";

const customerColumns = {
  externalId: sql<string>`${customers.externalId}`,
  selfCareId: customers.selfCareId,
  name: customers.displayName,
  email: customers.email,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
  // Every number the customer has held, terminated lines included (the query joins their lines and groups).
  lines: sql<
    string[]
  >`coalesce(pg_catalog.array_agg(distinct ${ipPhoneLines.number}) filter (where ${ipPhoneLines.number} is not null), '{}'::text[])`,
};

/** Customers with their lines joined, one row each. */
function selectCustomers(db: Db) {
  return db.select(customerColumns).from(customers).leftJoin(ipPhoneLines, eq(ipPhoneLines.customerId, customers.id));
}

export async function findProvisionedCustomer(externalId: string) {
  const [row] = await selectCustomers(await getDb())
    .where(eq(customers.externalId, externalId))
    .groupBy(customers.id);
  return row;
}

/** Provisioned customers after `after` (an external ID), in external-ID order. */
export async function listProvisionedCustomers({ after, limit }: { after?: string; limit: number }) {
  return selectCustomers(await getDb())
    .where(and(isNotNull(customers.externalId), after === undefined ? undefined : gt(customers.externalId, after)))
    .groupBy(customers.id)
    .orderBy(asc(customers.externalId))
    .limit(limit);
}

const lineColumns = {
  number: ipPhoneLines.number,
  customerExternalId: sql<string>`${customers.externalId}`,
  serviceKind: ipPhoneLines.serviceKind,
  status: ipPhoneLines.status,
  suspensionReason: ipPhoneLines.suspensionReason,
  statusChangedAt: ipPhoneLines.statusChangedAt,
  terminatedAt: ipPhoneLines.terminatedAt,
  createdAt: ipPhoneLines.createdAt,
  updatedAt: ipPhoneLines.updatedAt,
};

// A number's live line first, else its latest terminated one.
const currentFirst = [
  asc(sql`${ipPhoneLines.status} = 'terminated'`),
  desc(ipPhoneLines.terminatedAt),
  desc(ipPhoneLines.createdAt),
];

export async function findProvisionedLine(number: string) {
  const db = await getDb();
  const [row] = await db
    .select(lineColumns)
    .from(ipPhoneLines)
    .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
    .where(and(eq(ipPhoneLines.number, number), isNotNull(customers.externalId)))
    .orderBy(...currentFirst)
    .limit(1);
  return row;
}

/** One line per number (see `findProvisionedLine`) after `after`, in number order; of one customer when given. */
export async function listProvisionedLines({
  after,
  limit,
  customerExternalId,
}: {
  after?: string;
  limit: number;
  customerExternalId?: string;
}) {
  const db = await getDb();
  return db
    .selectDistinctOn([ipPhoneLines.number], lineColumns)
    .from(ipPhoneLines)
    .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
    .where(
      and(
        isNotNull(customers.externalId),
        customerExternalId === undefined ? undefined : eq(customers.externalId, customerExternalId),
        after === undefined ? undefined : gt(ipPhoneLines.number, after),
      ),
    )
    .orderBy(asc(ipPhoneLines.number), ...currentFirst)
    .limit(limit);
}
