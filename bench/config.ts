// How much each mode measures: `--quick` for development, `--smoke` for the test suite, the full run for bench/results/latest.md.
export type Mode = "full" | "quick" | "smoke";

export type Plan = {
  repeats: number;
  /** Seconds per page-latency load. */
  pageSeconds: number;
  connections: number[];
  /** Seconds per change / login throughput load, and how many signed-in customers submit changes at once. */
  actionSeconds: number;
  actionConnections: number;
  accounts: number;
  adminSizes: number[];
  queryIterations: number;
  jobChanges: number;
  /** Rounds of "ten wrong passwords" per kind of ID for the lock-threshold timing. */
  lockRounds: number;
};

export const plans: Record<Mode, Plan> = {
  full: {
    repeats: 3,
    pageSeconds: 5,
    connections: [1, 10, 50],
    actionSeconds: 10,
    actionConnections: 8,
    accounts: 1_000,
    adminSizes: [10_000, 100_000, 1_000_000],
    queryIterations: 50,
    jobChanges: 100_000,
    lockRounds: 30,
  },
  quick: {
    repeats: 3,
    pageSeconds: 1,
    connections: [1, 10, 50],
    actionSeconds: 2,
    actionConnections: 8,
    accounts: 300,
    adminSizes: [10_000, 100_000],
    queryIterations: 30,
    jobChanges: 5_000,
    lockRounds: 10,
  },
  smoke: {
    repeats: 1,
    pageSeconds: 1,
    connections: [2],
    actionSeconds: 1,
    actionConnections: 2,
    accounts: 20,
    adminSizes: [1_000],
    queryIterations: 3,
    jobChanges: 200,
    lockRounds: 2,
  },
};
