import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useDatabaseForTests } from "@/db";
import type { Database } from "@/db/client";
import { auditInsert } from "@/db/queries/audit";
import { auditEvents, rateLimits } from "@/db/schema";
import { together } from "@/db/together";
import { testTargets } from "@/test/databases";
import { type Hit, limits, peek, refund, take, takeInGroups, takeInStatement, takeOne } from "./rate-limit";

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

// The same rules through an action's own statement (db/together.ts): a take beside the action's reads and writes.
describe.each(testTargets())("rate limits taken in an action's statement on $name", ({ open }) => {
  let database: Database;

  beforeAll(async () => {
    database = await open();
    useDatabaseForTests(database.db);
  });
  beforeEach(async () => {
    await database.db.delete(rateLimits);
    await database.db.delete(auditEvents);
  });
  afterAll(async () => {
    await database.close();
  });

  /** One statement: the take, and an audit row written beside it. */
  const takeWithAudit = async (groups: Hit[][]) => {
    const take = takeInStatement(groups, t0);
    const { taken } = await together<{ taken: Parameters<typeof take.read>[0] }>(
      database.db,
      [auditInsert(database.db, [{ type: "signout" }])],
      sql`${take.expression} as taken`,
    );
    return take.read(taken);
  };

  it("lets exactly N of 100 simultaneous takes through a limit of N, and one of them reaches it", async () => {
    const { limit } = limits.loginFailuresPerId;
    const results = await Promise.all(
      Array.from({ length: 100 }, () => takeWithAudit([[{ limit: "loginFailuresPerId", subject: "race" }]])),
    );
    const states = results.map(([group]) => group!.states[0]!);
    expect(states.filter((state) => state.taken)).toHaveLength(limit);
    expect(states.filter((state) => state.reachedLimit)).toHaveLength(1);
    expect(states.filter((state) => !state.taken).every((state) => state.locked && state.retryAt)).toBe(true);
    expect(await peek("loginFailuresPerId", "race", t0)).toMatchObject({ count: limit, locked: true });
    // Every statement wrote its audit row, taken or not.
    expect(await database.db.select().from(auditEvents)).toHaveLength(100);
  });

  it("takes groups in order: a refused group stops the later ones, earlier ones stay taken", async () => {
    const { limit: perIp } = limits.loginAttemptsPerIp;
    const { limit: perId } = limits.loginFailuresPerId;
    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        takeWithAudit([
          [{ limit: "loginAttemptsPerIp", subject: "198.51.100.2" }],
          [{ limit: "loginFailuresPerId", subject: "groups" }],
        ]),
      ),
    );
    expect(results.filter(([address]) => address!.taken)).toHaveLength(Math.min(60, perIp));
    expect(results.filter(([, failure]) => failure!.taken)).toHaveLength(perId);
    expect(results.some(([address, failure]) => !address!.taken && failure!.taken)).toBe(false);
    expect((await peek("loginAttemptsPerIp", "198.51.100.2", t0)).count).toBe(Math.min(60, perIp));
    expect((await peek("loginFailuresPerId", "groups", t0)).count).toBe(perId);
  });

  it("holds its keys until the action's transaction ends: takes inside transactions still let exactly N through", async () => {
    const { limit } = limits.codeSendsPerCustomer;
    const results = await Promise.all(
      Array.from({ length: 40 }, () =>
        database.db.transaction(async (tx) => {
          const [group] = await takeInGroups([[{ limit: "codeSendsPerCustomer", subject: "tx" }]], t0, tx);
          // The action's other writes, after the take and before the commit.
          await auditInsert(tx, [{ type: "signout" }]);
          return group!.taken;
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(limit);
  });
});
