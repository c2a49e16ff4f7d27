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
  /**
   * The SIP password-guessing flood (bench/sections/sip-flood.ts): wrong passwords a second from `addresses`
   * loopback addresses against `lines` bench lines and `unknownNumbers` numbers that are not ours, beside the phones
   * of `phoneLines` lines (`phonesPerLine` addresses each) registering `registersPerSecond` times a second in all,
   * for `seconds`. SIPp runs one process per line. Then `settleSeconds` for the registrar to send what it counted in
   * memory (the config sends a minute's remaining failures when its entry expires).
   */
  sipFlood: {
    seconds: number;
    guessesPerSecond: number;
    addresses: number;
    lines: number;
    unknownNumbers: number;
    phoneLines: number;
    phonesPerLine: number;
    registersPerSecond: number;
    settleSeconds: number;
    /** The same flood again with Kamailio connected to PostgreSQL directly, to see what the relay costs. */
    direct: boolean;
  };
  /** Call set-ups (bench/sections/call-setups.ts): bench lines calling at once, and calls each. */
  callSetups: { lines: number; callsPerLine: number };
  /**
   * Registrations (bench/sections/registrations.ts): `lines` lines provisioned; per round and config, `registers` of
   * them registered, `concurrent` REGISTERs waiting at a time; `counted` more for the statements per REGISTER.
   */
  registrations: { lines: number; registers: number; rounds: number; concurrent: number; counted: number };
  /** The CSV import (bench/sections/import.ts): customers and lines in the file. */
  importRows: { customers: number; lines: number };
  /** The support desk's search (bench/sections/customer-search.ts): customers provisioned, inputs timed per kind. */
  customerSearch: { customers: number; queries: number };
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
    sipFlood: {
      seconds: 30,
      guessesPerSecond: 2_000,
      addresses: 4_000,
      lines: 20,
      unknownNumbers: 5,
      phoneLines: 10,
      phonesPerLine: 25,
      registersPerSecond: 50,
      settleSeconds: 75,
      direct: true,
    },
    callSetups: { lines: 50, callsPerLine: 120 },
    registrations: { lines: 100_000, registers: 30_000, rounds: 3, concurrent: 50, counted: 1_000 },
    importRows: { customers: 100_000, lines: 150_000 },
    customerSearch: { customers: 1_000_000, queries: 50 },
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
    sipFlood: {
      seconds: 10,
      guessesPerSecond: 2_000,
      addresses: 4_000,
      lines: 20,
      unknownNumbers: 5,
      phoneLines: 10,
      phonesPerLine: 25,
      registersPerSecond: 50,
      settleSeconds: 75,
      direct: true,
    },
    callSetups: { lines: 40, callsPerLine: 50 },
    registrations: { lines: 20_000, registers: 5_000, rounds: 2, concurrent: 50, counted: 300 },
    importRows: { customers: 20_000, lines: 30_000 },
    customerSearch: { customers: 100_000, queries: 30 },
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
    sipFlood: {
      seconds: 3,
      guessesPerSecond: 40,
      addresses: 40,
      lines: 3,
      unknownNumbers: 1,
      phoneLines: 2,
      phonesPerLine: 2,
      registersPerSecond: 4,
      settleSeconds: 0,
      direct: false,
    },
    callSetups: { lines: 2, callsPerLine: 5 },
    registrations: { lines: 200, registers: 50, rounds: 1, concurrent: 10, counted: 20 },
    importRows: { customers: 1_000, lines: 1_500 },
    customerSearch: { customers: 2_000, queries: 5 },
  },
};
