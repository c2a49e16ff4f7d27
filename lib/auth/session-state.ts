// Whether a session is still the account's (signing out bumps the version; JWTs cannot be revoked otherwise). Page
// views read it through a cache of a few seconds per account on this server instance; actions always ask the
// database, and a sign-out forgets the account here at once.
import { getSessionState } from "@/db/queries/customers";
import type { Role } from "@/db/enums";

/** How stale a page view's check may be: a sign-out on another instance reaches page views within this time. */
export const SESSION_CHECK_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

type State =
  { role: Role; sessionVersion: number; mustChangePassword: boolean; mustRegisterPasskey: boolean } | undefined;
const checked = new Map<string, { state: State; at: number }>();
/** Sign-outs seen per account: an answer read before one must not be kept after it. */
const forgotten = new Map<string, number>();

/**
 * The account's role, session version and forced password change. Whatever sets the forced change (a re-issued
 * letter) bumps the version too, and changing the password clears it with a bump, so a cached answer is never
 * stale about it for the version it matches. A cached answer is only ever used to accept: when it does not match
 * `expectedVersion` (a newer sign-in, or a sign-out), the database is asked before anyone is turned away.
 */
export async function sessionStateOf(
  id: string,
  { fresh, expectedVersion }: { fresh: boolean; expectedVersion: number },
): Promise<State> {
  const now = Date.now();
  const entry = checked.get(id);
  if (!fresh && entry?.state?.sessionVersion === expectedVersion && now - entry.at < SESSION_CHECK_TTL_MS) {
    return entry.state;
  }
  const generation = forgotten.get(id) ?? 0;
  const state = await getSessionState(id);
  // A sign-out on this instance while the database was being asked: keep nothing read before it.
  if ((forgotten.get(id) ?? 0) !== generation) return state;
  if (checked.size >= MAX_ENTRIES) {
    for (const [key, value] of checked) if (now - value.at >= SESSION_CHECK_TTL_MS) checked.delete(key);
    if (checked.size >= MAX_ENTRIES) checked.clear();
  }
  checked.set(id, { state, at: now });
  return state;
}

/** After a sign-out on this instance: the next page view asks the database again. */
export function forgetSessionState(id: string): void {
  checked.delete(id);
  forgotten.set(id, (forgotten.get(id) ?? 0) + 1);
}
