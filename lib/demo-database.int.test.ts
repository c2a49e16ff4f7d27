import { sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { markPurpose } from "@/db/queries/demo";
import { customers, databasePurpose, ipPhoneLines, passwordChanges, sipCredentials } from "@/db/schema";
import { DemoDataRefused, demoRefusal, seedDemoData, seedDemoDatabase } from "@/lib/demo-data";
import { hashSecret } from "@/lib/password-hashing";
import { testTargets } from "@/test/databases";

describe.each(testTargets())("a demo database, and only a demo database, on $name", ({ open }) => {
  let database: Database;
  beforeEach(async () => {
    await database?.close();
    database = await open();
  });
  afterAll(async () => {
    await database.close();
  });

  const snapshot = async () =>
    JSON.stringify([
      await database.db.select().from(customers).orderBy(customers.selfCareId),
      await database.db.select().from(ipPhoneLines).orderBy(ipPhoneLines.number),
      await database.db.select().from(sipCredentials).orderBy(sipCredentials.username),
      await database.db.select().from(databasePurpose),
    ]);

  it("writes the demo accounts into an empty database and marks it as a demo database, which a preview may serve", async () => {
    expect(await demoRefusal(database.db, { forPreview: true })).toMatch(/not marked as a demo database/);
    await seedDemoDatabase(database.db);
    await seedDemoDatabase(database.db);
    expect(await database.db.select({ purpose: databasePurpose.purpose }).from(databasePurpose)).toEqual([
      { purpose: "demo" },
    ]);
    expect(await demoRefusal(database.db, { forPreview: true })).toBeNull();
  });

  it("refuses a database holding one real customer, and changes nothing", async () => {
    await seedDemoDatabase(database.db);
    await database.db.insert(customers).values({
      selfCareId: "real0001",
      passwordHash: await hashSecret("Real-pass-0001"),
      email: "real0001@gmail.com",
      displayName: "実在 太郎",
    });
    const before = await snapshot();
    await expect(seedDemoDatabase(database.db)).rejects.toThrow(DemoDataRefused);
    await expect(seedDemoDatabase(database.db)).rejects.toThrow(/1 customer\(s\) outside the demo set/);
    expect(await demoRefusal(database.db, { forPreview: true })).toMatch(/1 customer\(s\)/);
    expect(await snapshot()).toBe(before);
  });

  it("refuses a database holding a line or a change outside the demo set", async () => {
    // A demo customer holding a real number: a copy of production where someone reused a demo ID.
    await seedDemoData(database.db);
    const [demo] = await database.db
      .select()
      .from(customers)
      .where(sql`${customers.selfCareId} = 'demo0001'`);
    const [line] = await database.db
      .insert(ipPhoneLines)
      .values({ number: "05099990000", customerId: demo!.id, serviceKind: "b2bua", sipPasswordHash: "x" })
      .returning();
    await database.db.insert(passwordChanges).values({
      lineId: line!.id,
      customerId: demo!.id,
      serviceKind: "b2bua",
      requestedAt: new Date(),
      reflectionAt: new Date(),
      idempotencyKey: "real",
    });
    expect(await demoRefusal(database.db, { forPreview: false })).toBe(
      "the database holds 1 line(s), 1 change(s) outside the demo set",
    );
  });

  it("refuses a database marked as production's, even an empty one, and keeps the first mark", async () => {
    expect(await markPurpose(database.db, "production")).toBe("production");
    expect(await markPurpose(database.db, "demo")).toBe("production");
    const before = await snapshot();
    await expect(seedDemoDatabase(database.db)).rejects.toThrow(/marked as production's/);
    expect(await demoRefusal(database.db, { forPreview: true })).toMatch(/marked as production's/);
    expect(await snapshot()).toBe(before);
  });
});
