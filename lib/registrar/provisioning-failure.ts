// What a failed reflection records: the database's own SQLSTATE and message (never drizzle's wrapper, whose text
// holds the SQL and, for a short statement, its parameters: ha1 is password-equivalent), or a reason a provisioner
// states on purpose; and whether the failure is transient, so that it is retried without using up an attempt.
import { databaseErrorIn } from "@/db/errors";
import { isConnectionError } from "@/lib/http/db-availability";

/** A failure whose message is safe to store and show to an admin (no secret, no SQL). */
export class ProvisioningError extends Error {
  override name = "ProvisioningError";
}

export type Failure = { reason: string; transient: boolean };

const MAX_REASON = 300;
// Connection exceptions, transaction rollbacks (serialization failure, deadlock), insufficient resources, lock not
// available, and the server shutting down: trying again later is expected to work.
const TRANSIENT = [/^08/, /^40/, /^53/, /^55P03$/, /^57P0[1-3]$/];

export function describeFailure(error: unknown): Failure {
  const database = databaseErrorIn(error);
  if (database) {
    return {
      reason: `${database.code}: ${database.message}`.slice(0, MAX_REASON),
      transient: TRANSIENT.some((pattern) => pattern.test(database.code)),
    };
  }
  if (isConnectionError(error)) return { reason: "database unreachable", transient: true };
  if (error instanceof ProvisioningError) return { reason: error.message.slice(0, MAX_REASON), transient: false };
  // Anything else may carry text nobody vetted: its kind only (the full error goes to the scrubbed log).
  return { reason: error instanceof Error ? `unexpected ${error.name}` : "unexpected failure", transient: false };
}
