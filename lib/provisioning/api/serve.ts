// What every provisioning API request goes through (docs/provisioning.md): the key, the limits, the JSON body, and
// for a write the one transaction that claims its Idempotency-Key, writes and keeps the answer.
import { createHash } from "node:crypto";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { databaseErrorIn } from "@/db/errors";
import { claimRequest, storeAnswer } from "@/db/queries/provisioning-requests";
import { openSecret, sealSecret } from "@/lib/changes/sealed-secret";
import { env } from "@/lib/env";
import { MAX_BODY_BYTES } from "@/lib/http/request-guard";
import { PROBLEM_CONTENT_TYPE } from "@/lib/http/problem-details";
import { secondsUntil, takeOne } from "@/lib/rate-limit";
import { log } from "@/lib/server/log";
import type { ProvisioningActor } from "@/lib/provisioning/types";
import { type CallerKey, keyOfRequest } from "./keys";
import { problems } from "./problems";
import { idempotencyKeySchema } from "./schemas";

/** What the route handler knows of the request besides itself: the client's address and the time. */
export type ApiContext = { ip: string; now: Date };

/** An answer before it becomes a response: kept as is (sealed) for an Idempotency-Key's repeats. */
export type Answer = { status: number; body: unknown; problem?: boolean };

const NO_STORE = { "cache-control": "no-store" };

export function respond({ status, body, problem }: Answer, headers: Record<string, string> = {}): Response {
  const contentType = problem ? PROBLEM_CONTENT_TYPE : "application/json";
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": contentType, ...NO_STORE, ...headers },
  });
}

/** A problem kept as an Idempotency-Key's answer: the same problem again on a repeat. */
export async function problemAnswer(response: Response): Promise<Answer> {
  return { status: response.status, body: await response.json(), problem: true };
}

/**
 * Runs `handle` for the request's live key, within its limits. Cookies are never read: a session is no credential
 * here. A wrong key counts against the client's address; the right key always gets through that limit.
 */
export async function asCaller(
  request: Request,
  { ip, now }: ApiContext,
  access: "read" | "write",
  handle: (caller: CallerKey) => Promise<Response>,
): Promise<Response> {
  try {
    const key = await keyOfRequest(request.headers.get("authorization"), now);
    if (key === "missing") return problems.unauthorized();
    if (key === "refused") {
      const failure = await takeOne("provisioningKeyFailuresPerIp", ip, now);
      if (!failure.taken) return problems.tooManyRequests(secondsUntil({ retryAt: failure.retryAt!, now }));
      return problems.unauthorized();
    }
    const allowance = await takeOne("provisioningRequestsPerKey", key.id, now);
    if (!allowance.taken) return problems.tooManyRequests(secondsUntil({ retryAt: allowance.retryAt!, now }));
    if (access === "write" && key.scope !== "write") return problems.forbidden();
    return await handle(key);
  } catch (error) {
    log.error({ event: "provisioning-api.failed", err: error }, "provisioning API request failed");
    return problems.internal();
  }
}

/** The body as JSON, or the problem with it: not JSON (415), too large (413), unreadable (400). */
export async function readJson(
  request: Request,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") return { ok: false, response: problems.unsupportedMediaType() };
  // The proxy refuses a larger declared length already (lib/http/request-guard.ts); this holds without it too.
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > MAX_BODY_BYTES) return { ok: false, response: problems.tooLarge(MAX_BODY_BYTES) };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) };
  } catch {
    return { ok: false, response: problems.badJson() };
  }
}

/** The request's Idempotency-Key: none, a valid one, or the 400 for a malformed one. */
export function idempotencyKeyOf(
  request: Request,
): { ok: true; value: string | null } | { ok: false; response: Response } {
  const header = request.headers.get("idempotency-key");
  if (header === null) return { ok: true, value: null };
  const parsed = idempotencyKeySchema.safeParse(header);
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    response: problems.invalid([{ parameter: "Idempotency-Key", reason: parsed.error.issues[0]!.message }]),
  };
}

/** The same write, whatever the body's key order: the method, the resource and its validated fields. */
export function requestHash(method: string, resource: string, fields: Record<string, unknown>): string {
  const canonical = JSON.stringify(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return createHash("sha256").update(`${method} ${resource}\n${canonical}`).digest("hex");
}

const answerContext = (apiKeyId: string, idempotencyKey: string) =>
  `provisioning-request:${apiKeyId}:${idempotencyKey}`;

/** Unique violations, serialization failures and deadlocks between concurrent writes: the write is tried again. */
const RETRYABLE = new Set(["23505", "40001", "40P01"]);
const ATTEMPTS = 3;

/**
 * Runs a write in one transaction, as `caller`. With an Idempotency-Key, the key is claimed first in the same
 * transaction, so a concurrent duplicate waits for this one to commit and then gets its answer (sealed: a creation's
 * answer holds initial passwords); the same key with another request is refused.
 */
/** An Idempotency-Key's answer is replayed for this long (docs/provisioning.md), then swept. */
export const IDEMPOTENCY_RETENTION_MS = 24 * 60 * 60_000;

export async function writeOnce({
  caller,
  idempotencyKey,
  hash,
  now,
  write,
}: {
  caller: CallerKey;
  idempotencyKey: string | null;
  hash: string;
  now: Date;
  write: (tx: Tx, actor: ProvisioningActor) => Promise<Answer>;
}): Promise<Response> {
  const actor: ProvisioningActor = { kind: "api-key", keyId: caller.id, name: caller.name };
  const key = env().credentialEncryptionKey;
  const context = idempotencyKey === null ? "" : answerContext(caller.id, idempotencyKey);
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await (
        await getDb()
      ).transaction(async (tx): Promise<{ answer: Answer; replayed: boolean } | "reused"> => {
        if (idempotencyKey === null) return { answer: await write(tx, actor), replayed: false };
        const ids = { apiKeyId: caller.id, idempotencyKey };
        const expiredBefore = new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS);
        const claim = await claimRequest(tx, { ...ids, requestHash: hash, expiredBefore });
        if (!claim.claimed) {
          if (claim.stored.requestHash !== hash) return "reused";
          const answer = JSON.parse(openSecret({ key, sealed: claim.stored.sealedResponse, context })) as Answer;
          return { answer, replayed: true };
        }
        const answer = await write(tx, actor);
        const sealedResponse = sealSecret({ key, plaintext: JSON.stringify(answer), context });
        await storeAnswer(tx, { ...ids, statusCode: answer.status, sealedResponse });
        return { answer, replayed: false };
      });
      if (outcome === "reused") return problems.idempotencyKeyReused();
      return respond(outcome.answer, outcome.replayed ? { "idempotent-replayed": "true" } : {});
    } catch (error) {
      const code = databaseErrorIn(error)?.code;
      if (attempt >= ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
    }
  }
}
