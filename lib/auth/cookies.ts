// The sign-in's cookies, one definition each: the binding of a code challenge to the browser that passed the
// password step, the device cookie of a browser that signed in before, and next-auth's session cookie. On https each
// is `__Host-` prefixed (Secure, host-only, path /: a sibling subdomain cannot toss a cookie in); plain names exist
// only on http://localhost, and on https only the prefixed name is ever read. A deletion carries the same attributes.
import { DEVICE_TTL_MS } from "@/lib/auth/device-token";
import { CODE_TTL_MS } from "@/lib/auth/otp";
import { STEP_UP_TTL_MS, WEBAUTHN_CHALLENGE_TTL_MS } from "@/lib/auth/passkey-rules";

/** A session ends after this long without a request (each request through the proxy re-issues the token). */
export const SESSION_IDLE_SECONDS = 30 * 60;

const kinds = {
  binding: { name: "selfcare-login", maxAge: CODE_TTL_MS / 1000 },
  device: { name: "selfcare-device", maxAge: DEVICE_TTL_MS / 1000 },
  session: { name: "authjs.session-token", maxAge: SESSION_IDLE_SECONDS },
  /** Binds a WebAuthn challenge to the browser that asked for it (lib/auth/passkeys.ts). */
  webauthn: { name: "selfcare-webauthn", maxAge: WEBAUTHN_CHALLENGE_TTL_MS / 1000 },
  /** A step-up this browser made (lib/auth/step-up.ts). */
  stepUp: { name: "selfcare-step-up", maxAge: STEP_UP_TTL_MS / 1000 },
} as const;

export type CookieKind = keyof typeof kinds;
type Options = { httpOnly: true; secure: boolean; sameSite: "lax"; path: "/"; maxAge: number };
export type CookieSpec = { name: string; options: Options };

export function cookieFor(kind: CookieKind, secure: boolean): CookieSpec {
  const { name, maxAge } = kinds[kind];
  return {
    name: secure ? `__Host-${name}` : name,
    options: { httpOnly: true, secure, sameSite: "lax", path: "/", maxAge },
  };
}

/** The same cookie, expired: browsers ignore a deletion whose attributes differ from the cookie's. */
export function expiredCookie(kind: CookieKind, secure: boolean): CookieSpec & { value: "" } {
  const spec = cookieFor(kind, secure);
  return { ...spec, value: "", options: { ...spec.options, maxAge: 0 } };
}

export function readCookie(
  cookies: { get(name: string): { value: string } | undefined },
  kind: CookieKind,
  secure: boolean,
): string | undefined {
  return cookies.get(cookieFor(kind, secure).name)?.value;
}

/** Secure cookies everywhere but plain-http development (Vercel always forwards https). */
export function isSecureRequest(headers: Headers): boolean {
  return headers.get("x-forwarded-proto") === "https";
}
