// Who may be here: the first line of every signed-in page, action and route handler (the proxy is never the only
// check). One rule for every case: no valid session goes to sign-in, the other role goes to its own home.
import "server-only";
import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import { getSession } from "@/auth";
import { homeFor, signedOutDestination } from "@/auth.config";
import type { Role } from "@/db/enums";
import { requestCookies } from "./request-cookies";

async function requireRole(role: Role): Promise<Session> {
  const session = await getSession();
  if (!session) {
    // A cookie that no longer yields a session was revoked or timed out: the sign-in page says so.
    redirect(signedOutDestination((await requestCookies()).has("session")));
  }
  if (session.user.role !== role) redirect(homeFor(session.user.role));
  return session;
}

export const requireCustomer = () => requireRole("customer");
export const requireAdmin = () => requireRole("admin");
