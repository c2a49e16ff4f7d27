import { afterEach, describe, expect, it } from "vitest";
import { isConnectionError, isDatabaseUnavailable, markDatabaseUnavailable } from "./db-availability";

const withCode = (code: string) => Object.assign(new Error("boom"), { code });

describe("database availability", () => {
  // A hold that ended long ago: nothing else clears one (the hold simply runs out; no public request ends it).
  afterEach(() => markDatabaseUnavailable(0));

  it("recognises connection failures, also when wrapped as a cause", () => {
    expect(isConnectionError(withCode("ECONNREFUSED"))).toBe(true);
    expect(isConnectionError(new Error("Failed query", { cause: withCode("57P01") }))).toBe(true);
    expect(isConnectionError(new AggregateError([withCode("ECONNREFUSED")]))).toBe(true);
  });

  it("does not take a failing statement for an outage", () => {
    expect(isConnectionError(withCode("23505"))).toBe(false);
    expect(isConnectionError(new Error("no code"))).toBe(false);
    expect(isConnectionError("ECONNREFUSED")).toBe(false);
  });

  it("holds the unavailable state for ten seconds after a failure, then lets a request try again", () => {
    const at = 1_000_000;
    markDatabaseUnavailable(at);
    expect(isDatabaseUnavailable(at + 9_999)).toBe(true);
    expect(isDatabaseUnavailable(at + 10_000)).toBe(false);
  });
});
