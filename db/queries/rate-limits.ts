// Counters behind lib/rate-limit.ts: hit buckets per key and minute, taken under a per-key lock.
import { and, eq, gt, lt, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rateLimits } from "@/db/schema";

export type Bucket = { windowStart: Date; hits: number };
type KeyWindow = { key: string; since: Date };

/**
 * Deciding and recording in one step. The keys are locked for the transaction (advisory locks, always taken in
 * the same order, so two takers of overlapping keys cannot deadlock); their live buckets are read after the lock,
 * so they include every hit committed before; `decide` says, window by window, whether to record one hit, and only
 * those are recorded. Concurrent takers of a key therefore see each other's hits, one after the other.
 */
export async function takeHits(
  windows: KeyWindow[],
  windowStart: Date,
  decide: (buckets: Bucket[][]) => boolean[],
): Promise<{ buckets: Bucket[][]; recorded: boolean[] }> {
  const keys = [...new Set(windows.map((window) => window.key))];
  const db = await getDb();
  return db.transaction(async (tx) => {
    const list = sql.join(
      keys.map((key) => sql`${key}::text`),
      sql`, `,
    );
    // PostgreSQL evaluates the volatile lock calls after the ORDER BY, so the locks are taken in hash order.
    await tx.execute(
      sql`select pg_catalog.pg_advisory_xact_lock(h) from (select distinct pg_catalog.hashtextextended(k, 0) as h from pg_catalog.unnest(array[${list}]) as k) as locks order by h`,
    );
    const rows = await tx
      .select({ key: rateLimits.key, windowStart: rateLimits.windowStart, hits: rateLimits.hits })
      .from(rateLimits)
      .where(
        or(...windows.map((window) => and(eq(rateLimits.key, window.key), gt(rateLimits.windowStart, window.since)))),
      );
    const buckets = windows.map((window) =>
      rows.filter((row) => row.key === window.key && row.windowStart > window.since),
    );
    const recorded = decide(buckets);
    const hit = [...new Set(windows.filter((_, i) => recorded[i]).map((window) => window.key))];
    if (hit.length > 0) {
      await tx
        .insert(rateLimits)
        .values(hit.map((key) => ({ key, windowStart, hits: 1 })))
        .onConflictDoUpdate({
          target: [rateLimits.key, rateLimits.windowStart],
          set: { hits: sql`${rateLimits.hits} + 1` },
        });
    }
    return { buckets, recorded };
  });
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
export async function returnHit(key: string, windowStart: Date): Promise<void> {
  const db = await getDb();
  await db
    .update(rateLimits)
    .set({ hits: sql`${rateLimits.hits} - 1` })
    .where(and(eq(rateLimits.key, key), eq(rateLimits.windowStart, windowStart), gt(rateLimits.hits, 0)));
}

export async function clearHits(key: string): Promise<void> {
  const db = await getDb();
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

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
