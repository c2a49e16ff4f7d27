import { describe, expect, it } from "vitest";
import { median, percentile, repeated } from "./stats";

describe("benchmark statistics", () => {
  it("takes the nearest-rank percentile of sorted samples", () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile([7], 95)).toBe(7);
  });

  it("reports the median and the spread of repeated runs", () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(repeated([12, 9, 15])).toEqual({ median: 12, min: 9, max: 15, runs: [12, 9, 15] });
  });
});
