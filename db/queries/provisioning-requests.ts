// The answers kept for the provisioning API's Idempotency-Key (db/schema/provisioning.ts): claimed, answered,
// read back, swept after a day.
import { and, eq, lt } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { provisioningRequests } from "@/db/schema";

/** A claim's status until its answer is stored in the same transaction: never seen committed. */
const CLAIMED = 0;

export type StoredRequest = { requestHash: string; statusCode: number; sealedResponse: string };

/**
 * Claims the key for this request, or reads the request that holds it. The insert waits while another transaction
 * holds an uncommitted claim on the same key, so a concurrent duplicate reads the first one's stored answer (or
 * claims the key itself when the first rolled back).
 */
export async function claimRequest(
  tx: Tx,
  {
    apiKeyId,
    idempotencyKey,
    requestHash,
    expiredBefore,
  }: { apiKeyId: string; idempotencyKey: string; requestHash: string; expiredBefore: Date },
): Promise<{ claimed: true } | { claimed: false; stored: StoredRequest }> {
  // An answer past its keeping is never replayed, swept or not: the key starts afresh.
  await tx
    .delete(provisioningRequests)
    .where(
      and(
        eq(provisioningRequests.apiKeyId, apiKeyId),
        eq(provisioningRequests.idempotencyKey, idempotencyKey),
        lt(provisioningRequests.createdAt, expiredBefore),
      ),
    );
  const inserted = await tx
    .insert(provisioningRequests)
    .values({ apiKeyId, idempotencyKey, requestHash, statusCode: CLAIMED, sealedResponse: "" })
    .onConflictDoNothing()
    .returning({ apiKeyId: provisioningRequests.apiKeyId });
  if (inserted.length > 0) return { claimed: true };
  const [stored] = await tx
    .select({
      requestHash: provisioningRequests.requestHash,
      statusCode: provisioningRequests.statusCode,
      sealedResponse: provisioningRequests.sealedResponse,
    })
    .from(provisioningRequests)
    .where(and(eq(provisioningRequests.apiKeyId, apiKeyId), eq(provisioningRequests.idempotencyKey, idempotencyKey)));
  // The row conflicted, so it exists; it could only be gone if the sweep took it in between (then the claim retries).
  if (!stored) return claimRequest(tx, { apiKeyId, idempotencyKey, requestHash, expiredBefore });
  return { claimed: false, stored };
}

export async function storeAnswer(
  tx: Tx,
  {
    apiKeyId,
    idempotencyKey,
    statusCode,
    sealedResponse,
  }: {
    apiKeyId: string;
    idempotencyKey: string;
    statusCode: number;
    sealedResponse: string;
  },
): Promise<void> {
  await tx
    .update(provisioningRequests)
    .set({ statusCode, sealedResponse })
    .where(and(eq(provisioningRequests.apiKeyId, apiKeyId), eq(provisioningRequests.idempotencyKey, idempotencyKey)));
}

/** Forgets the answers given before `before`; returns how many. */
export async function sweepProvisioningRequests(before: Date): Promise<number> {
  const db = await getDb();
  const rows = await db
    .delete(provisioningRequests)
    .where(lt(provisioningRequests.createdAt, before))
    .returning({ apiKeyId: provisioningRequests.apiKeyId });
  return rows.length;
}
