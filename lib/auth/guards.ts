// Who may be here: the first line of every signed-in page, action and route handler (the proxy is never the only
// check). One rule for every case: no valid session goes to sign-in, the other role goes to its own home, and a
// customer still on a generated password (provisioning, a re-issued letter) goes to the password page until it is
// changed.
import "server-only";
import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import { getFreshSession, getSession, getSessionCheckedByAction } from "@/lib/auth/next-auth";
import { homeFor, signedOutDestination } from "@/lib/auth/config";
import { isOperatorRole, type OperatorRole, type Role } from "@/db/enums";
import { can, type OperatorAction } from "./permissions";
import { requestCookies } from "./request-cookies";

type Check = "cached" | "fresh" | "by-action";
const sessionFor = { cached: getSession, fresh: getFreshSession, "by-action": getSessionCheckedByAction };

/** Where a customer on a generated password is kept (「初回ログインのため、…変更してください」). */
const FORCED_PASSWORD_PATH = "/account/password";

/** An action that found the forced change in its own first statement (lib/changes/password-change.ts). */
export function passwordChangeRequired(): never {
  redirect(FORCED_PASSWORD_PATH);
}

async function signedInSession(check: Check): Promise<Session> {
  const session = await sessionFor[check]();
  // A cookie that no longer yields a session was revoked or timed out: the sign-in page says so.
  if (!session) redirect(signedOutDestination((await requestCookies()).has("session")));
  return session;
}

async function requireRole(role: Role, check: Check, duringForcedChange = false): Promise<Session> {
  const session = await signedInSession(check);
  if (session.user.role !== role) redirect(homeFor(session.user.role));
  // Known for "cached" and "fresh"; a "by-action" caller reads it in its own first statement.
  if (session.user.mustChangePassword && !duringForcedChange) passwordChangeRequired();
  return session;
}

/** For pages: the session version may be a few seconds old (lib/auth/session-state.ts). */
export const requireCustomer = () => requireRole("customer", "cached");
/** For actions and routes that change or export something: the session version as the database has it now. */
export const requireCustomerNow = () => requireRole("customer", "fresh");

/** Where an operator is sent for something their role does not allow (the page says what they may do). */
const DENIED_PATH = "/admin/denied";

export type OperatorSession = Session & { user: Session["user"] & { role: OperatorRole } };

/**
 * Where an operator with neither a passkey nor the emailed-code fallback (a new admin after the first sign-in) is kept
 * until they register one.
 */
const OPERATOR_PASSKEYS_PATH = "/admin/account/passkeys";

async function requireOperatorFor(
  action: OperatorAction | null,
  check: Check,
  duringPasskeySetup = false,
): Promise<OperatorSession> {
  const session = await signedInSession(check);
  const role = session.user.role;
  if (!isOperatorRole(role)) redirect(homeFor(role));
  if (session.user.mustRegisterPasskey && !duringPasskeySetup) redirect(OPERATOR_PASSKEYS_PATH);
  if (action && !can(role, action)) redirect(DENIED_PATH);
  return session as OperatorSession;
}

/**
 * The console's one check, deny by default: an operator whose role may do `action` (lib/auth/permissions.ts). For
 * pages, with a session version a few seconds old at most.
 */
export const requireOperator = (action: OperatorAction) => requireOperatorFor(action, "cached");
/** For console actions and routes that change or export something: the session version as the database has it. */
export const requireOperatorNow = (action: OperatorAction) => requireOperatorFor(action, "fresh");
/** Any operator at all: the pages every role has (the refusal page). */
export const requireAnyOperator = () => requireOperatorFor(null, "cached");
/** The operator's own passkeys page and its actions: open to every role, and the only page before the first passkey. */
export const requireOperatorDuringPasskeySetup = () => requireOperatorFor(null, "cached", true);
export const requireOperatorNowDuringPasskeySetup = () => requireOperatorFor(null, "fresh", true);
/**
 * The only pages and actions a customer on a generated password may use: the self-care password page, its code and
 * the step-up it may ask for (signing out needs no guard).
 */
export const requireCustomerDuringForcedChange = () => requireRole("customer", "cached", true);
export const requireCustomerNowDuringForcedChange = () => requireRole("customer", "fresh", true);
/**
 * For an action that reads the account's session version in its own first statement and does nothing unless it is
 * the token's (lib/changes/password-change.ts); a mismatch ends in `signedOut()`.
 */
export const requireCustomerCheckedByAction = () => requireRole("customer", "by-action");

/** Where an action sends a session its own check found ended (signed out elsewhere, or the account gone). */
export async function signedOut(): Promise<never> {
  redirect(signedOutDestination((await requestCookies()).has("session")));
}
