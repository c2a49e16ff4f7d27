import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const getSessionState = vi.fn();
vi.mock("@/db/queries/customers", () => ({ getSessionState: (id: string) => getSessionState(id) }));
const { SESSION_CHECK_TTL_MS, forgetSessionState, sessionStateOf } = await import("./session-state");

describe("the session version check behind page views", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 24, 5) });
    getSessionState.mockReset().mockResolvedValue({ role: "customer", sessionVersion: 3 });
    forgetSessionState("a");
  });
  afterEach(() => vi.useRealTimers());

  it("asks the database at most once per few seconds for a page view that matches", async () => {
    const view = { fresh: false, expectedVersion: 3 };
    expect(await sessionStateOf("a", view)).toEqual({ role: "customer", sessionVersion: 3 });
    await sessionStateOf("a", view);
    expect(getSessionState).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(SESSION_CHECK_TTL_MS);
    await sessionStateOf("a", view);
    expect(getSessionState).toHaveBeenCalledTimes(2);
  });

  it("always asks for an action, and after a sign-out on this instance", async () => {
    await sessionStateOf("a", { fresh: false, expectedVersion: 3 });
    await sessionStateOf("a", { fresh: true, expectedVersion: 3 });
    expect(getSessionState).toHaveBeenCalledTimes(2);
    forgetSessionState("a");
    await sessionStateOf("a", { fresh: false, expectedVersion: 3 });
    expect(getSessionState).toHaveBeenCalledTimes(3);
  });

  it("never turns a session away on a cached answer: a version it does not match is asked again", async () => {
    await sessionStateOf("a", { fresh: false, expectedVersion: 3 });
    getSessionState.mockResolvedValue({ role: "customer", sessionVersion: 4 });
    // A new sign-in (version 4) right after: the cache says 3, the database says 4.
    expect(await sessionStateOf("a", { fresh: false, expectedVersion: 4 })).toEqual({
      role: "customer",
      sessionVersion: 4,
    });
    expect(getSessionState).toHaveBeenCalledTimes(2);
  });

  it("keeps no answer read before a sign-out on this instance that happened while it was being read", async () => {
    let finish: (value: unknown) => void = () => {};
    getSessionState.mockImplementationOnce(() => new Promise((resolve) => (finish = resolve)));
    const reading = sessionStateOf("a", { fresh: false, expectedVersion: 3 });
    forgetSessionState("a");
    finish({ role: "customer", sessionVersion: 3 });
    await reading;
    getSessionState.mockResolvedValue({ role: "customer", sessionVersion: 4 });
    expect(await sessionStateOf("a", { fresh: false, expectedVersion: 3 })).toEqual({
      role: "customer",
      sessionVersion: 4,
    });
  });
});
