// The part of the next-auth setup the proxy can run: no database, no providers, only the JWT and route rules.
import type { NextAuthConfig } from "next-auth";
import { isOperatorRole, type Role } from "@/db/enums";
import { SESSION_IDLE_SECONDS, cookieFor } from "@/lib/auth/cookies";
import { decode, encode } from "@/lib/auth/jwt";

const customerOnly = ["/menu", "/ip-phone", "/account"];
const adminOnly = ["/admin"];
const signInPages = ["/login"];

const under = (path: string, prefixes: string[]) =>
  prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));

export const homeFor = (role: Role) => (isOperatorRole(role) ? "/admin/changes" : "/menu");

/** Where a request with a session that is no longer valid (idle timeout, signed out elsewhere) is sent. */
export const SESSION_EXPIRED_PATH = "/login?expired=1";

/** Someone without a valid session: told their session ended when they still carry its cookie. */
export const signedOutDestination = (hasSessionCookie: boolean) => (hasSessionCookie ? SESSION_EXPIRED_PATH : "/login");

type RouteAccess = { allow: true } | { allow: false; redirectTo: string };

/** Who may open `path`: signed-in people leave the login pages; each role stays in its own area. */
export function routeAccess(path: string, role: Role | undefined): RouteAccess {
  if (under(path, signInPages)) return role ? { allow: false, redirectTo: homeFor(role) } : { allow: true };
  const area = under(path, customerOnly) ? "customer" : under(path, adminOnly) ? "console" : undefined;
  if (!area || (role && (area === "console" ? isOperatorRole(role) : area === role))) return { allow: true };
  return { allow: false, redirectTo: role ? homeFor(role) : "/login" };
}

/** The config for one request: on https the session cookie is `__Host-` prefixed (lib/auth/cookies.ts). */
export function authConfigFor(secure: boolean) {
  const { name, options } = cookieFor("session", secure);
  return {
    trustHost: true,
    pages: { signIn: "/login" },
    // 30 minutes idle: every request through the proxy re-issues the token with a fresh expiry.
    session: { strategy: "jwt", maxAge: SESSION_IDLE_SECONDS, updateAge: 0 },
    // Auth.js's token format, with the derived key kept instead of derived on every request (lib/auth/jwt.ts).
    jwt: { encode, decode },
    cookies: { sessionToken: { name, options: { ...options, maxAge: undefined } } },
    providers: [],
    callbacks: {
      session({ session, token }) {
        session.user.id = token.id;
        session.user.role = token.role;
        // For the proxy's forwarded session (lib/auth/forwarded-session.ts); sessions never reach the browser.
        session.user.sessionVersion = token.sessionVersion;
        session.user.signedInAt = token.signedInAt;
        return session;
      },
    },
  } satisfies NextAuthConfig;
}
