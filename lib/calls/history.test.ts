import { describe, expect, it, vi } from "vitest";

// The window is pure; the queries behind the page are the integration tests' (lib/calls/history.int.test.ts).
vi.mock("@/db/queries/call-records", () => ({ listLineCalls: vi.fn() }));
const { HISTORY_DAYS, historyStart } = await import("./history");

describe("historyStart", () => {
  it("starts at 0:00 Japan time 89 days before today in Japan: 90 calendar days", () => {
    expect(HISTORY_DAYS).toBe(90);
    // 2026-11-24 17:30 in Japan.
    expect(historyStart(new Date("2026-11-24T08:30:00Z"))).toEqual(new Date("2026-08-26T15:00:00Z"));
  });

  it("moves on at midnight in Japan, not at midnight UTC", () => {
    // 2026-11-24 23:59:59.999 and 2026-11-25 0:00 in Japan.
    expect(historyStart(new Date("2026-11-24T14:59:59.999Z"))).toEqual(new Date("2026-08-26T15:00:00Z"));
    expect(historyStart(new Date("2026-11-24T15:00:00Z"))).toEqual(new Date("2026-08-27T15:00:00Z"));
    // 2026-11-25 8:59 in Japan is still the 24th in UTC.
    expect(historyStart(new Date("2026-11-24T23:59:00Z"))).toEqual(new Date("2026-08-27T15:00:00Z"));
  });

  it("is always less than 90×24 hours ago, so CALL_RECORD_DAYS of at least 90 covers it", () => {
    for (let minute = 0; minute < 24 * 60; minute += 7) {
      const now = new Date(Date.UTC(2026, 2, 1) + minute * 60_000);
      const age = now.getTime() - historyStart(now).getTime();
      expect(age).toBeGreaterThanOrEqual(89 * 24 * 60 * 60_000);
      expect(age).toBeLessThan(90 * 24 * 60 * 60_000);
    }
  });
});
