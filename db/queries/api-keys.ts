// The provisioning API's keys (db/schema/provisioning.ts): made, found by their hash, touched on use, revoked.
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "@/db";
import type { Db, Tx } from "@/db/client";
import type { ApiKeyScope } from "@/db/enums";
import { apiKeys } from "@/db/schema";

export type ApiKeyRow = typeof apiKeys.$inferSelect;

export async function insertApiKey(
  values: { name: string; scope: ApiKeyScope; keyHash: string; keyPrefix: string; createdBy: string | null },
  db?: Db | Tx,
): Promise<ApiKeyRow> {
  const [row] = await (db ?? (await getDb())).insert(apiKeys).values(values).returning();
  return row!;
}

/** Every key, the live ones first, then the newest: the console's list. */
export async function listApiKeys(): Promise<ApiKeyRow[]> {
  const db = await getDb();
  return db
    .select()
    .from(apiKeys)
    .orderBy(desc(isNull(apiKeys.revokedAt)), desc(apiKeys.createdAt), apiKeys.id);
}

/** The key whose SHA-256 this is, revoked or not (the caller tells them apart). */
export async function findApiKeyByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash)).limit(1);
  return row;
}

/** Records a use, unless one was recorded since `staleBefore`: a busy key is written at most once a minute. */
export async function touchApiKey(id: string, now: Date, staleBefore: Date): Promise<void> {
  const db = await getDb();
  await db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(and(eq(apiKeys.id, id), or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, staleBefore))));
}

/** Revokes a live key; undefined when there is none by that id (unknown, or revoked already). */
export async function revokeApiKey(
  { id, by, now }: { id: string; by: string | null; now: Date },
  db?: Db | Tx,
): Promise<ApiKeyRow | undefined> {
  const [row] = await (db ?? (await getDb()))
    .update(apiKeys)
    .set({ revokedAt: now, revokedBy: by })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}
