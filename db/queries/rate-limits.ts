// Counters behind lib/rate-limit.ts.
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { rateLimits } from "@/db/schema";

export async function recordHit(key: string, windowStart: Date): Promise<void> {
  const db = await getDb();
  await db
    .insert(rateLimits)
    .values({ key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: [rateLimits.key, rateLimits.windowStart],
      set: { hits: sql`${rateLimits.hits} + 1` },
    });
}

export async function recentHits(key: string, since: Date) {
  const db = await getDb();
  return db
    .select({ windowStart: rateLimits.windowStart, hits: rateLimits.hits })
    .from(rateLimits)
    .where(and(eq(rateLimits.key, key), gt(rateLimits.windowStart, since)));
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
