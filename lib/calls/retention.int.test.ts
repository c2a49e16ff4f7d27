// The scheduled work's share of the call records against a real database: the latest international call that went out
// carried over to its line (only forward, never a refusal's, never a number's earlier owner's), and the records older
// than CALL_RECORD_DAYS deleted in batches, each carrying what it deletes over first.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { ipPhoneLines, kamailioAcc, kamailioAccCdrs } from "@/db/schema";
import { env } from "@/lib/env";
import { demoDatabase, testTargets } from "@/test/databases";
import { ageCallRecords, CALL_RECORD_BATCHES_PER_RUN, CARRY_LOOKBACK_MS } from "./retention";

const LINE = "05012345678";
const OFF_LINE = "05087654321";
const NOW = new Date("2026-11-24T08:30:00Z");
const DAY_MS = 24 * 60 * 60_000;

const accTime = (at: Date) => at.toISOString().replace("T", " ").replace("Z", "");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

type Call = Partial<typeof kamailioAcc.$inferInsert> & { at: Date };

describe.each(testTargets())("call records' carry-over and retention on $name", ({ open }) => {
  const suite = demoDatabase({ open, clear: [kamailioAcc, kamailioAccCdrs] });
  const db = () => suite.database.db;

  async function record(...calls: Call[]) {
    await db()
      .insert(kamailioAcc)
      .values(
        calls.map(({ at, ...call }) => ({
          method: "INVITE",
          sipCode: "200",
          sipReason: "OK",
          caller: LINE,
          dialled: "0014155550100",
          kind: "international",
          ...call,
          time: accTime(at),
        })),
      );
  }
  async function setLine(number: string, values: Partial<typeof ipPhoneLines.$inferInsert>) {
    await db().update(ipPhoneLines).set(values).where(eq(ipPhoneLines.number, number));
  }
  async function lastCall(number: string) {
    const [row] = await db()
      .select({ at: ipPhoneLines.internationalLastCallAt })
      .from(ipPhoneLines)
      .where(eq(ipPhoneLines.number, number));
    return row!.at;
  }
  const remaining = async () => (await db().select({ id: kamailioAcc.id }).from(kamailioAcc)).length;
  const created = new Date("2020-01-01T00:00:00Z");
  // The demo seed leaves a line's international history as it found it: each test starts from none.
  beforeEach(async () => {
    await db().update(ipPhoneLines).set({
      internationalCalling: false,
      internationalChangedAt: null,
      internationalLastCallAt: null,
      createdAt: created,
    });
  });

  it("carries the latest international call that went out over to a line whose international calling is on", async () => {
    await setLine(LINE, { internationalCalling: true, internationalChangedAt: ago(10 * DAY_MS) });
    await record(
      { at: ago(60 * 60_000) },
      // The far end's refusal and a busy line went out all the same.
      { at: ago(50 * 60_000), sipCode: "403", sipReason: "Forbidden" },
      { at: ago(40 * 60_000), sipCode: "486", sipReason: "Busy Here" },
      // The policy's refusals did not go out; nor did a domestic call, or a call to this line from abroad.
      { at: ago(30 * 60_000), sipCode: "403", sipReason: "Too Many International Calls" },
      { at: ago(20 * 60_000), sipCode: "403", sipReason: "International Calls Stopped" },
      { at: ago(10 * 60_000), kind: "domestic", dialled: "0312345678" },
      { at: ago(5 * 60_000), caller: "", callee: LINE, kind: "incoming" },
    );
    expect(await ageCallRecords(NOW)).toEqual({ carried: 1, deleted: 0, deletedCdrs: 0 });
    expect(await lastCall(LINE)).toEqual(ago(40 * 60_000));
    // Nothing newer: the next run moves nothing.
    expect((await ageCallRecords(NOW)).carried).toBe(0);
  });

  it("only moves forward, and reads a line's own calls only: not from before it was created", async () => {
    await setLine(LINE, { internationalCalling: true, internationalLastCallAt: ago(30 * 60_000) });
    await record({ at: ago(60 * 60_000) });
    await ageCallRecords(NOW);
    expect(await lastCall(LINE)).toEqual(ago(30 * 60_000));

    // The number's earlier owner's call, before this line was created.
    await setLine(OFF_LINE, { internationalCalling: true, createdAt: ago(20 * 60_000) });
    await record({ at: ago(25 * 60_000), caller: OFF_LINE });
    await ageCallRecords(NOW);
    expect(await lastCall(OFF_LINE)).toBeNull();
  });

  it("carries a call made just before the line's international calling went off, not an old one's of a line that is off", async () => {
    await setLine(LINE, { internationalChangedAt: ago(10 * 60_000) });
    await setLine(OFF_LINE, { internationalChangedAt: ago(CARRY_LOOKBACK_MS + 60_000) });
    await record({ at: ago(15 * 60_000) }, { at: ago(15 * 60_000), caller: OFF_LINE });
    expect((await ageCallRecords(NOW)).carried).toBe(1);
    expect(await lastCall(LINE)).toEqual(ago(15 * 60_000));
    expect(await lastCall(OFF_LINE)).toBeNull();
  });

  it("deletes acc rows and CDRs older than CALL_RECORD_DAYS×24 hours, and keeps the rest", async () => {
    const cutoff = ago(env().callRecordDays * DAY_MS);
    expect(env().callRecordDays).toBe(180);
    await record(
      { at: new Date(cutoff.getTime() - 1000), kind: "domestic" },
      { at: cutoff, kind: "domestic" },
      { at: NOW, kind: "domestic" },
    );
    await db()
      .insert(kamailioAccCdrs)
      .values([
        { callid: "old", startTime: accTime(new Date(cutoff.getTime() - 1000)) },
        { callid: "kept", startTime: accTime(cutoff) },
      ]);
    expect(await ageCallRecords(NOW)).toEqual({ carried: 0, deleted: 1, deletedCdrs: 1 });
    expect(await remaining()).toBe(2);
    expect(
      (await db().select({ callid: kamailioAccCdrs.callid }).from(kamailioAccCdrs)).map((row) => row.callid),
    ).toEqual(["kept"]);
  });

  it("deletes in batches, a bounded number a run, oldest first; the rest goes on the next run", async () => {
    const old = ago(400 * DAY_MS);
    const total = CALL_RECORD_BATCHES_PER_RUN * 2 + 3;
    await record(
      ...Array.from({ length: total }, (_, index) => ({
        at: new Date(old.getTime() + index * 1000),
        kind: "domestic",
      })),
      { at: NOW, kind: "domestic" },
    );
    expect((await ageCallRecords(NOW, 2)).deleted).toBe(CALL_RECORD_BATCHES_PER_RUN * 2);
    expect(await remaining()).toBe(4);
    expect((await ageCallRecords(NOW, 2)).deleted).toBe(3);
    expect(await remaining()).toBe(1);
  });

  it("carries an old international call over as its record is deleted, whatever the line's setting now", async () => {
    const old = ago(200 * DAY_MS);
    await record(
      { at: old, caller: OFF_LINE },
      { at: new Date(old.getTime() + 1000), caller: OFF_LINE, sipCode: "403", sipReason: "International Calls Off" },
    );
    expect(await ageCallRecords(NOW)).toMatchObject({ carried: 0, deleted: 2 });
    expect(await lastCall(OFF_LINE)).toEqual(old);
    // Never backwards: a later value stays.
    await setLine(OFF_LINE, { internationalLastCallAt: ago(DAY_MS) });
    await record({ at: old, caller: OFF_LINE });
    await ageCallRecords(NOW);
    expect(await lastCall(OFF_LINE)).toEqual(ago(DAY_MS));
  });
});
