// Sliding-window limits kept in the database (rate_limits), so they hold across server instances. Each limit's
// policy and the key it counts under live together here. Taking a hit decides and records in one step, before the
// expensive work it guards, so a limit of N lets at most N through however many requests arrive at once.
import { type SQL, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import {
  type Bucket,
  type TakeAnswer,
  type TakeRequest,
  bucketsExpression,
  readBuckets,
  readTake,
  recentHits,
  returnHit,
  returnHitUpdate,
  takeExpression,
  takeHits,
} from "@/db/queries/rate-limits";
import { widerNetworks } from "@/lib/http/request-meta";

type Policy = { limit: number; windowMs: number; key: (subject: string) => string };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Hits are counted in one-minute buckets: the window slides by the minute. */
const BUCKET_MS = MINUTE;

export const limits = {
  /** Password attempts from one client address (an IPv6 /64), right or wrong. */
  loginAttemptsPerIp: { limit: 30, windowMs: 15 * MINUTE, key: (ip) => `login:ip:${ip}` },
  /** The same from one IPv6 /48 and /32: a free /48 holds 65,536 /64s, each with an allowance of its own. */
  loginAttemptsPerNet48: { limit: 100, windowMs: 15 * MINUTE, key: (net) => `login:net48:${net}` },
  loginAttemptsPerNet32: { limit: 1000, windowMs: 15 * MINUTE, key: (net) => `login:net32:${net}` },
  /** Wrong passwords for one self-care ID (known or not, so a lock reveals nothing): 10 in 15 minutes lock it. */
  loginFailuresPerId: {
    limit: 10,
    windowMs: 15 * MINUTE,
    key: (selfCareId) => `login-fail:id:${selfCareId.toLowerCase()}`,
  },
  /** Wrong passwords from a browser that signed in as the ID before: it has its own lock, not the ID's. */
  loginFailuresPerDevice: { limit: 10, windowMs: 15 * MINUTE, key: (device) => `login-fail:device:${device}` },
  /** The owner hears of a lock at most once a day, however often strangers lock the ID again (each lock lasts 15 min). */
  lockNoticesPerId: {
    limit: 1,
    windowMs: 24 * HOUR,
    key: (selfCareId) => `lock-notice:id:${selfCareId.toLowerCase()}`,
  },
  /** Codes emailed to one customer (first send and resends). */
  codeSendsPerCustomer: { limit: 5, windowMs: HOUR, key: (customerId) => `code-send:customer:${customerId}` },
  /** Wrong codes across all of a customer's challenges (NIST SP 800-63B: a cap per account); a correct password does not lift it. */
  codeFailuresPerCustomer: { limit: 10, windowMs: 24 * HOUR, key: (customerId) => `code-fail:customer:${customerId}` },
  codeLockNoticesPerCustomer: {
    limit: 1,
    windowMs: 24 * HOUR,
    key: (customerId) => `code-lock-notice:customer:${customerId}`,
  },
  /** Password-change attempts by one signed-in customer, and from one address: each costs an argon2 verify. */
  changeAttemptsPerCustomer: { limit: 20, windowMs: 15 * MINUTE, key: (customerId) => `change:customer:${customerId}` },
  changeAttemptsPerIp: { limit: 60, windowMs: 15 * MINUTE, key: (ip) => `change:ip:${ip}` },
  /** Current-password tries on numbers the customer does not own (or that do not exist): charged to the trier. */
  sipMissesPerCustomer: { limit: 5, windowMs: 15 * MINUTE, key: (customerId) => `sip-miss:customer:${customerId}` },
  sipMissesPerIp: { limit: 15, windowMs: 15 * MINUTE, key: (ip) => `sip-miss:ip:${ip}` },
  /** Wrong current self-care passwords on the self-care password change, per signed-in customer. */
  selfCarePasswordFailuresPerCustomer: {
    limit: 5,
    windowMs: 15 * MINUTE,
    key: (customerId) => `self-care-miss:customer:${customerId}`,
  },
  /** The owner's own wrong current passwords for one line: guards the line against guessing. */
  sipVerifyFailuresPerLine: { limit: 5, windowMs: 15 * MINUTE, key: (number) => `sip-verify:line:${number}` },
  /** A customer hears of strangers' attempts on a line, and of a device still on its old password, once a day each. */
  strangerNoticesPerLine: { limit: 1, windowMs: 24 * HOUR, key: (number) => `stranger-notice:line:${number}` },
  staleDeviceNoticesPerLine: { limit: 1, windowMs: 24 * HOUR, key: (number) => `stale-device-notice:line:${number}` },
  /** And of a guessing flood spread over many addresses (lib/registrar/guess-alert.ts), once a day too. */
  guessFloodNoticesPerLine: { limit: 1, windowMs: 24 * HOUR, key: (number) => `guess-flood-notice:line:${number}` },
  /** A preview deployment has no Vercel Cron: page views run the job, at most once a minute for the deployment. */
  previewSweeps: { limit: 1, windowMs: MINUTE, key: () => "preview-sweep" },
  /** Wrong cron secrets from one client address: the scheduler never gets it wrong, a guesser does. */
  cronFailuresPerIp: { limit: 10, windowMs: 15 * MINUTE, key: (ip) => `cron-fail:ip:${ip}` },
  /** Requests with one provisioning API key: far above what a billing system's sync needs, far below a flood. */
  provisioningRequestsPerKey: { limit: 600, windowMs: MINUTE, key: (keyId) => `provisioning:key:${keyId}` },
  /** Unknown or revoked provisioning API keys from one client address. */
  provisioningKeyFailuresPerIp: { limit: 20, windowMs: 15 * MINUTE, key: (ip) => `provisioning-fail:ip:${ip}` },
} satisfies Record<string, Policy>;

export type LimitName = keyof typeof limits;
export type Hit = { limit: LimitName; subject: string };

/**
 * One sign-in attempt's hits on the address (its /64 or IPv4 address, and for IPv6 its /48 and /32 too): a password,
 * a passkey's answer, and a passkey sign-in's challenge (anyone may ask for one, and each is a row) share them.
 */
export function signInAttemptHits(ip: string): Hit[] {
  const networks = widerNetworks(ip);
  return [
    { limit: "loginAttemptsPerIp", subject: ip },
    ...(networks
      ? ([
          { limit: "loginAttemptsPerNet48", subject: networks.net48 },
          { limit: "loginAttemptsPerNet32", subject: networks.net32 },
        ] as const)
      : []),
  ];
}

/** A limit's state: `locked` once `count` reaches the limit, until `retryAt`. */
export type LimitState = { count: number; locked: boolean; retryAt: Date | null };
/** After a take: whether the hit was recorded, and whether it was the one that reached the limit. */
export type TakenState = LimitState & { taken: boolean; reachedLimit: boolean };

/** No limit looks back further than this; older buckets can be swept. */
export const LONGEST_WINDOW_MS = Math.max(...Object.values(limits).map((policy) => policy.windowMs));

export function bucketStart(now: Date): Date {
  return new Date(Math.floor(now.getTime() / BUCKET_MS) * BUCKET_MS);
}

/** Counts the hits inside the window and, when at the limit, when enough of them will have aged out. */
export function evaluateBuckets(buckets: Bucket[], policy: Pick<Policy, "limit" | "windowMs">, now: Date): LimitState {
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
  return { count, locked: retryAt !== null, retryAt };
}

const windowOf = ({ limit, subject }: Hit, now: Date) => ({
  key: limits[limit].key(subject),
  since: new Date(now.getTime() - limits[limit].windowMs),
});

/** What taking `groups` asks of the database (db/queries/rate-limits.ts). */
function takeRequest(groups: Hit[][], now: Date): TakeRequest {
  const hits = groups.flat();
  return {
    keys: hits.map((hit) => windowOf(hit, now)),
    limits: hits.map((hit) => limits[hit.limit].limit),
    groups: groups.flatMap((group, index) => group.map(() => index)),
    windowStart: bucketStart(now),
  };
}

/** Each group's outcome and each limit's state after the take, from the database's answer. */
function takenGroups(groups: Hit[][], { accepted, buckets }: TakeAnswer, now: Date): TakenGroup[] {
  const bucket = bucketStart(now);
  let offset = 0;
  return groups.map((group, index) => {
    const taken = index < accepted;
    const states = group.map((hit, j): TakenState => {
      const found = buckets[offset + j]!;
      if (!taken) return { ...evaluateBuckets(found, limits[hit.limit], now), taken: false, reachedLimit: false };
      const after = evaluateBuckets([...found, { windowStart: bucket, hits: 1 }], limits[hit.limit], now);
      return { ...after, taken: true, reachedLimit: after.locked };
    });
    offset += group.length;
    return { taken, states };
  });
}

type TakenGroup = { taken: boolean; states: TakenState[] };

/**
 * Takes hits in groups, in one statement: a group is recorded, all or none, only when each of its limits and of
 * every group before it is below its limit. The same as taking the groups one after another (a group refused
 * stops the later ones, the earlier ones stay taken), in one round of locks instead of one per group. Inside `tx`
 * when given: its keys stay locked until that transaction ends.
 */
export async function takeInGroups(groups: Hit[][], now: Date, tx?: Tx): Promise<TakenGroup[]> {
  return takenGroups(groups, await takeHits(takeRequest(groups, now), tx), now);
}

/**
 * The same take as an SQL expression, for an action that reads what it needs in the same statement: `read` turns
 * the column's value into the groups' outcomes.
 */
export function takeInStatement(groups: Hit[][], now: Date) {
  return {
    expression: takeExpression(takeRequest(groups, now)),
    read: (stored: Parameters<typeof readTake>[0]) => takenGroups(groups, readTake(stored), now),
  };
}

/**
 * Takes one hit on every limit named, all or none: recorded only when each is below its limit. Returns each
 * limit's state after the take, in the order given.
 */
export async function take(hits: Hit[], now: Date, tx?: Tx): Promise<TakenGroup> {
  return (await takeInGroups([hits], now, tx))[0]!;
}

/** One limit's take (see take). */
export async function takeOne(limit: LimitName, subject: string, now: Date, tx?: Tx): Promise<TakenState> {
  const { states } = await take([{ limit, subject }], now, tx);
  return states[0]!;
}

/**
 * `peek` as an SQL expression, for an action that reads it beside its others: `subject` is an SQL expression (a
 * column of the row the action reads), for limits whose key is their prefix and the subject as it is.
 */
export function peekInStatement(limit: "codeFailuresPerCustomer", now: Date) {
  const { since } = windowOf({ limit, subject: "" }, now);
  return {
    peek: (subject: SQL) => bucketsExpression(sql`${limits[limit].key("")} || ${subject}::text`, since),
    read: (stored: Parameters<typeof readBuckets>[0]) => evaluateBuckets(readBuckets(stored), limits[limit], now),
  };
}

/** The state without taking a hit: for telling people where they stand, never for deciding to let work through. */
export async function peek(limit: LimitName, subject: string, now: Date): Promise<LimitState> {
  const { key, since } = windowOf({ limit, subject }, now);
  return evaluateBuckets(await recentHits(key, since), limits[limit], now);
}

/** Gives back a hit taken at `takenAt` when the work it reserved for turned out not to count. */
export async function refund(limit: LimitName, subject: string, takenAt: Date, tx?: Tx): Promise<void> {
  await returnHit(limits[limit].key(subject), bucketStart(takenAt), tx);
}

/** The give-back of `refund`, not yet run: for `together` (db/together.ts) with the action's other writes. */
export const refundWrite = (db: Db | Tx, { limit, subject }: Hit, takenAt: Date) =>
  returnHitUpdate(db, limits[limit].key(subject), bucketStart(takenAt));

/** When every locked limit among these has room again: the latest of their retry times. */
export const latestRetryAt = (states: LimitState[]) =>
  new Date(Math.max(...states.map((state) => state.retryAt?.getTime() ?? 0)));

/** Seconds until `retryAt`, for a Retry-After header (at least 1). */
export const secondsUntil = ({ retryAt, now }: { retryAt: Date; now: Date }) =>
  Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
