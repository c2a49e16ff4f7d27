// Who may be here: the first line of every signed-in page, action and route handler (the proxy is never the only
// check). One rule for every case: no valid session goes to sign-in, the other role goes to its own home.
import "server-only";
import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import { getFreshSession, getSession } from "@/lib/auth/next-auth";
import { homeFor, signedOutDestination } from "@/lib/auth/config";
import type { Role } from "@/db/enums";
import { requestCookies } from "./request-cookies";

async function requireRole(role: Role, fresh: boolean): Promise<Session> {
  const session = await (fresh ? getFreshSession() : getSession());
  if (!session) {
    // A cookie that no longer yields a session was revoked or timed out: the sign-in page says so.
    redirect(signedOutDestination((await requestCookies()).has("session")));
  }
  if (session.user.role !== role) redirect(homeFor(session.user.role));
  return session;
}

/** For pages: the session version may be a few seconds old (lib/auth/session-state.ts). */
export const requireCustomer = () => requireRole("customer", false);
export const requireAdmin = () => requireRole("admin", false);
/** For actions and routes that change or export something: the session version as the database has it now. */
export const requireCustomerNow = () => requireRole("customer", true);
export const requireAdminNow = () => requireRole("admin", true);
