// Passkeys, their WebAuthn challenges, and the step-ups a browser made (lib/auth/passkeys.ts, lib/auth/step-up.ts).
import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import type { StepUpFactor, WebauthnPurpose } from "@/db/enums";
import { customers, passkeys, stepUps, webauthnChallenges } from "@/db/schema";
import { countRows } from "./count";

export type StoredPasskey = typeof passkeys.$inferSelect;
export type NewPasskey = Omit<typeof passkeys.$inferInsert, "createdAt" | "lastUsedAt">;

export async function listPasskeys(customerId: string) {
  const db = await getDb();
  return db
    .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt })
    .from(passkeys)
    .where(eq(passkeys.customerId, customerId))
    .orderBy(asc(passkeys.createdAt));
}

/** What verifying an assertion needs: the customer's passkeys (a step-up accepts only these). */
export async function passkeysOf(customerId: string): Promise<StoredPasskey[]> {
  const db = await getDb();
  return db.select().from(passkeys).where(eq(passkeys.customerId, customerId));
}

export async function passkeyCount(customerId: string): Promise<number> {
  const db = await getDb();
  const [row] = await db.select({ value: countRows() }).from(passkeys).where(eq(passkeys.customerId, customerId));
  return row?.value ?? 0;
}

/** A passkey by its credential ID, with the customer it signs in. */
export async function findPasskey(id: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      passkey: passkeys,
      owner: {
        id: customers.id,
        selfCareId: customers.selfCareId,
        displayName: customers.displayName,
        email: customers.email,
        role: customers.role,
        sessionVersion: customers.sessionVersion,
        disabledAt: customers.disabledAt,
      },
    })
    .from(passkeys)
    .innerJoin(customers, eq(customers.id, passkeys.customerId))
    .where(eq(passkeys.id, id));
  return row;
}

/** The customer's row, locked until the transaction ends: the passkey changes of one customer take turns. */
async function lockCustomer(tx: Tx, customerId: string): Promise<void> {
  await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId)).for("update");
}

/**
 * A new passkey, added at `now`, while the customer has fewer than `max`: counted and inserted in one transaction that
 * holds the customer's row, so registrations finishing at once cannot pass the limit together.
 */
export async function insertPasskeyWithinLimit({
  passkey,
  max,
  now,
}: {
  passkey: NewPasskey;
  max: number;
  now: Date;
}): Promise<"added" | "too-many" | "duplicate"> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    await lockCustomer(tx, passkey.customerId);
    const [held] = await tx
      .select({ value: countRows() })
      .from(passkeys)
      .where(eq(passkeys.customerId, passkey.customerId));
    if ((held?.value ?? 0) >= max) return "too-many";
    const rows = await tx
      .insert(passkeys)
      .values({ ...passkey, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: passkeys.id });
    return rows.length === 1 ? "added" : "duplicate";
  });
}

export type PasskeyRemoval =
  { removed: true; name: string; sessionVersion: number } | { removed: false; reason: "not-found" | "last" };

/**
 * Removes one of the customer's passkeys (never another's) and ends the customer's sessions (the new session version is
 * answered, for the one that removed it to carry). The last one only when `lastAllowed` (a step-up): counted and
 * removed in one transaction that holds the customer's row, so two removals at once cannot each see the other's
 * passkey left and both skip the step-up.
 */
export async function deletePasskeyGuarded({
  id,
  customerId,
  lastAllowed,
}: {
  id: string;
  customerId: string;
  lastAllowed: boolean;
}): Promise<PasskeyRemoval> {
  const db = await getDb();
  return db.transaction(async (tx): Promise<PasskeyRemoval> => {
    await lockCustomer(tx, customerId);
    const held = await tx
      .select({ id: passkeys.id, name: passkeys.name })
      .from(passkeys)
      .where(eq(passkeys.customerId, customerId));
    const found = held.find((passkey) => passkey.id === id);
    if (!found) return { removed: false, reason: "not-found" };
    if (held.length <= 1 && !lastAllowed) return { removed: false, reason: "last" };
    await tx.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.customerId, customerId)));
    const [bumped] = await tx
      .update(customers)
      .set({ sessionVersion: sql`${customers.sessionVersion} + 1` })
      .where(eq(customers.id, customerId))
      .returning({ sessionVersion: customers.sessionVersion });
    return { removed: true, name: found.name, sessionVersion: bumped!.sessionVersion };
  });
}

/** Removes the customer's passkeys added after `since` (lib/auth/passkey-flows.ts); answers their names. */
export async function deletePasskeysAddedSince({
  customerId,
  since,
}: {
  customerId: string;
  since: Date;
}): Promise<string[]> {
  const db = await getDb();
  const rows = await db
    .delete(passkeys)
    .where(and(eq(passkeys.customerId, customerId), gt(passkeys.createdAt, since)))
    .returning({ name: passkeys.name });
  return rows.map((row) => row.name);
}

/** Removes every passkey of a customer (an admin, for a lost device); answers how many. */
export async function deleteAllPasskeys(customerId: string): Promise<number> {
  const db = await getDb();
  const rows = await db.delete(passkeys).where(eq(passkeys.customerId, customerId)).returning({ id: passkeys.id });
  return rows.length;
}

/**
 * A verified use: the new counter, only if it is still the one the assertion was checked against (of two uses of one
 * assertion at once, one wins), and when it was used.
 */
export async function recordPasskeyUse({
  id,
  checkedCounter,
  counter,
  backedUp,
  now,
}: {
  id: string;
  checkedCounter: number;
  counter: number;
  backedUp: boolean;
  now: Date;
}): Promise<boolean> {
  const db = await getDb();
  const rows = await db
    .update(passkeys)
    .set({ counter, backedUp, lastUsedAt: now })
    .where(and(eq(passkeys.id, id), eq(passkeys.counter, checkedCounter)))
    .returning({ id: passkeys.id });
  return rows.length === 1;
}

/** A new challenge for this browser (its binding), replacing the one it had: one live challenge per browser. */
export async function issueChallenge(challenge: {
  purpose: WebauthnPurpose;
  customerId: string | null;
  bindingHash: string;
  challenge: string;
  expiresAt: Date;
}): Promise<void> {
  const db = await getDb();
  await db
    .insert(webauthnChallenges)
    .values(challenge)
    .onConflictDoUpdate({
      target: webauthnChallenges.bindingHash,
      set: { ...challenge, consumedAt: null, createdAt: sql`pg_catalog.now()` },
    });
}

/**
 * Uses up this browser's challenge for `purpose` (and `customerId`, when it was issued for one): answers it only while
 * unused and unexpired, and only once, however many requests present it at once.
 */
export async function consumeChallenge({
  bindingHash,
  purpose,
  customerId,
  now,
}: {
  bindingHash: string;
  purpose: WebauthnPurpose;
  customerId: string | null;
  now: Date;
}): Promise<string | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(webauthnChallenges)
    .set({ consumedAt: now })
    .where(
      and(
        eq(webauthnChallenges.bindingHash, bindingHash),
        eq(webauthnChallenges.purpose, purpose),
        customerId === null ? isNull(webauthnChallenges.customerId) : eq(webauthnChallenges.customerId, customerId),
        isNull(webauthnChallenges.consumedAt),
        gt(webauthnChallenges.expiresAt, now),
      ),
    )
    .returning({ challenge: webauthnChallenges.challenge });
  return row?.challenge;
}

export async function recordStepUp(stepUp: {
  tokenHash: string;
  customerId: string;
  factor: StepUpFactor;
  verifiedAt: Date;
}): Promise<void> {
  const db = await getDb();
  await db.insert(stepUps).values(stepUp);
}

/** The step-up behind a browser's cookie, if it is this customer's and made after `since`. */
export async function findStepUp({
  tokenHash,
  customerId,
  since,
}: {
  tokenHash: string;
  customerId: string;
  since: Date;
}) {
  const db = await getDb();
  const [row] = await db
    .select({ factor: stepUps.factor, verifiedAt: stepUps.verifiedAt })
    .from(stepUps)
    .where(and(eq(stepUps.tokenHash, tokenHash), eq(stepUps.customerId, customerId), gt(stepUps.verifiedAt, since)));
  return row;
}

/** Spent challenges and old step-ups: the scheduled work's tidying. */
export async function forgetOldWebauthnState(before: Date): Promise<void> {
  const db = await getDb();
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, before));
  await db.delete(stepUps).where(lt(stepUps.verifiedAt, before));
}
