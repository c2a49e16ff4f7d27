import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testTargets } from "@/test/databases";
import type { Database } from "@/db/client";
import { demoAccounts, seedDemoData } from "@/lib/demo-data";
import { customers, ipPhoneLines, passwordChanges } from "@/db/schema";
import { verifySecret } from "@/lib/password-hashing";

describe.each(testTargets())("demo data and schema constraints on $name", ({ open }) => {
  let database: Database;
  beforeAll(async () => {
    database = await open();
  });
  afterAll(async () => {
    await database.close();
  });

  it("seeds exactly the demo accounts and lines, idempotently", async () => {
    await seedDemoData(database.db);
    await seedDemoData(database.db);
    const rows = await database.db.select().from(customers).orderBy(customers.selfCareId);
    expect(rows.map((row) => [row.selfCareId, row.email, row.role, row.codeFallback])).toEqual([
      ["admin0001", "admin0001@example.jp", "admin", true],
      ["admin0002", "admin0002@example.jp", "admin", true],
      ["demo0001", "demo0001@example.jp", "customer", false],
      ["demo0002", "demo0002@example.jp", "customer", false],
      ["support0001", "support0001@example.jp", "support", true],
      ["viewer0001", "viewer0001@example.jp", "viewer", true],
    ]);
    const lines = await database.db
      .select({ number: ipPhoneLines.number, kind: ipPhoneLines.serviceKind, owner: customers.selfCareId })
      .from(ipPhoneLines)
      .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
      .orderBy(ipPhoneLines.number);
    expect(lines).toEqual([
      { number: "05011112222", kind: "b2bua-opengate", owner: "demo0002" },
      { number: "05012345678", kind: "ip-phone", owner: "demo0001" },
      { number: "05087654321", kind: "b2bua", owner: "demo0001" },
    ]);
  });

  it("stores passwords only as argon2id hashes that verify", async () => {
    const [demo] = await database.db.select().from(customers).where(eq(customers.selfCareId, "demo0001"));
    expect(demo!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifySecret({ hash: demo!.passwordHash, secret: demoAccounts[0]!.password })).toBe(true);
    const [line] = await database.db.select().from(ipPhoneLines).where(eq(ipPhoneLines.number, "05087654321"));
    expect(await verifySecret({ hash: line!.sipPasswordHash, secret: "pass5678" })).toBe(true);
  });

  it("refuses a duplicate self-care ID and a malformed line number", async () => {
    const [demo] = await database.db.select().from(customers).where(eq(customers.selfCareId, "demo0001"));
    await expect(
      database.db.insert(customers).values({ ...demo!, id: undefined, email: "x@example.jp" }),
    ).rejects.toThrow();
    await expect(
      database.db
        .insert(ipPhoneLines)
        .values({ number: "0901234567", customerId: demo!.id, serviceKind: "b2bua", sipPasswordHash: "x" }),
    ).rejects.toThrow();
  });

  it("allows only one pending change per line", async () => {
    const [line] = await database.db.select().from(ipPhoneLines).where(eq(ipPhoneLines.number, "05087654321"));
    const change = {
      lineId: line!.id,
      customerId: line!.customerId,
      serviceKind: line!.serviceKind,
      requestedAt: new Date(),
      reflectionAt: new Date(),
    };
    await database.db.insert(passwordChanges).values({ ...change, idempotencyKey: "first" });
    await expect(database.db.insert(passwordChanges).values({ ...change, idempotencyKey: "second" })).rejects.toThrow();
    await database.db
      .update(passwordChanges)
      .set({ status: "superseded" })
      .where(and(eq(passwordChanges.lineId, line!.id), eq(passwordChanges.status, "pending")));
    await database.db.insert(passwordChanges).values({ ...change, idempotencyKey: "second" });
    const pending = await database.db
      .select()
      .from(passwordChanges)
      .where(and(eq(passwordChanges.lineId, line!.id), eq(passwordChanges.status, "pending")));
    expect(pending.map((row) => row.idempotencyKey)).toEqual(["second"]);
  });
});
