// Whether the database failed lately, kept per process so the proxy can answer 503 without touching the database.

const holder = globalThis as typeof globalThis & { __selfcareDatabaseDownUntil?: number };

/** How long after a connection failure pages answer 503 straight away; then one request tries again. */
export const UNAVAILABLE_HOLD_SECONDS = 10;

// postgres.js and Node socket codes, and PostgreSQL's "connection exception" and "shutting down" SQLSTATEs.
const CONNECTION_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "57P01",
  "57P02",
  "57P03",
]);

/** A failure to reach the database (not a failing statement), anywhere in the error's cause chain. */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && CONNECTION_CODES.has(code)) return true;
    if (current instanceof AggregateError && current.errors.some(isConnectionError)) return true;
  }
  return false;
}

export function markDatabaseUnavailable(now = Date.now()): void {
  holder.__selfcareDatabaseDownUntil = now + UNAVAILABLE_HOLD_SECONDS * 1000;
}

export function isDatabaseUnavailable(now = Date.now()): boolean {
  return (holder.__selfcareDatabaseDownUntil ?? 0) > now;
}
