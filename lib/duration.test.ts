import { describe, expect, it } from "vitest";
import { formatDuration } from "./duration";

describe("formatDuration", () => {
  it.each([
    [60_000, "1分"],
    [10 * 60_000, "10分"],
    [30 * 60_000, "30分"],
    [60 * 60_000, "1時間"],
    [90 * 60_000, "1時間30分"],
    [24 * 60 * 60_000, "24時間"],
  ])("writes %i ms as %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
