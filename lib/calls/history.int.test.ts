// A line's 「発着信履歴」 against a real database: both directions (a call between two lines of one customer on each),
// the 90 days of Japan's calendar, keyset pages, whose lines and whose calls, the CDR's length, and acc's timestamps
// read as UTC whatever the session's zone.
import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { historyLinesOf, lineCallsStatement } from "@/db/queries/call-records";
import { rowsOf } from "@/db/together";
import { ipPhoneLines, kamailioAcc, kamailioAccCdrs } from "@/db/schema";
import { demoDatabase, testTargets } from "@/test/databases";
import { seedDemoCalls } from "@/lib/demo-calls";
import { formatCallDuration } from "./call-labels";
import { historyStart, lineHistory, type HistoryLine } from "./history";

const LINE = "05012345678";
const SECOND_LINE = "05087654321";
const OTHER_CUSTOMERS = "05011112222";
// 2026-11-24 17:30 in Japan.
const NOW = new Date("2026-11-24T08:30:00Z");
const CREATED = new Date("2020-01-01T00:00:00Z");

/** An instant as Kamailio writes it (TZ=UTC): a timestamp without a zone. */
const accTime = (at: Date) => at.toISOString().replace("T", " ").replace("Z", "");

type Call = Partial<typeof kamailioAcc.$inferInsert> & { at: Date };

describe.each(testTargets())("a line's call history on $name", ({ open, name }) => {
  const suite = demoDatabase({ open, clear: [kamailioAcc, kamailioAccCdrs] });
  const db = () => suite.database.db;

  async function record(...calls: Call[]) {
    await db()
      .insert(kamailioAcc)
      .values(
        calls.map(({ at, ...call }, index) => ({
          method: "INVITE",
          callid: `call-${at.getTime()}-${index}@test`,
          sipCode: "200",
          sipReason: "OK",
          caller: LINE,
          dialled: "0312345678",
          kind: "domestic",
          ...call,
          time: accTime(at),
        })),
      );
  }
  const line = (number: string, terminatedAt: Date | null = null): HistoryLine => ({
    number,
    createdAt: CREATED,
    terminatedAt,
  });
  const page = (number: string, options: { limit?: number; now?: Date; line?: HistoryLine } = {}) =>
    lineHistory({ line: options.line ?? line(number), now: options.now ?? NOW, limit: options.limit ?? 50 });
  const minutesAgo = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000);

  it("lists the line's calls both ways, newest first; a call between two of the customer's lines shows on each", async () => {
    await record(
      { at: minutesAgo(30), dialled: "0312345678", callid: "out@test" },
      { at: minutesAgo(20), caller: "", callee: LINE, dialled: "09011112222", kind: "incoming", callid: "in@test" },
      { at: minutesAgo(10), caller: LINE, callee: SECOND_LINE, dialled: SECOND_LINE, kind: "on-net" },
      { at: minutesAgo(5), caller: OTHER_CUSTOMERS, dialled: "0612345678" },
      { at: minutesAgo(4), caller: "", callee: OTHER_CUSTOMERS, dialled: LINE, kind: "incoming" },
    );
    const first = await page(LINE);
    expect(first.calls.map((call) => [call.direction, call.caller, call.callee, call.dialled])).toEqual([
      ["outgoing", LINE, SECOND_LINE, SECOND_LINE],
      ["incoming", "", LINE, "09011112222"],
      ["outgoing", LINE, "", "0312345678"],
    ]);
    const second = await page(SECOND_LINE);
    expect(second.calls.map((call) => [call.direction, call.caller])).toEqual([["incoming", LINE]]);
    expect((await page(OTHER_CUSTOMERS)).calls.map((call) => call.direction)).toEqual(["incoming", "outgoing"]);
  });

  it("shows a call a line made to itself once, as outgoing", async () => {
    await record({ at: minutesAgo(1), callee: LINE, dialled: LINE, kind: "on-net" });
    expect((await page(LINE)).calls.map((call) => call.direction)).toEqual(["outgoing"]);
  });

  it("joins the CDR of the same call for its length and how it ended; only the same call's", async () => {
    await record(
      { at: minutesAgo(90), callid: "answered@test" },
      { at: minutesAgo(80), callid: "timeout@test", kind: "international", dialled: "0014155550100" },
      { at: minutesAgo(70), callid: "refused@test", sipCode: "403", sipReason: "Number Not Allowed", kind: "premium" },
      // Another line's call that reuses a Call-ID of this line's: its length is not this call's.
      { at: minutesAgo(60), callid: "borrowed@test" },
    );
    await db()
      .insert(kamailioAccCdrs)
      .values([
        { callid: "answered@test", caller: LINE, duration: 185.4, ended: "bye", startTime: accTime(minutesAgo(90)) },
        { callid: "timeout@test", caller: LINE, duration: 3600, ended: "timeout", startTime: accTime(minutesAgo(80)) },
        { callid: "borrowed@test", caller: OTHER_CUSTOMERS, duration: 999, ended: "bye" },
      ]);
    const calls = (await page(LINE)).calls;
    expect(calls.map((call) => [call.duration, call.ended, call.outcome.kind])).toEqual([
      [null, null, "answered"],
      [null, null, "refused"],
      [3600, "timeout", "answered"],
      [expect.closeTo(185.4, 3), "bye", "answered"],
    ]);
    expect(calls[1]!.outcome.text).toBe("発信できない番号です（0570・0990・0180・0067など）");
  });

  it("keeps the last 90 days of Japan's calendar: from 0:00 Japan time 89 days before today", async () => {
    const start = historyStart(NOW);
    expect(start).toEqual(new Date("2026-08-26T15:00:00Z"));
    await record(
      { at: new Date(start.getTime() - 1000), dialled: "before" },
      { at: start, dialled: "first" },
      { at: NOW, dialled: "last" },
    );
    expect((await page(LINE)).calls.map((call) => call.dialled)).toEqual(["last", "first"]);
    // One second before midnight in Japan the day before is still in; at midnight it goes.
    const nextMidnight = new Date("2026-11-24T15:00:00Z");
    expect((await page(LINE, { now: new Date(nextMidnight.getTime() - 1) })).calls).toHaveLength(2);
    expect((await page(LINE, { now: nextMidnight })).calls.map((call) => call.dialled)).toEqual(["last"]);
  });

  it("never shows a number's calls from before its line was created or after it ended", async () => {
    await record(
      { at: minutesAgo(300), dialled: "earlier owner" },
      { at: minutesAgo(200), dialled: "this line" },
      { at: minutesAgo(100), dialled: "later owner" },
    );
    const bounded = { number: LINE, createdAt: minutesAgo(250), terminatedAt: minutesAgo(150) };
    expect((await page(LINE, { line: bounded })).calls.map((call) => call.dialled)).toEqual(["this line"]);
  });

  it("pages by keyset without losing or repeating a call, both ways mixed and ties in one second", async () => {
    const at = minutesAgo(60);
    await record(
      ...Array.from({ length: 4 }, (_, index) => ({ at, dialled: `out-${index}` })),
      ...Array.from({ length: 3 }, (_, index) => ({
        at: minutesAgo(61 + index),
        caller: "",
        callee: LINE,
        dialled: `in-${index}`,
        kind: "incoming",
      })),
      { at: minutesAgo(59), dialled: "newest" },
    );
    const seen: string[] = [];
    let before: Awaited<ReturnType<typeof page>>["next"] | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const result = await lineHistory({ line: line(LINE), now: NOW, before: before ?? undefined, limit: 3 });
      seen.push(...result.calls.map((call) => call.dialled));
      before = result.next;
      if (!before) break;
    }
    expect(seen).toEqual(["newest", "out-3", "out-2", "out-1", "out-0", "in-0", "in-1", "in-2"]);
  });

  it("reads acc's timestamps as UTC, whatever the session's time zone", async () => {
    // PGlite is one session: its zone can be moved under the query. (PostgreSQL's pool is read with its default.)
    if (name === "PGlite") await db().execute(sql`set time zone 'America/Los_Angeles'`);
    try {
      await db().insert(kamailioAcc).values({ method: "INVITE", time: "2026-11-24 08:29:05", caller: LINE });
      const [call] = (await page(LINE)).calls;
      expect(call!.at).toEqual(new Date("2026-11-24T08:29:05Z"));
    } finally {
      if (name === "PGlite") await db().execute(sql`set time zone 'UTC'`);
    }
  });

  it("offers the customer's active and suspended lines only, never another customer's or a terminated one", async () => {
    await db()
      .update(ipPhoneLines)
      .set({ status: "suspended", suspensionReason: "non-payment" })
      .where(eq(ipPhoneLines.number, SECOND_LINE));
    expect((await historyLinesOf(suite.demo1)).map((row) => [row.number, row.status])).toEqual([
      [LINE, "active"],
      [SECOND_LINE, "suspended"],
    ]);
    await db()
      .update(ipPhoneLines)
      .set({ status: "terminated", suspensionReason: null, terminatedAt: NOW })
      .where(eq(ipPhoneLines.number, SECOND_LINE));
    expect((await historyLinesOf(suite.demo1)).map((row) => row.number)).toEqual([LINE]);
    expect((await historyLinesOf(suite.demo2)).map((row) => row.number)).toEqual([OTHER_CUSTOMERS]);
  });

  it("shows the demo calls (seeded twice: once) with every mark the page has", async () => {
    await seedDemoCalls(db(), NOW);
    await seedDemoCalls(db(), NOW);
    // The demo lines themselves, dated back to their first call.
    const [first, second] = await historyLinesOf(suite.demo1);
    const calls = (await page(LINE, { line: first })).calls;
    expect(
      calls.map((call) => [
        call.direction,
        call.kind,
        call.outcome.kind,
        call.duration === null ? null : formatCallDuration(call.duration),
        call.ended,
      ]),
    ).toEqual([
      ["outgoing", "domestic", "answered", "3分5秒", "bye"],
      ["incoming", "incoming", "answered", "1分2秒", "bye"],
      ["incoming", "incoming", "failed", null, null],
      ["outgoing", "international", "refused", null, null],
      ["outgoing", "premium", "refused", null, null],
      ["outgoing", "on-net", "answered", "45秒", "bye"],
      ["outgoing", "domestic", "failed", null, null],
      ["outgoing", "international", "answered", "60分0秒", "timeout"],
    ]);
    expect((await page(SECOND_LINE, { line: second })).calls.map((call) => [call.direction, call.caller])).toEqual([
      ["incoming", LINE],
    ]);
  });

  it("reads each direction backwards on its own index, never a scan of acc, at 20,000 rows (EXPLAIN)", async () => {
    await db().execute(sql`insert into acc (method, callid, sip_code, time, caller, callee, dialled, kind)
      select 'INVITE', 'bulk-' || g, '200', timestamp '2026-11-24 08:00:00' - g * interval '1 minute',
        case when g % 2 = 0 then '050' || lpad((g % 500)::text, 8, '0') else '' end,
        case when g % 2 = 1 then '050' || lpad((g % 500)::text, 8, '0') else '' end, '0312345678', 'domestic'
      from generate_series(1, 20000) g`);
    await db().execute(sql`analyze acc`);
    const statement = lineCallsStatement({
      number: LINE,
      from: historyStart(NOW),
      until: null,
      before: { at: minutesAgo(60), id: 1000 },
      limit: 51,
    });
    const plan = rowsOf<{ "QUERY PLAN": string }>(await db().execute(sql`explain (costs off) ${statement}`))
      .map((row) => row["QUERY PLAN"])
      .join("\n");
    expect(plan, plan).not.toMatch(/Seq Scan on acc\b/);
    expect(plan, plan).toMatch(/Index Scan Backward using acc_caller_time_idx/);
    expect(plan, plan).toMatch(/Index Scan Backward using acc_callee_time_idx/);
  });
});
