import { describe, expect, it } from "vitest";
import { describeOutage, describeReflection, reflectionSchedule, reflectionTime, type ServiceKind } from "./reflection";
import { formatJst, formatJstWait } from "@/lib/jst";

/** A JST wall-clock time, written the way the provider's schedule does. */
const jst = (isoLocal: string) => new Date(`${isoLocal}+09:00`);

// The provider's B2BUA table, typed out independently of the implementation: [from hour, reflected at h:30].
const manualBatchTable: [number, number][] = [
  [0, 1],
  [1, 2],
  [2, 17],
  [3, 17],
  [4, 17],
  [5, 17],
  [6, 17],
  [7, 17],
  [8, 17],
  [9, 17],
  [10, 17],
  [11, 17],
  [12, 17],
  [13, 17],
  [14, 17],
  [15, 17],
  [16, 17],
  [17, 18],
  [18, 19],
  [19, 20],
  [20, 21],
  [21, 22],
  [22, 23],
  [23, 24],
];

describe(`reflectionTime (process TZ=${process.env.TZ ?? "unset"})`, () => {
  it("runs in the time zone the test runner asked for", () => {
    if (process.env.TZ) expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(process.env.TZ);
  });

  it("reflects the provider's example: a B2BUA change at 14:00 is reflected at 17:30", () => {
    const requested = jst("2026-11-24T14:00:00");
    const reflection = reflectionTime("b2bua", requested);
    expect(reflection).toEqual({ at: jst("2026-11-24T17:30:00"), mode: "batch" });
    expect(describeReflection(reflection)).toBe("2026年11月24日 17:30");
    expect(describeOutage(requested, reflection)).toBe("14:00 ～ 17:30");
  });

  it.each<[string, string]>([
    ["2026-11-24T00:00:00", "2026-11-24T01:30:00"],
    ["2026-11-24T00:59:59", "2026-11-24T01:30:00"],
    ["2026-11-24T01:00:00", "2026-11-24T02:30:00"],
    ["2026-11-24T01:59:59", "2026-11-24T02:30:00"],
    ["2026-11-24T02:00:00", "2026-11-24T17:30:00"],
    ["2026-11-24T16:59:59", "2026-11-24T17:30:00"],
    ["2026-11-24T17:00:00", "2026-11-24T18:30:00"],
    ["2026-11-24T17:59:59", "2026-11-24T18:30:00"],
    ["2026-11-24T22:59:59", "2026-11-24T23:30:00"],
    ["2026-11-24T23:00:00", "2026-11-25T00:30:00"],
    ["2026-11-24T23:59:59", "2026-11-25T00:30:00"],
    ["2026-11-25T00:00:00", "2026-11-25T01:30:00"],
  ])("a batch request at %s JST is reflected at %s JST", (requested, expected) => {
    expect(reflectionTime("b2bua", jst(requested)).at).toEqual(jst(expected));
    expect(reflectionTime("b2bua-opengate", jst(requested)).at).toEqual(jst(expected));
  });

  it("rolls over month and year ends", () => {
    expect(reflectionTime("b2bua", jst("2026-12-31T23:10:00")).at).toEqual(jst("2027-01-01T00:30:00"));
    expect(reflectionTime("b2bua", jst("2026-11-30T23:00:00")).at).toEqual(jst("2026-12-01T00:30:00"));
  });

  it("agrees with the provider's table for every minute of a day, for both batch services", () => {
    for (const service of ["b2bua", "b2bua-opengate"] as ServiceKind[]) {
      for (let minute = 0; minute < 24 * 60; minute++) {
        const hour = Math.floor(minute / 60);
        const requested = new Date(jst("2026-11-24T00:00:00").getTime() + minute * 60_000 + 59_999);
        const [, reflectedHour] = manualBatchTable[hour]!;
        const expected = new Date(jst("2026-11-24T00:30:00").getTime() + reflectedHour * 3_600_000);
        expect(reflectionTime(service, requested), `${service} at minute ${minute}`).toEqual({
          at: expected,
          mode: "batch",
        });
      }
    }
  });

  it("reflects the IP phone service within 15 minutes at any time", () => {
    for (let minute = 0; minute < 24 * 60; minute++) {
      const requested = new Date(jst("2026-11-24T00:00:00").getTime() + minute * 60_000);
      expect(reflectionTime("ip-phone", requested)).toEqual({
        at: new Date(requested.getTime() + 15 * 60_000),
        mode: "within",
      });
      // Made during the minute, it is still reflected at most 15 minutes on, at that minute's end.
      const late = new Date(requested.getTime() + 59_999);
      const { at } = reflectionTime("ip-phone", late);
      expect(at).toEqual(new Date(requested.getTime() + 15 * 60_000));
      expect(at.getTime() - late.getTime()).toBeLessThanOrEqual(15 * 60_000);
    }
  });

  it("describes the 15-minute window with its deadline", () => {
    const onTheMinute = reflectionTime("ip-phone", jst("2026-11-24T14:00:00"));
    expect(describeReflection(onTheMinute)).toBe("15分以内（2026年11月24日 14:15 まで）");
    const requested = jst("2026-11-24T23:50:20");
    const late = reflectionTime("ip-phone", requested);
    expect(describeReflection(late)).toBe("15分以内（2026年11月25日 0:05 まで）");
    expect(describeOutage(requested, late)).toBe("23:50 ～ 2026年11月25日 0:05");
  });

  it("reflects on a whole minute, so the admin's list and the customer's page show the very instant", () => {
    const change = reflectionTime("ip-phone", jst("2026-11-24T07:30:30"));
    expect(change.at).toEqual(jst("2026-11-24T07:45:00"));
    expect(formatJst(change.at)).toBe("2026年11月24日 7:45");
    expect(describeReflection(change)).toBe(`15分以内（${formatJst(change.at)} まで）`);
  });
});

describe("formatJst", () => {
  it("writes Japan time without a leading zero on the hour", () => {
    expect(formatJst(new Date("2026-11-24T15:30:00Z"))).toBe("2026年11月25日 0:30");
    expect(formatJst(new Date("2026-11-24T08:30:00Z"))).toBe("2026年11月24日 17:30");
    expect(formatJst(new Date("2026-01-05T00:05:00Z"))).toBe("2026年1月5日 9:05");
    // Seconds are dropped, as a clock shows them; a time someone waits for rounds up instead.
    expect(formatJst(new Date("2026-01-05T14:59:01Z"))).toBe("2026年1月5日 23:59");
    expect(formatJstWait(new Date("2026-01-05T14:59:01Z"))).toBe("2026年1月6日 0:00");
    expect(formatJstWait(new Date("2026-01-05T14:59:00Z"))).toBe("2026年1月5日 23:59");
  });
});

describe("reflectionSchedule", () => {
  it("shows the provider's tables for all three services", () => {
    expect(reflectionSchedule.flatMap((table) => table.services).sort()).toEqual([
      "b2bua",
      "b2bua-opengate",
      "ip-phone",
    ]);
    expect(reflectionSchedule[0]!.rows).toEqual([{ requestedDuring: "随時", reflectedAt: "15分以内" }]);
    expect(reflectionSchedule[1]!.rows).toEqual([
      { requestedDuring: "0:00～1:00", reflectedAt: "1:30" },
      { requestedDuring: "1:00～2:00", reflectedAt: "2:30" },
      { requestedDuring: "2:00～17:00", reflectedAt: "17:30" },
      { requestedDuring: "17:00～18:00", reflectedAt: "18:30" },
      { requestedDuring: "18:00～19:00", reflectedAt: "19:30" },
      { requestedDuring: "19:00～20:00", reflectedAt: "20:30" },
      { requestedDuring: "20:00～21:00", reflectedAt: "21:30" },
      { requestedDuring: "21:00～22:00", reflectedAt: "22:30" },
      { requestedDuring: "22:00～23:00", reflectedAt: "23:30" },
      { requestedDuring: "23:00～0:00", reflectedAt: "翌0:30" },
    ]);
  });
});
