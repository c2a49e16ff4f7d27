// How long a session lives: 30 minutes without a request (each request re-issues the token), and never longer than a
// fixed time from the sign-in, however busy: 12 hours for a customer, 8 for an operator. Proxy-safe: no database.
import type { Role } from "@/db/enums";
import { SESSION_IDLE_SECONDS } from "./cookies";

const HOUR_SECONDS = 60 * 60;

/** From the sign-in, not renewed by a re-issued token. */
export const SESSION_ABSOLUTE_SECONDS: Record<Role, number> = {
  customer: 12 * HOUR_SECONDS,
  viewer: 8 * HOUR_SECONDS,
  support: 8 * HOUR_SECONDS,
  admin: 8 * HOUR_SECONDS,
};

/**
 * Whether a session signed in at `signedInAt` (epoch seconds) may go on at `now`, and for how long a token issued now
 * may live: the idle time, cut short by the absolute end. A token without a sign-in time (issued before there was
 * one) has no known end, and ends.
 */
export function sessionLifetime({
  role,
  signedInAt,
  now,
}: {
  role: Role;
  signedInAt: number | undefined;
  now: Date;
}): { ended: true } | { ended: false; maxAgeSeconds: number } {
  if (typeof signedInAt !== "number") return { ended: true };
  const remaining = signedInAt + SESSION_ABSOLUTE_SECONDS[role] - Math.floor(now.getTime() / 1000);
  if (remaining <= 0) return { ended: true };
  return { ended: false, maxAgeSeconds: Math.min(SESSION_IDLE_SECONDS, remaining) };
}
