// The sign-in cookies of this request, named and flagged for its scheme (lib/auth/cookies.ts) in one place.
import "server-only";
import { cookies, headers } from "next/headers";
import { type CookieKind, cookieFor, expiredCookie, isSecureRequest, readCookie } from "@/lib/auth/cookies";

export async function requestCookies() {
  const secure = isSecureRequest(await headers());
  const jar = await cookies();
  return {
    read: (kind: CookieKind) => readCookie(jar, kind, secure),
    has: (kind: CookieKind) => jar.has(cookieFor(kind, secure).name),
    /** Sets the cookie with its full lifetime again (a resend refreshes the binding this way). */
    set: (kind: CookieKind, value: string) => {
      const { name, options } = cookieFor(kind, secure);
      jar.set(name, value, options);
    },
    expire: (kind: CookieKind) => {
      const { name, value, options } = expiredCookie(kind, secure);
      jar.set(name, value, options);
    },
  };
}
