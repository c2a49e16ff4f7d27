// Counters behind lib/rate-limit.ts: hit buckets per key and minute, taken under a per-key lock (drizzle/0009).
import { type SQL, and, eq, gt, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Db, Tx } from "@/db/client";
import { rateLimits } from "@/db/schema";

export type Bucket = { windowStart: Date; hits: number };
type KeyWindow = { key: string; since: Date };

/** One take: the keys with their windows and limits, each key's group (taken in order, all or none). */
export type TakeRequest = { keys: KeyWindow[]; limits: number[]; groups: number[]; windowStart: Date };
export type TakeAnswer = { accepted: number; buckets: Bucket[][] };
type StoredAnswer = { accepted: number; buckets: [string, number][][] };

const array = (values: string[], type: "text" | "timestamptz" | "integer") =>
  sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::${sql.raw(type)}[]`;

/**
 * The take as an SQL expression, for a statement that reads what the action needs besides (drizzle/0009: the keys
 * are locked, their live buckets read after the lock, and the groups that fit recorded, in one statement).
 */
export function takeExpression({ keys, limits, groups, windowStart }: TakeRequest) {
  return sql<StoredAnswer>`public.take_rate_limits(${array(
    keys.map((key) => key.key),
    "text",
  )}, ${array(
    keys.map((key) => key.since.toISOString()),
    "timestamptz",
  )}, ${array(limits.map(String), "integer")}, ${array(groups.map(String), "integer")}, ${windowStart.toISOString()}::timestamptz)`;
}

/** The expression's answer: how many groups were taken, and each key's live buckets before the take. */
export const readTake = (stored: StoredAnswer): TakeAnswer => ({
  accepted: stored.accepted,
  buckets: stored.buckets.map(readBuckets),
});

/** The live buckets of the key `key` (an SQL expression) as an SQL expression: a read beside an action's others. */
export const bucketsExpression = (key: SQL, since: Date) =>
  sql<
    [string, number][]
  >`(select coalesce(pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(${rateLimits.windowStart}, ${rateLimits.hits})), '[]'::jsonb)
    from ${rateLimits} where ${rateLimits.key} = ${key} and ${rateLimits.windowStart} > ${since.toISOString()}::timestamptz)`;

/** The stored buckets of `bucketsExpression`. */
export const readBuckets = (stored: [string, number][]): Bucket[] =>
  stored.map(([windowStart, hits]) => ({ windowStart: new Date(windowStart), hits }));

/** A take on its own: one statement (inside `tx` when given, whose end then releases the keys). */
export async function takeHits(request: TakeRequest, tx?: Tx): Promise<TakeAnswer> {
  const db = tx ?? (await getDb());
  const [row] = await db.select({ taken: takeExpression(request) }).from(sql`(values (1)) as one(x)`);
  return readTake(row!.taken);
}

/** The live buckets of one key, read without taking anything. */
export async function recentHits(key: string, since: Date): Promise<Bucket[]> {
  const db = await getDb();
  return db
    .select({ windowStart: rateLimits.windowStart, hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.windowStart, since)));
}

/** Gives back a hit taken in the bucket `windowStart` (work that turned out not to count). */
export async function returnHit(key: string, windowStart: Date, tx?: Tx): Promise<void> {
  await returnHitUpdate(tx ?? (await getDb()), key, windowStart);
}

/** The delete of a key's hits, not yet run: for `together` (db/together.ts). */
export const deleteHits = (db: Db | Tx, key: string) => db.delete(rateLimits).where(eq(rateLimits.key, key));

/** The give-back of a hit, not yet run: for `together`. */
export const returnHitUpdate = (db: Db | Tx, key: string, windowStart: Date) =>
  db
    .update(rateLimits)
    .set({ hits: sql`${rateLimits.hits} - 1` })
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart), gt(rateLimits.hits, 0)));

/** Drops windows older than any policy looks at. */
export async function sweepHits(before: Date): Promise<number> {
  const db = await getDb();
  const rows = await db.delete(rateLimits).where(lt(rateLimits.windowStart, before)).returning({ key: rateLimits.key });
  return rows.length;
}

/** Test-only reset (guarded by the caller). */
export async function clearAllHits(): Promise<void> {
  const db = await getDb();
  await db.delete(rateLimits);
}
