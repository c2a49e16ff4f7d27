// Slow hashing of secrets people type (self-care and SIP passwords): argon2id at OWASP parameters, off the event loop.
import { randomUUID } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { isGeneratedSecretHash, verifyGeneratedSecret } from "@/lib/provisioning/credentials";
import { withHashingSlot } from "@/lib/server/hashing-gate";

// OWASP Password Storage Cheat Sheet minimum for argon2id: m = 19 MiB, t = 2, p = 1.
// @node-rs/argon2 defaults to argon2id and computes on libuv's thread pool, not the JS thread.
const argon2Options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, argon2Options);
}

/** hashSecret for a request: through the process's hashing gate (lib/server/hashing-gate.ts). */
export const hashSecretForRequest = (secret: string) => withHashingSlot(() => hashSecret(secret));

/** Verifies a person's secret against its argon2id hash, or a generated one against its keyed hash. */
export async function verifySecret({ hash: hashed, secret }: { hash: string; secret: string }): Promise<boolean> {
  if (isGeneratedSecretHash(hashed)) return verifyGeneratedSecret({ hash: hashed, secret });
  try {
    return await verify(hashed, secret);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against `hashed`, or, when there is nothing to verify against (unknown ID, someone else's line),
 * spends the same argon2 work on a dummy hash and answers false: the timing never tells which case it was. Runs
 * through the process's hashing gate, so it may throw HashingBusy at once under a flood.
 */
export async function verifySecretInConstantWork({
  hash: hashed,
  secret,
}: {
  hash: string | undefined;
  secret: string;
}): Promise<boolean> {
  dummyHash ??= hashSecret(randomUUID());
  // A generated secret's keyed hash is checked at once; the argon2 work is spent on the dummy all the same, so the
  // timing does not tell an account still on its initial password from one that is not.
  const generated = hashed !== undefined && isGeneratedSecretHash(hashed);
  const target = hashed === undefined || generated ? await dummyHash : hashed;
  const matches = await withHashingSlot(() => verifySecret({ hash: target, secret }));
  if (generated) return verifyGeneratedSecret({ hash: hashed, secret });
  return hashed !== undefined && matches;
}
