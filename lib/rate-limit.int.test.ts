import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useDatabaseForTests } from "@/db";
import type { Database } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { testTargets } from "@/test/databases";
import { limits, peek, refund, take, takeInGroups, takeOne } from "./rate-limit";

const t0 = new Date("2026-11-24T05:00:00Z");

describe.each(testTargets())("rate limits on $name", ({ open }) => {
  let database: Database;

  beforeAll(async () => {
    database = await open();
    useDatabaseForTests(database.db);
  });
  beforeEach(async () => {
    await database.db.delete(rateLimits);
  });
  afterAll(async () => {
    await database.close();
  });

  it("lets exactly N of 100 simultaneous takes through a limit of N, and one of them reaches it", async () => {
    const { limit } = limits.loginFailuresPerId;
    const states = await Promise.all(Array.from({ length: 100 }, () => takeOne("loginFailuresPerId", "race", t0)));
    expect(states.filter((state) => state.taken)).toHaveLength(limit);
    expect(states.filter((state) => state.reachedLimit)).toHaveLength(1);
    expect(states.filter((state) => !state.taken).every((state) => state.locked && state.retryAt)).toBe(true);
    expect(await peek("loginFailuresPerId", "race", t0)).toMatchObject({ count: limit, locked: true });
  });

  it("calls only PostgreSQL's own functions: one planted in public with a closer signature never runs", async () => {
    // pg_catalog.hashtextextended takes (text, bigint); an unqualified call with the literal 0 would pick this one.
    await database.db.execute(
      sql.raw(
        "create function public.hashtextextended(text, integer) returns bigint language plpgsql as $$ begin raise exception 'planted function ran'; end $$",
      ),
    );
    try {
      expect(await takeOne("loginFailuresPerId", "planted", t0)).toMatchObject({ taken: true, count: 1 });
    } finally {
      await database.db.execute(sql.raw("drop function public.hashtextextended(text, integer)"));
    }
  });

  it("takes a hit on several limits all or none", async () => {
    const customerLimit = limits.changeAttemptsPerCustomer.limit;
    const both = () =>
      take(
        [
          { limit: "changeAttemptsPerCustomer", subject: "c1" },
          { limit: "changeAttemptsPerIp", subject: "198.51.100.1" },
        ],
        t0,
      );
    const results = await Promise.all(Array.from({ length: customerLimit + 15 }, both));
    expect(results.filter((result) => result.taken)).toHaveLength(customerLimit);
    // The refused takes recorded nothing on the address either.
    expect((await peek("changeAttemptsPerIp", "198.51.100.1", t0)).count).toBe(customerLimit);
  });

  it("takes groups in order in one transaction: a refused group stops the later ones, earlier ones stay taken", async () => {
    const { limit: perIp } = limits.loginAttemptsPerIp;
    const { limit: perId } = limits.loginFailuresPerId;
    const attempt = () =>
      takeInGroups(
        [
          [{ limit: "loginAttemptsPerIp", subject: "198.51.100.2" }],
          [{ limit: "loginFailuresPerId", subject: "groups" }],
        ],
        t0,
      );
    // 60 at once: the address allows perIp attempts; of those, the ID's lock reserves perId failures.
    const results = await Promise.all(Array.from({ length: 60 }, attempt));
    const addressTaken = results.filter(([address]) => address!.taken);
    expect(addressTaken).toHaveLength(Math.min(60, perIp));
    expect(results.filter(([, failure]) => failure!.taken)).toHaveLength(perId);
    // A group after a refused one is never taken.
    expect(results.some(([address, failure]) => !address!.taken && failure!.taken)).toBe(false);
    expect((await peek("loginAttemptsPerIp", "198.51.100.2", t0)).count).toBe(Math.min(60, perIp));
    expect((await peek("loginFailuresPerId", "groups", t0)).count).toBe(perId);
  });

  it("gives a refunded hit back and slides the window by the minute", async () => {
    for (let i = 0; i < 5; i++) await takeOne("sipVerifyFailuresPerLine", "05011112222", t0);
    expect((await takeOne("sipVerifyFailuresPerLine", "05011112222", t0)).taken).toBe(false);
    await refund("sipVerifyFailuresPerLine", "05011112222", t0);
    expect((await takeOne("sipVerifyFailuresPerLine", "05011112222", t0)).taken).toBe(true);
    const afterWindow = new Date(t0.getTime() + limits.sipVerifyFailuresPerLine.windowMs);
    expect((await takeOne("sipVerifyFailuresPerLine", "05011112222", afterWindow)).taken).toBe(true);
  });
});
