import { describe, expect, it } from "vitest";
import { bucketStart, evaluateBuckets, latestRetryAt, limits } from "./rate-limit";

const at = (iso: string) => new Date(iso);
const policy = limits.loginFailuresPerId; // 10 in 15 minutes

describe("evaluateBuckets", () => {
  it("is not limited below the limit", () => {
    const state = evaluateBuckets(
      [{ windowStart: at("2026-11-24T05:00:00Z"), hits: 9 }],
      policy,
      at("2026-11-24T05:01:00Z"),
    );
    expect(state).toEqual({ count: 9, locked: false, retryAt: null });
  });

  it("limits at the limit and says when the oldest needed hits leave the window", () => {
    const buckets = [
      { windowStart: at("2026-11-24T05:00:00Z"), hits: 4 },
      { windowStart: at("2026-11-24T05:05:00Z"), hits: 6 },
    ];
    const state = evaluateBuckets(buckets, policy, at("2026-11-24T05:06:00Z"));
    expect(state).toEqual({ count: 10, locked: true, retryAt: at("2026-11-24T05:15:00Z") });
  });

  it("slides: hits older than the window no longer count", () => {
    const buckets = [
      { windowStart: at("2026-11-24T05:00:00Z"), hits: 4 },
      { windowStart: at("2026-11-24T05:05:00Z"), hits: 6 },
    ];
    expect(evaluateBuckets(buckets, policy, at("2026-11-24T05:15:00Z"))).toEqual({
      count: 6,
      locked: false,
      retryAt: null,
    });
  });

  it("keeps the lock until enough hits age out when the newest bucket alone is over the limit", () => {
    const buckets = [
      { windowStart: at("2026-11-24T05:00:00Z"), hits: 3 },
      { windowStart: at("2026-11-24T05:10:00Z"), hits: 12 },
    ];
    expect(evaluateBuckets(buckets, policy, at("2026-11-24T05:11:00Z")).retryAt).toEqual(at("2026-11-24T05:25:00Z"));
  });
});

describe("bucketStart", () => {
  it("truncates to the minute", () => {
    expect(bucketStart(at("2026-11-24T05:06:59.999Z"))).toEqual(at("2026-11-24T05:06:00Z"));
  });

  it("waits for the last of several locked limits, and ignores the ones with room", () => {
    expect(
      latestRetryAt([
        { count: 30, locked: true, retryAt: at("2026-11-24T05:10:00Z") },
        { count: 3, locked: false, retryAt: null },
        { count: 100, locked: true, retryAt: at("2026-11-24T05:14:00Z") },
      ]),
    ).toEqual(at("2026-11-24T05:14:00Z"));
  });
});
