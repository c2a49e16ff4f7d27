// The cookies of the sign-in: the one that ties a one-time-code challenge to the browser that passed the password
// step, the device cookie of a browser that signed in before, and the names of next-auth's session cookie (plain on
// http://localhost, `__Secure-` on https).
import { DEVICE_TTL_MS } from "@/lib/auth/device-token";
import { CODE_TTL_MS } from "@/lib/auth/otp";

/** `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and for path /. */
const SECURE_NAME = "__Host-selfcare-login";
const PLAIN_NAME = "selfcare-login";
const DEVICE_SECURE_NAME = "__Host-selfcare-device";
const DEVICE_PLAIN_NAME = "selfcare-device";

export function bindingCookie(secure: boolean) {
  return {
    name: secure ? SECURE_NAME : PLAIN_NAME,
    options: { httpOnly: true, secure, sameSite: "lax" as const, path: "/", maxAge: CODE_TTL_MS / 1000 },
  };
}

/** Marks a browser that completed a full sign-in (lib/auth/device-token.ts); kept as long as the token is valid. */
export function deviceCookie(secure: boolean) {
  return {
    name: secure ? DEVICE_SECURE_NAME : DEVICE_PLAIN_NAME,
    options: { httpOnly: true, secure, sameSite: "lax" as const, path: "/", maxAge: DEVICE_TTL_MS / 1000 },
  };
}

export function readDeviceCookie(cookies: { get(name: string): { value: string } | undefined }) {
  return cookies.get(DEVICE_SECURE_NAME)?.value ?? cookies.get(DEVICE_PLAIN_NAME)?.value;
}

export function readBindingCookie(cookies: { get(name: string): { value: string } | undefined }) {
  return cookies.get(SECURE_NAME)?.value ?? cookies.get(PLAIN_NAME)?.value;
}

/** Secure cookies everywhere but plain-http development (Vercel always forwards https). */
export function isSecureRequest(headers: Headers): boolean {
  return headers.get("x-forwarded-proto") === "https";
}

export const SESSION_COOKIE_NAMES = ["authjs.session-token", "__Secure-authjs.session-token"] as const;

/** Expiring versions of the session cookies present: for a sign-in that starts while a revoked token lingers. */
export function clearedSessionCookies(cookies: { has(name: string): boolean }) {
  return SESSION_COOKIE_NAMES.filter((name) => cookies.has(name)).map((name) => ({
    name,
    value: "",
    options: { httpOnly: true, secure: name.startsWith("__Secure-"), sameSite: "lax" as const, path: "/", maxAge: 0 },
  }));
}
