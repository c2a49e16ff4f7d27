// The provisioning API's keys: made (shown once, kept as a SHA-256), revoked, and checked on every request.
import { createHash, randomBytes } from "node:crypto";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import type { ApiKeyScope } from "@/db/enums";
import { databaseErrorIn } from "@/db/errors";
import { recordAudit } from "@/db/queries/audit";
import { type ApiKeyRow, findApiKeyByHash, insertApiKey, revokeApiKey, touchApiKey } from "@/db/queries/api-keys";
import type { RequestMeta } from "@/lib/http/request-meta";

/** Recognisable in a leaked log or a secret scanner's rules; 32 random bytes follow, base64url. */
const KEY_PREFIX = "scp_";
const KEY_SHAPE = /^scp_[A-Za-z0-9_-]{43}$/;
/** Enough to tell keys apart in the console; far too little to use. */
const DISPLAY_PREFIX_LENGTH = 10;
/** A key's last use is recorded at most once a minute: a busy key does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** The key is random (256 bits): a plain SHA-256 is a safe lookup, no slow hash needed. */
const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

function generateApiKey() {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  return { key, keyHash: hashApiKey(key), keyPrefix: key.slice(0, DISPLAY_PREFIX_LENGTH) };
}

export type CreatedApiKey = { ok: true; key: string; row: ApiKeyRow } | { ok: false; reason: "name-taken" };

/** A new key, audited; `key` is the only time it exists in clear. `createdBy` is none from the command line. */
export async function createApiKey({
  name,
  scope,
  createdBy,
  meta,
  db,
}: {
  name: string;
  scope: ApiKeyScope;
  createdBy: string | null;
  meta?: RequestMeta;
  /** The command line's own database; the app's otherwise. */
  db?: Db;
}): Promise<CreatedApiKey> {
  const { key, keyHash, keyPrefix } = generateApiKey();
  try {
    const row = await (db ?? (await getDb())).transaction(async (tx) => {
      const inserted = await insertApiKey({ name, scope, keyHash, keyPrefix, createdBy }, tx);
      await recordAudit(
        {
          type: "api-key.created",
          // An operator's act: the operators' trail reads it by operator (none for the command line).
          operatorId: createdBy,
          ip: meta?.ip,
          userAgent: meta?.userAgent,
          detail: { apiKey: name, scope, keyPrefix },
        },
        tx,
      );
      return inserted;
    });
    return { ok: true, key, row };
  } catch (error) {
    // Two live keys may not share a name (api_keys_live_name_idx): the audit trail tells keys apart by it.
    if (databaseErrorIn(error)?.code === "23505") return { ok: false, reason: "name-taken" };
    throw error;
  }
}

/** Revokes a live key, audited; false when it was not live. */
export async function revokeKey({
  id,
  by,
  meta,
  now,
}: {
  id: string;
  by: string;
  meta: RequestMeta;
  now: Date;
}): Promise<boolean> {
  return (await getDb()).transaction(async (tx) => {
    const row = await revokeApiKey({ id, by, now }, tx);
    if (!row) return false;
    await recordAudit(
      {
        type: "api-key.revoked",
        operatorId: by,
        ...meta,
        detail: { apiKey: row.name, scope: row.scope, keyPrefix: row.keyPrefix },
      },
      tx,
    );
    return true;
  });
}

export type CallerKey = Pick<ApiKeyRow, "id" | "name" | "scope">;

/**
 * The live key an `Authorization: Bearer` header carries; `missing` without one, `refused` for a malformed, unknown or
 * revoked one (the caller is told no more than that). A use is recorded on the key.
 */
export async function keyOfRequest(
  authorization: string | null,
  now: Date,
): Promise<CallerKey | "missing" | "refused"> {
  const match = /^Bearer\s+(\S*)\s*$/i.exec(authorization ?? "");
  const token = match?.[1];
  if (!token) return "missing";
  if (!KEY_SHAPE.test(token)) return "refused";
  const row = await findApiKeyByHash(hashApiKey(token));
  if (!row || row.revokedAt) return "refused";
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) await touchApiKey(row.id, now, staleBefore);
  return { id: row.id, name: row.name, scope: row.scope };
}
