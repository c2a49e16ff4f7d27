// The support desk's search (/admin/customers): one box over the self-care ID, a line number, the email (exactly or
// by its start, any case) and the billing system's ID. Each kind is its own branch of one UNION ALL, so each uses
// its own index (the unique self-care ID and external ID, ip_phone_lines_number_idx, customers_email_search_idx on
// lower(email) text_pattern_ops); an OR across them would scan the table. db/queries/customer-search.int.test.ts
// proves the plans with EXPLAIN; the bench times them at a million customers.
import { type SQL, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rowsOf } from "@/db/together";
import type { LineStatus, SuspensionReason } from "@/db/enums";
import { customers, ipPhoneLines } from "@/db/schema";

export const searchKinds = ["self-care-id", "number", "email", "external-id"] as const;
export type SearchKind = (typeof searchKinds)[number];

/** What one input is looked up as: the text as typed, and the line number it spells when it spells one. */
export type SearchTerms = { text: string; number: string | null };

/** At most this many customers per kind; one more tells the page there were more. */
export const SEARCH_LIMIT = 50;

/** LIKE's own characters in the input are literal: 'a_b%' finds only what starts with 'a_b%'. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (character) => `\\${character}`);

/** One kind's branch: the ids of the customers (never operators) it finds, at most SEARCH_LIMIT + 1. */
function branch(kind: SearchKind, terms: SearchTerms): SQL | null {
  const isCustomer = sql`${customers.role} = 'customer'`;
  const limit = sql`limit ${SEARCH_LIMIT + 1}`;
  switch (kind) {
    case "self-care-id":
      return sql`select ${customers.id} as id, 'self-care-id' as kind from ${customers}
        where ${customers.selfCareId} = ${terms.text} and ${isCustomer} ${limit}`;
    case "external-id":
      return sql`select ${customers.id} as id, 'external-id' as kind from ${customers}
        where ${customers.externalId} = ${terms.text} and ${isCustomer} ${limit}`;
    case "email":
      // Written so the planner sees a constant prefix: lower(email) like 'abc%' is a range on the index.
      return sql`select ${customers.id} as id, 'email' as kind from ${customers}
        where pg_catalog.lower(${customers.email}) like pg_catalog.lower(${escapeLike(terms.text)}) || '%' and ${isCustomer} ${limit}`;
    case "number":
      // Terminated lines keep their number: a former customer is found by it too.
      return terms.number === null
        ? null
        : sql`select distinct ${ipPhoneLines.customerId} as id, 'number' as kind from ${ipPhoneLines}
        where ${ipPhoneLines.number} = ${terms.number} ${limit}`;
  }
}

/** The search as one statement: the kinds' branches, then the customers they found. */
export function customerSearchStatement(terms: SearchTerms, kinds: readonly SearchKind[] = searchKinds): SQL {
  const branches = kinds.map((kind) => branch(kind, terms)).filter((part): part is SQL => part !== null);
  const found = sql.join(
    branches.map((part) => sql`(${part})`),
    sql` union all `,
  );
  // Each id found is read by the primary key (a LATERAL with a LIMIT is never flattened into a hash join, which
  // would scan customers whenever the planner expects many ids).
  return sql`select c.id, c."selfCareId", c."displayName", c.email, c."externalId", found.kind
    from (${found}) as found
    cross join lateral (
      select ${customers.id} as id, ${customers.selfCareId} as "selfCareId", ${customers.displayName} as "displayName",
        ${customers.email} as email, ${customers.externalId} as "externalId"
      from ${customers} where ${customers.id} = found.id and ${customers.role} = 'customer' limit 1
    ) as c`;
}

export type FoundCustomer = {
  id: string;
  selfCareId: string;
  displayName: string;
  email: string;
  externalId: string | null;
  /** Which kinds found them. */
  matchedBy: SearchKind[];
  lines: { number: string; status: LineStatus; suspensionReason: SuspensionReason | null }[];
};

type FoundRow = Omit<FoundCustomer, "matchedBy" | "lines"> & { kind: SearchKind };

/** The customers `terms` find, by self-care ID, with their lines; `more` when some kind found over SEARCH_LIMIT. */
export async function searchCustomers(terms: SearchTerms): Promise<{ customers: FoundCustomer[]; more: boolean }> {
  const db = await getDb();
  const rows = rowsOf<FoundRow>(await db.execute(customerSearchStatement(terms)));
  const perKind = new Map<SearchKind, number>();
  const byId = new Map<string, FoundCustomer>();
  for (const { kind, ...row } of rows) {
    perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    const known = byId.get(row.id) ?? { ...row, matchedBy: [], lines: [] };
    if (!known.matchedBy.includes(kind)) known.matchedBy.push(kind);
    byId.set(row.id, known);
  }
  const more = [...perKind.values()].some((count) => count > SEARCH_LIMIT);
  const found = [...byId.values()].sort((a, b) => a.selfCareId.localeCompare(b.selfCareId)).slice(0, SEARCH_LIMIT);
  if (found.length === 0) return { customers: [], more };
  const lines = await db
    .select({
      customerId: ipPhoneLines.customerId,
      number: ipPhoneLines.number,
      status: ipPhoneLines.status,
      suspensionReason: ipPhoneLines.suspensionReason,
    })
    .from(ipPhoneLines)
    .where(
      inArray(
        ipPhoneLines.customerId,
        found.map((customer) => customer.id),
      ),
    )
    .orderBy(ipPhoneLines.number);
  for (const { customerId, ...line } of lines) byId.get(customerId)?.lines.push(line);
  return { customers: found, more };
}
