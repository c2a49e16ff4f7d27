import { describe, expect, it } from "vitest";
import { registrationState } from "./registration-state";

const appliedAt = new Date("2026-11-24T08:30:00Z");
const hour = 60 * 60_000;
const base = { status: "reflected" as const, appliedAt, now: new Date(appliedAt.getTime() + 10 * 60_000) };

describe("registrationState", () => {
  it("is confirmed by a registration that proves the new password, with its time and device", () => {
    const at = new Date("2026-11-24T08:41:07Z");
    expect(registrationState({ ...base, proof: { at, userAgent: "Yealink SIP-T46S" }, reminderAfterMs: hour })).toEqual(
      { kind: "confirmed", at, userAgent: "Yealink SIP-T46S" },
    );
  });

  it("waits without a registration, and is overdue once the reminder's time has come", () => {
    expect(registrationState({ ...base, proof: null, reminderAfterMs: hour })).toEqual({
      kind: "waiting",
      overdue: false,
    });
    const later = new Date(appliedAt.getTime() + hour);
    expect(registrationState({ ...base, now: later, proof: null, reminderAfterMs: hour })).toEqual({
      kind: "waiting",
      overdue: true,
    });
  });

  it("says nothing about the device for a change whose password a later change replaced", () => {
    expect(registrationState({ ...base, proof: undefined, reminderAfterMs: hour })).toEqual({ kind: "overtaken" });
  });

  it.each(["pending", "cancelled", "superseded", "failed"] as const)("says nothing for a %s change", (status) => {
    expect(registrationState({ ...base, status, appliedAt: null, proof: null, reminderAfterMs: hour })).toEqual({
      kind: "none",
    });
  });
});
