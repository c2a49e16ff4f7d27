// Vercel Cron's convention: `Authorization: Bearer $CRON_SECRET`, compared in constant time.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function isCronAuthorized(authorization: string | null, secret: string): boolean {
  if (!authorization) return false;
  return timingSafeEqual(digest(authorization), digest(`Bearer ${secret}`));
}
