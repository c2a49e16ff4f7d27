import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseForTests } from "@/db";
import type { Database } from "@/db/client";
import { rowsOf } from "@/db/together";
import { testTargets } from "@/test/databases";
import { customerSearchStatement, searchCustomers, searchKinds, type SearchTerms } from "./customer-search";

/** Enough rows that a sequential scan is the planner's worst choice, as at a carrier's scale (the bench: 1,000,000). */
const CUSTOMERS = 20_000;
const id = (i: number) => `cust${String(i).padStart(6, "0")}`;
const number = (i: number) => `0507${String(i).padStart(7, "0")}`;

const inputs: Record<(typeof searchKinds)[number], SearchTerms> = {
  "self-care-id": { text: id(777), number: null },
  number: { text: number(777), number: number(777) },
  email: { text: "CUST0007", number: null },
  "external-id": { text: "B-0000777", number: null },
};

describe.each(testTargets())("the support desk's search on $name", ({ open }) => {
  let database: Database;

  beforeAll(async () => {
    database = await open();
    useDatabaseForTests(database.db);
    await database.db.execute(sql`
      insert into customers (self_care_id, password_hash, email, display_name, external_id)
      select 'cust' || lpad(i::text, 6, '0'), '-', 'Cust' || lpad(i::text, 6, '0') || '@Example.jp', '検索 ' || i,
             'B-' || lpad(i::text, 7, '0')
      from generate_series(1, ${CUSTOMERS}) as i`);
    await database.db.execute(sql`
      insert into ip_phone_lines (number, customer_id, service_kind, sip_password_hash)
      select '0507' || lpad(substr(c.self_care_id, 5)::int::text, 7, '0'), c.id, 'ip-phone', '-'
      from customers c where c.self_care_id like 'cust%'`);
    // An operator whose address starts like the customers': never a search result.
    await database.db.execute(sql`
      insert into customers (self_care_id, password_hash, email, display_name, role)
      values ('staff0001', '-', 'cust0007-staff@example.jp', '担当 一号', 'support')`);
    // Line 5's number, terminated, then given to customer 6: both are found by it.
    await database.db.execute(sql`
      update ip_phone_lines set status = 'terminated', terminated_at = now() where number = ${number(5)}`);
    await database.db.execute(sql`
      insert into ip_phone_lines (number, customer_id, service_kind, sip_password_hash)
      select ${number(5)}, id, 'b2bua', '-' from customers where self_care_id = ${id(6)}`);
    await database.db.execute(sql`analyze`);
  }, 120_000);
  afterAll(async () => {
    await database.close();
  });

  it("finds a customer by each kind, with their lines", async () => {
    for (const kind of ["self-care-id", "number", "external-id"] as const) {
      const { customers, more } = await searchCustomers(inputs[kind]);
      expect(
        customers.map((customer) => customer.selfCareId),
        kind,
      ).toEqual([id(777)]);
      // A self-care ID is also the start of its email here: both kinds found the one customer.
      expect(customers[0]!.matchedBy).toContain(kind);
      expect(customers[0]!.lines).toEqual([{ number: number(777), status: "active", suspensionReason: null }]);
      expect(more).toBe(false);
    }
  });

  it("finds emails exactly or by their start in any case, never an operator, and says when there are more", async () => {
    const exact = await searchCustomers({ text: "cust000777@example.JP", number: null });
    expect(exact.customers.map((customer) => customer.selfCareId)).toEqual([id(777)]);
    const prefix = await searchCustomers({ text: "CUST00077", number: null });
    expect(prefix.customers.map((customer) => customer.selfCareId)).toEqual(
      Array.from({ length: 10 }, (_, i) => id(770 + i)),
    );
    const many = await searchCustomers(inputs.email);
    expect(many.customers).toHaveLength(50);
    expect(many.more).toBe(true);
    expect(many.customers.every((customer) => customer.selfCareId.startsWith("cust"))).toBe(true);
  });

  it("takes LIKE's own characters literally", async () => {
    for (const text of ["%", "_", "cust_0", "cust%", "\\"]) {
      expect((await searchCustomers({ text, number: null })).customers, text).toEqual([]);
    }
  });

  it("finds a terminated line's former customer beside its new one", async () => {
    const { customers } = await searchCustomers({ text: number(5), number: number(5) });
    expect(customers.map((customer) => customer.selfCareId)).toEqual([id(5), id(6)]);
    expect(customers[0]!.lines).toEqual([{ number: number(5), status: "terminated", suspensionReason: null }]);
  });

  it("uses an index for every kind, never a sequential scan of customers or lines (EXPLAIN)", async () => {
    for (const kind of searchKinds) {
      for (const kinds of [[kind], searchKinds]) {
        const rows = rowsOf<{ "QUERY PLAN": string }>(
          await database.db.execute(sql`explain (costs off) ${customerSearchStatement(inputs[kind], kinds)}`),
        );
        const plan = rows.map((row) => row["QUERY PLAN"]).join("\n");
        expect(plan, `${kind} (${kinds.length} kinds)\n${plan}`).not.toMatch(/Seq Scan on (customers|ip_phone_lines)/);
        expect(plan, plan).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
      }
      const own = rowsOf<{ "QUERY PLAN": string }>(
        await database.db.execute(sql`explain (costs off) ${customerSearchStatement(inputs[kind], [kind])}`),
      )
        .map((row) => row["QUERY PLAN"])
        .join("\n");
      const index = {
        "self-care-id": "customers_self_care_id_unique",
        number: "ip_phone_lines_number_idx",
        email: "customers_email_search_idx",
        "external-id": "customers_external_id_unique",
      }[kind];
      expect(own, own).toContain(index);
      // A range of the index, not a walk through all of it with a filter.
      if (kind === "email") expect(own, own).toMatch(/Index Cond: .*~>=~/);
    }
  });
});
