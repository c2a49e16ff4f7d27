import { describe, expect, it } from "vitest";
import { monthsBefore } from "./international";

const jst = (local: string) => new Date(`${local}+09:00`);

describe("monthsBefore", () => {
  it("goes back calendar months in Japan time, keeping the time of day", () => {
    expect(monthsBefore(jst("2026-12-02T10:15:00"), 6)).toEqual(jst("2026-06-02T10:15:00"));
    // Early morning in Japan is still the previous day in UTC: the Japanese date counts.
    expect(monthsBefore(jst("2026-12-01T03:00:00"), 1)).toEqual(jst("2026-11-01T03:00:00"));
  });

  it("lands on the month's last day when it has fewer days, across a year", () => {
    expect(monthsBefore(jst("2026-08-31T12:00:00"), 6)).toEqual(jst("2026-02-28T12:00:00"));
    expect(monthsBefore(jst("2027-03-31T00:30:00"), 13)).toEqual(jst("2026-02-28T00:30:00"));
  });
});
