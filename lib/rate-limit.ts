// Sliding-window limits kept in the database (rate_limits), so they hold across server instances.
import { clearHits, recentHits, recordHit } from "@/db/queries/rate-limits";

export type Policy = { limit: number; windowMs: number };
type Bucket = { windowStart: Date; hits: number };
type LimitState = { count: number; limited: boolean; retryAt: Date | null };

const MINUTE = 60_000;
/** Hits are counted in one-minute buckets: the window slides by the minute. */
const BUCKET_MS = MINUTE;

export const policies = {
  /** Wrong passwords for one self-care ID (known or not, so a lock reveals nothing): 10 in 15 minutes locks it. */
  loginFailuresPerId: { limit: 10, windowMs: 15 * MINUTE },
  /** Password attempts from one client address. */
  loginAttemptsPerIp: { limit: 30, windowMs: 15 * MINUTE },
  /** Wrong current SIP passwords for one number (owned or not): guards the line against guessing. */
  sipVerifyFailuresPerLine: { limit: 5, windowMs: 15 * MINUTE },
  /** Codes emailed to one customer (first send and resends). */
  codeSendsPerCustomer: { limit: 5, windowMs: 60 * MINUTE },
  /** Wrong cron secrets from one client address: the scheduler never gets it wrong, a guesser does. */
  cronFailuresPerIp: { limit: 10, windowMs: 15 * MINUTE },
} satisfies Record<string, Policy>;

export function bucketStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS);
}

/** Counts the hits inside the window and, when over the limit, when enough of them will have aged out. */
export function evaluateBuckets(buckets: Bucket[], policy: Policy, now: Date): LimitState {
  const since = now.getTime() - policy.windowMs;
  const live = buckets
    .filter((bucket) => bucket.windowStart.getTime() > since)
    .sort((a, b) => b.windowStart.getTime() - a.windowStart.getTime());
  let count = 0;
  let retryAt: Date | null = null;
  for (const bucket of live) {
    count += bucket.hits;
    // Once this bucket leaves the window, the newer ones alone are under the limit again.
    if (retryAt === null && count >= policy.limit) retryAt = new Date(bucket.windowStart.getTime() + policy.windowMs);
  }
  return { count, limited: retryAt !== null, retryAt };
}

export async function checkLimit(key: string, policy: Policy, now: Date): Promise<LimitState> {
  const buckets = await recentHits(key, new Date(now.getTime() - policy.windowMs));
  return evaluateBuckets(buckets, policy, now);
}

export async function hitLimit(key: string, now: Date): Promise<void> {
  await recordHit(key, bucketStart(now));
}

export async function resetLimit(key: string): Promise<void> {
  await clearHits(key);
}
