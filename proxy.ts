// The thin gate in front of every request: refuses malformed or cross-site posts, applies the route rules from the
// session JWT, and sets per-request security headers. No database here; pages and actions check the session again.
import { NextResponse, type NextRequest } from "next/server";
import NextAuth, { type Session } from "next-auth";
import type { Role } from "./db/enums";
import { authConfigFor, routeAccess, signedOutDestination } from "./auth.config";
import { cookieFor, isSecureRequest } from "./lib/auth/cookies";
import { FORWARDED_SESSION_HEADER, NO_SESSION, signForwardedSession } from "./lib/auth/forwarded-session";
import { UNAVAILABLE_HOLD_SECONDS, isDatabaseUnavailable } from "./lib/db-availability";
import { env } from "./lib/env";
import { rejectRequest } from "./lib/request-guard";
import { contentSecurityPolicy } from "./lib/security-headers";

const { auth } = NextAuth((request) => ({
  ...authConfigFor(request ? isSecureRequest(request.headers) : false),
  secret: env().authSecret,
}));

const isExpiredNotice = (url: URL) => url.pathname === "/login" && url.searchParams.has("expired");
const hasSessionCookie = (request: NextRequest) =>
  request.cookies.has(cookieFor("session", isSecureRequest(request.headers)).name);

/** What a page request gets, given who (if anyone) the session JWT says is signed in. */
function admit(request: NextRequest, session: Session | null): NextResponse {
  const role: Role | undefined = session?.user?.role;
  // The database failed moments ago: answer at once instead of letting every page fail against it.
  if (isDatabaseUnavailable()) {
    const unavailable = new URL("/unavailable", request.nextUrl);
    // A form post is not replayed at the unavailable page; the browser is sent there to read it.
    if (request.method !== "GET" && request.method !== "HEAD") return NextResponse.redirect(unavailable, 303);
    const response = withSecurityHeaders(request, null, (init) =>
      NextResponse.rewrite(unavailable, { ...init, status: 503 }),
    );
    response.headers.set("Retry-After", String(UNAVAILABLE_HOLD_SECONDS));
    return response;
  }
  // The session-expired notice must show even while the stale token still decodes (the page found it revoked).
  const access = isExpiredNotice(request.nextUrl)
    ? { allow: true as const }
    : routeAccess(request.nextUrl.pathname, role);
  if (!access.allow) {
    const destination = role ? access.redirectTo : signedOutDestination(hasSessionCookie(request));
    return NextResponse.redirect(new URL(destination, request.nextUrl));
  }

  return withSecurityHeaders(request, session, (init) => NextResponse.next(init));
}

// With a lazily built config, next-auth hands back the wrapped handler as a promise.
const gate = auth((request) => admit(request, request.auth));

export default async function proxy(request: NextRequest) {
  const refusal = rejectRequest(request);
  if (refusal) return refusal;
  // API routes check their own callers (cron secret, next-auth); they need neither the session nor a page policy,
  // only the request id their log lines carry.
  if (request.nextUrl.pathname.startsWith("/api/")) {
    const forwarded = new Headers(request.headers);
    forwarded.set("x-request-id", crypto.randomUUID());
    forwarded.delete(FORWARDED_SESSION_HEADER);
    return NextResponse.next({ request: { headers: forwarded } });
  }
  // No session cookie, nobody to identify: next-auth (JWT decoding, its CSRF cookie) has nothing to do.
  if (!hasSessionCookie(request)) return admit(request, null);
  // The handler ignores its second argument; next-auth's type asks for a route context.
  return (await gate)(request, { params: Promise.resolve({}) });
}

/**
 * A fresh nonce and request id, on the request (Next.js puts the nonce on every script it renders) and the response;
 * and the session just decoded, signed, for the page (whatever the browser sent under that name is replaced).
 */
function withSecurityHeaders(
  request: Request,
  session: Session | null,
  respond: (init: { request: { headers: Headers } }) => NextResponse,
): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const requestId = crypto.randomUUID();
  const policy = contentSecurityPolicy({
    nonce,
    development: !env().productionBuild,
    https: isSecureRequest(request.headers),
  });
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", policy);
  forwarded.set("x-request-id", requestId);
  forwarded.set(FORWARDED_SESSION_HEADER, forwardedSession(session));
  const response = respond({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", policy);
  response.headers.set("x-request-id", requestId);
  return response;
}

function forwardedSession(session: Session | null): string {
  const user = session?.user;
  if (!session || !user?.id || !user.role || user.sessionVersion === undefined) return NO_SESSION;
  return signForwardedSession(
    {
      id: user.id,
      role: user.role,
      name: user.name ?? "",
      sessionVersion: user.sessionVersion,
      expires: Math.floor(new Date(session.expires).getTime() / 1000),
    },
    env().authSecret,
  );
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
