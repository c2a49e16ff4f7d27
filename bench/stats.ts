// Summaries of repeated measurements: percentiles of one run, median and spread across runs.

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** A figure measured several times: the median, and the lowest and highest run. */
export type Repeated = { median: number; min: number; max: number; runs: number[] };

export function repeated(runs: number[]): Repeated {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs };
}

export async function timeOnce(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** p95 of `iterations` timed calls, after a short warm-up. */
export async function p95Of(work: () => Promise<unknown>, iterations: number): Promise<number> {
  for (let i = 0; i < Math.min(5, iterations); i++) await work();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) times.push(await timeOnce(work));
  return percentile(
    times.sort((a, b) => a - b),
    95,
  );
}
