import { describe, expect, it } from "vitest";
import { lineTransition, quarantineEnds } from "./lifecycle";

const active = { status: "active", suspensionReason: null, serviceKind: "ip-phone" } as const;
const suspended = { status: "suspended", suspensionReason: "non-payment", serviceKind: "ip-phone" } as const;
const terminated = { status: "terminated", suspensionReason: null, serviceKind: "ip-phone" } as const;

describe("lineTransition", () => {
  it("suspends an active line and resumes a suspended one", () => {
    expect(lineTransition(active, suspended)).toEqual({ kind: "suspend" });
    expect(lineTransition(suspended, active)).toEqual({ kind: "resume" });
  });

  it("terminates from any live state", () => {
    expect(lineTransition(active, terminated)).toEqual({ kind: "terminate" });
    expect(lineTransition(suspended, terminated)).toEqual({ kind: "terminate" });
  });

  it("never brings a terminated line back", () => {
    expect(lineTransition(terminated, active)).toEqual({ kind: "refused" });
    expect(lineTransition(terminated, suspended)).toEqual({ kind: "refused" });
    expect(lineTransition(terminated, { ...terminated, serviceKind: "b2bua" })).toEqual({ kind: "refused" });
  });

  it("answers the same state as unchanged, and a new reason or service kind as an update", () => {
    expect(lineTransition(active, active)).toEqual({ kind: "unchanged" });
    expect(lineTransition(terminated, terminated)).toEqual({ kind: "unchanged" });
    expect(lineTransition(suspended, { ...suspended, suspensionReason: "fraud" })).toEqual({ kind: "update" });
    expect(lineTransition(active, { ...active, serviceKind: "b2bua" })).toEqual({ kind: "update" });
  });
});

describe("quarantineEnds", () => {
  it("adds the quarantine to the termination", () => {
    const terminatedAt = new Date("2026-12-01T03:00:00Z");
    expect(quarantineEnds({ terminatedAt, quarantineMs: 90 * 86_400_000 })).toEqual(new Date("2027-03-01T03:00:00Z"));
  });
});
