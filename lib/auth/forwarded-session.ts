// The session the proxy has just decoded, handed to the page it forwards to, so the JWT is decrypted once per
// request instead of twice. The proxy overwrites this header on every request it forwards (a browser's copy never
// reaches a page), and the value is signed with a key derived from AUTH_SECRET, so a request that bypassed the
// proxy could not forge one either.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Role } from "@/db/enums";

export const FORWARDED_SESSION_HEADER = "x-selfcare-session";
/** What the header says when the proxy found no valid session. */
export const NO_SESSION = "none";

export type ForwardedSession = {
  id: string;
  role: Role;
  name: string;
  sessionVersion: number;
  /** The sign-in's time, epoch seconds (lib/auth/session-lifetime.ts). */
  signedInAt: number;
  expires: number;
};

const keys = new Map<string, Buffer>();
function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = createHmac("sha256", secret).update("selfcare forwarded session v1").digest();
    keys.set(secret, key);
  }
  return key;
}

const mac = ({ payload, secret }: { payload: string; secret: string }) =>
  createHmac("sha256", keyFor(secret)).update(payload).digest();

export function signForwardedSession(session: ForwardedSession, secret: string): string {
  const payload = Buffer.from(JSON.stringify(session)).toString("base64url");
  return `${payload}.${mac({ payload, secret }).toString("base64url")}`;
}

/**
 * The proxy's verdict: a session, null when it found none (or the value is not the proxy's, or has expired), and
 * undefined when no proxy ran (the caller decodes the cookie itself).
 */
export function readForwardedSession(
  value: string | null,
  secret: string,
  nowMs: number,
): ForwardedSession | null | undefined {
  if (value === null) return undefined;
  if (value === NO_SESSION) return null;
  const [payload, signature, extra] = value.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, "base64url");
  const expected = mac({ payload, secret });
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const session = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as ForwardedSession;
    return session.expires * 1000 > nowMs ? session : null;
  } catch {
    return null;
  }
}
