// The database's own error under whatever wraps it (drizzle's query errors put the SQL and its parameters in their
// message; the driver's error, with PostgreSQL's SQLSTATE and message, is their cause).

export type DatabaseError = { code: string; message: string };

const SQLSTATE = /^[0-9A-Z]{5}$/;

export function databaseErrorIn(error: unknown): DatabaseError | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && SQLSTATE.test(code)) return { code, message: current.message };
  }
  return undefined;
}
