// The thin gate in front of every page: route rules from the session JWT, and per-request security headers.
// No database here; pages, route handlers and actions check the session again.
import { NextResponse, type NextRequest } from "next/server";
import NextAuth from "next-auth";
import { SESSION_EXPIRED_PATH, authConfig, routeAccess } from "./auth.config";
import { isSecureRequest } from "./lib/auth/cookies";
import { UNAVAILABLE_HOLD_SECONDS, isDatabaseUnavailable } from "./lib/db-availability";
import { env } from "./lib/env";
import { rejectRequest } from "./lib/request-guard";
import { contentSecurityPolicy } from "./lib/security-headers";

const { auth } = NextAuth(() => ({ ...authConfig, secret: env().authSecret }));

const hasSessionCookie = (request: Request) => /(^|;\s*)(__Secure-)?authjs\.session-token(\.\d+)?=/.test(request.headers.get("cookie") ?? "");

// With a lazily built config, next-auth hands back the wrapped handler as a promise.
const gate = auth((request) => {
  const refusal = rejectRequest(request);
  if (refusal) return refusal;
  // The database failed moments ago: answer at once instead of letting every page fail against it.
  if (isDatabaseUnavailable()) {
    const unavailable = new URL("/unavailable", request.nextUrl);
    // A form post is not replayed at the unavailable page; the browser is sent there to read it.
    if (request.method !== "GET" && request.method !== "HEAD") return NextResponse.redirect(unavailable, 303);
    const response = withSecurityHeaders(request, (init) => NextResponse.rewrite(unavailable, { ...init, status: 503 }));
    response.headers.set("Retry-After", String(UNAVAILABLE_HOLD_SECONDS));
    return response;
  }
  const access = routeAccess(request.nextUrl.pathname, request.auth?.user?.role);
  if (!access.allow) {
    // A session cookie that no longer yields a session: it timed out or was signed out elsewhere.
    const expired = access.redirectTo === "/login" && hasSessionCookie(request);
    return NextResponse.redirect(new URL(expired ? SESSION_EXPIRED_PATH : access.redirectTo, request.nextUrl));
  }

  return withSecurityHeaders(request, (init) => NextResponse.next(init));
});

export default async function proxy(request: NextRequest) {
  // The handler ignores its second argument; next-auth's type asks for a route context.
  return (await gate)(request, { params: Promise.resolve({}) });
}

/** A fresh nonce and request id, on the request (Next.js puts the nonce on every script it renders) and the response. */
function withSecurityHeaders(request: Request, respond: (init: { request: { headers: Headers } }) => NextResponse): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const requestId = crypto.randomUUID();
  const policy = contentSecurityPolicy({ nonce, development: !env().production, https: isSecureRequest(request.headers) });
  const forwarded = new Headers(request.headers);
  forwarded.set("content-security-policy", policy);
  forwarded.set("x-request-id", requestId);
  const response = respond({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", policy);
  response.headers.set("x-request-id", requestId);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico).*)"],
};
