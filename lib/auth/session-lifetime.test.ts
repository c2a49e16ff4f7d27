import { describe, expect, it } from "vitest";
import { SESSION_IDLE_SECONDS } from "./cookies";
import { SESSION_ABSOLUTE_SECONDS, sessionLifetime } from "./session-lifetime";

const signedIn = new Date("2026-11-24T00:00:00Z");
const signedInAt = signedIn.getTime() / 1000;
const after = (seconds: number) => new Date(signedIn.getTime() + seconds * 1000);

describe("a session's lifetime", () => {
  it("runs the idle time while the absolute end is further away", () => {
    expect(sessionLifetime({ role: "customer", signedInAt, now: after(60) })).toEqual({
      ended: false,
      maxAgeSeconds: SESSION_IDLE_SECONDS,
    });
  });

  it("ends 12 hours after a customer's sign-in and 8 after an operator's, however busy", () => {
    expect(SESSION_ABSOLUTE_SECONDS).toEqual({
      customer: 12 * 3600,
      viewer: 8 * 3600,
      support: 8 * 3600,
      admin: 8 * 3600,
    });
    expect(sessionLifetime({ role: "customer", signedInAt, now: after(12 * 3600 - 1) })).toEqual({
      ended: false,
      maxAgeSeconds: 1,
    });
    expect(sessionLifetime({ role: "customer", signedInAt, now: after(12 * 3600) })).toEqual({ ended: true });
    expect(sessionLifetime({ role: "admin", signedInAt, now: after(8 * 3600 - 600) })).toEqual({
      ended: false,
      maxAgeSeconds: 600,
    });
    expect(sessionLifetime({ role: "admin", signedInAt, now: after(8 * 3600) })).toEqual({ ended: true });
  });

  it("ends a token that carries no sign-in time", () => {
    expect(sessionLifetime({ role: "customer", signedInAt: undefined, now: after(60) })).toEqual({ ended: true });
  });
});
