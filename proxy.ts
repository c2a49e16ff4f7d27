// The thin gate in front of every request: refuses malformed or cross-site posts, applies the route rules from the
// session JWT, and sets per-request security headers. No database here; pages and actions check the session again.
import { NextResponse, type NextRequest } from "next/server";
import type { Session } from "next-auth";
import type { Role } from "./db/enums";
import { routeAccess, signedOutDestination } from "./lib/auth/config";
import { cookieFor, isSecureRequest } from "./lib/auth/cookies";
import { decode, encode } from "./lib/auth/jwt";
import { FORWARDED_SESSION_HEADER, NO_SESSION, signForwardedSession } from "./lib/auth/forwarded-session";
import { sessionLifetime } from "./lib/auth/session-lifetime";
import { UNAVAILABLE_HOLD_SECONDS, isDatabaseUnavailable } from "./lib/http/db-availability";
import { env } from "./lib/env";
import { rejectRequest } from "./lib/http/request-guard";
import { now } from "./lib/server/clock";
import { API_CONTENT_SECURITY_POLICY, contentSecurityPolicy } from "./lib/http/security-headers";
import { HASHING_RETRY_AFTER_SECONDS, OVERLOADED_MESSAGE, hashingSaturated } from "./lib/server/hashing-gate";

const isPageView = (request: NextRequest) => request.method === "GET" || request.method === "HEAD";
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
    if (!isPageView(request)) return NextResponse.redirect(unavailable, 303);
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
  // Route rules are for page views. A post is a server action, which checks the session itself (its ID is not tied to
  // the path, so the path grants nothing); redirected, the browser would post the action again to the other page,
  // which does not know it: the error page with JavaScript, 「Server Action unavailable.」 without. So a code step
  // whose browser holds a revoked token a late answer put back (decoded here as a session) still signs in.
  if (!access.allow && isPageView(request)) {
    const destination = role ? access.redirectTo : signedOutDestination(hasSessionCookie(request));
    return NextResponse.redirect(new URL(destination, request.nextUrl));
  }

  return withSecurityHeaders(request, session, (init) => NextResponse.next(init));
}

/**
 * The session cookie's token, decoded and re-issued as next-auth's session endpoint does (same codec, same
 * cookie), without the rest of its request pipeline: the route rules need only who is signed in. A token that
 * does not decode (tampered, expired, another secret) is cleared, as next-auth clears it.
 */
async function gate(request: NextRequest): Promise<NextResponse> {
  const { name, options } = cookieFor("session", isSecureRequest(request.headers));
  const token = request.cookies.get(name)?.value;
  const secret = env().authSecret;
  const payload = token ? await decode({ token, secret, salt: name }).catch(() => null) : null;
  const lifetime =
    payload?.id && payload.role && typeof payload.sessionVersion === "number"
      ? sessionLifetime({ role: payload.role, signedInAt: payload.signedInAt, now: now() })
      : ({ ended: true } as const);
  if (!payload || lifetime.ended) {
    const response = admit(request, null);
    response.cookies.set(name, "", { ...options, maxAge: 0 });
    return response;
  }
  const value = await encode({ token: payload, secret, salt: name, maxAge: lifetime.maxAgeSeconds });
  // The same token handed back (under a minute old) keeps its expiry; a new one runs the idle time, or less when the
  // session's absolute end is nearer.
  const expires = new Date(value === token ? (payload.exp ?? 0) * 1000 : Date.now() + lifetime.maxAgeSeconds * 1000);
  const session: Session = {
    user: {
      id: payload.id,
      role: payload.role,
      name: payload.name,
      sessionVersion: payload.sessionVersion,
      signedInAt: payload.signedInAt,
    },
    expires: expires.toISOString(),
  };
  const response = admit(request, session);
  // Only a re-issued token goes back; the browser holds the same one already. Sending it with every answer let an
  // answer still in flight at sign-out (a link's prefetch) put the signed-out token back in the browser, where this
  // gate would take it for a session (revoked, so every page and action refuses it) and send /login on to /menu.
  if (value !== token) response.cookies.set(name, value, { ...options, maxAge: undefined, expires });
  return response;
}

/** The forms whose posts cost argon2id work: the sign-in, the SIP password change and the self-care password change. */
const HASHING_PATHS = new Set(["/login", "/ip-phone/password", "/account/password"]);

/** The hashing gate is full: a 503 at once, before any work, rather than a wait behind a flood. */
function overloaded(): NextResponse {
  const body = `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>混み合っています</title></head><body><h1>混み合っています</h1><p>${OVERLOADED_MESSAGE}</p></body></html>`;
  return new NextResponse(body, {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": API_CONTENT_SECURITY_POLICY,
      "cache-control": "no-store",
      "retry-after": String(HASHING_RETRY_AFTER_SECONDS),
    },
  });
}

export default async function proxy(request: NextRequest) {
  const refusal = rejectRequest(request);
  if (refusal) return refusal;
  if (request.method === "POST" && HASHING_PATHS.has(request.nextUrl.pathname) && hashingSaturated()) {
    return overloaded();
  }
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
  return gate(request);
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
  if (!session || !user?.id || !user.role || user.sessionVersion === undefined || user.signedInAt === undefined) {
    return NO_SESSION;
  }
  return signForwardedSession(
    {
      id: user.id,
      role: user.role,
      name: user.name ?? "",
      sessionVersion: user.sessionVersion,
      signedInAt: user.signedInAt,
      expires: Math.floor(new Date(session.expires).getTime() / 1000),
    },
    env().authSecret,
  );
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
