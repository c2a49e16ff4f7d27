import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useDatabaseForTests } from "@/db";
import type { Database } from "@/db/client";
import { passwordChanges } from "@/db/schema";
import { testTargets } from "@/test/databases";
import { countsByStatus, listChanges } from "./admin-changes";
import { upsertAccount } from "./demo";

const base = new Date("2026-11-24T08:30:00Z");
const minutes = (n: number) => new Date(base.getTime() + n * 60_000);

describe.each(testTargets())("admin change list on $name", ({ open }) => {
  let database: Database;

  beforeAll(async () => {
    database = await open();
    useDatabaseForTests(database.db);
    // The list never reads hashes, so placeholders do; the database layer is tested without the domain's seed.
    const { customerId, lineIds } = await upsertAccount(
      database.db,
      { selfCareId: "list0001", passwordHash: "-", email: "list0001@example.jp", displayName: "一覧 太郎" },
      [{ number: "05087654321", serviceKind: "b2bua", sipPasswordHash: "-" }],
    );
    const customer = { id: customerId };
    const line = { id: lineIds[0]! };
    // 25 settled changes, several sharing one reflection time (a batch), so ties must be broken by id.
    await database.db.insert(passwordChanges).values(
      Array.from({ length: 25 }, (_, i) => ({
        lineId: line.id,
        customerId: customer.id,
        serviceKind: "b2bua" as const,
        requestedAt: minutes(-60),
        reflectionAt: minutes(Math.floor(i / 4) * 30),
        status: i % 5 === 0 ? ("superseded" as const) : ("reflected" as const),
        idempotencyKey: randomUUID(),
      })),
    );
  });
  afterAll(async () => {
    await database.close();
  });

  it("walks every row once, in reflection order, page by page from a keyset cursor", async () => {
    const everything = await listChanges({}, undefined, 100);
    const seen: string[] = [];
    let cursor: { reflectionAt: Date; id: string } | undefined;
    for (;;) {
      const page = await listChanges({}, cursor, 7);
      seen.push(...page.map((row) => row.id));
      if (page.length < 7) break;
      cursor = page.at(-1)!;
    }
    expect(seen).toEqual(everything.map((row) => row.id));
    expect(new Set(seen).size).toBe(25);
    const times = everything.map((row) => row.reflectionAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("counts open changes in full and settled ones since the given time", async () => {
    const count = (rows: { status: string; count: number }[], status: string) =>
      Number(rows.find((row) => row.status === status)?.count ?? 0);
    const all = await countsByStatus(minutes(-1));
    expect(count(all, "reflected") + count(all, "superseded")).toBe(25);
    // From minute 90 on: reflection times 90, 120, 150, 180 hold rows 12–24, i.e. 13 rows.
    const recent = await countsByStatus(minutes(90));
    expect(count(recent, "reflected") + count(recent, "superseded")).toBe(13);
  });
});
