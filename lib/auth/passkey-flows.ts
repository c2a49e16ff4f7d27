// What a customer does with passkeys: adds and removes them, signs in with one, and proves themselves again with one
// (a step-up) before a high-risk action. Each step is audited; each added or removed passkey is mailed to the owner.
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/db/queries/audit";
import {
  consumeChallenge,
  deleteAllPasskeys,
  deletePasskeyGuarded,
  deletePasskeysAddedSince,
  findPasskey,
  insertPasskeyWithinLimit,
  issueChallenge,
  passkeysOf,
  recordPasskeyUse,
  recordStepUp,
} from "@/db/queries/passkeys";
import type { WebauthnPurpose } from "@/db/enums";
import { env, type RelyingParty } from "@/lib/env";
import type { RequestMeta } from "@/lib/http/request-meta";
import { getDb } from "@/db";
import { type Mail, queueMail } from "@/lib/mail/queue";
import type { PasskeyChange } from "@/lib/mail/templates/passkey-changed";
import { signInAttemptHits, take } from "@/lib/rate-limit";
import { hashBinding } from "./otp";
import { MAX_PASSKEYS, RECENT_PASSKEY_MS, WEBAUTHN_CHALLENGE_TTL_MS } from "./passkey-rules";
import {
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
  authenticationOptions,
  registrationOptions,
  verifyAssertion,
  verifyNewPasskey,
} from "./passkeys";
import { currentStepUp } from "./step-up";

type Customer = { id: string; selfCareId: string; displayName: string; email: string };

/** The deployment's relying party; passkeys are off where the portal's address is unknown (lib/env.ts). */
export function relyingParty(): RelyingParty | null {
  return env().relyingParty;
}

/** A fresh random value for a browser's cookie (a challenge's binding, a step-up's token). */
export const newBrowserToken = () => randomBytes(32).toString("base64url");

async function challengeFor(
  purpose: WebauthnPurpose,
  {
    customerId,
    bindingToken,
    challenge,
    now,
  }: { customerId: string | null; bindingToken: string; challenge: string; now: Date },
) {
  await issueChallenge({
    purpose,
    customerId,
    bindingHash: hashBinding(bindingToken),
    challenge,
    expiresAt: new Date(now.getTime() + WEBAUTHN_CHALLENGE_TTL_MS),
  });
}

const passkeyMail = (customer: Customer, change: PasskeyChange, passkeyName: string, now: Date): Mail => ({
  template: "passkey-changed",
  to: customer.email,
  props: { name: customer.displayName, change, passkeyName, at: now },
  customerId: customer.id,
  failureType: "change.mail-failed",
});

/**
 * A challenge for a new passkey, only after a step-up by this browser (an existing passkey, or a fresh emailed code),
 * whatever the sign-in's age: a session alone, a stolen cookie, must not mint a way to sign in that outlives it.
 */
export async function startRegistration({
  party,
  customer,
  stepUpToken,
  bindingToken,
  now,
}: {
  party: RelyingParty;
  customer: Customer;
  stepUpToken: string | undefined;
  bindingToken: string;
  now: Date;
}) {
  if ((await currentStepUp({ customerId: customer.id, stepUpToken, now })) === null) {
    return { ok: false as const, reason: "step-up" as const };
  }
  const existing = await passkeysOf(customer.id);
  const options = await registrationOptions(party, customer, existing);
  await challengeFor("register", { customerId: customer.id, bindingToken, challenge: options.challenge, now });
  return { ok: true as const, options };
}

export type RegistrationResult = { ok: true } | { ok: false; reason: "invalid" | "too-many" | "duplicate" };

export async function finishRegistration({
  party,
  customer,
  bindingToken,
  name,
  response,
  meta,
  now,
}: {
  party: RelyingParty;
  customer: Customer;
  bindingToken: string;
  name: string;
  response: RegistrationResponseJSON;
  meta: RequestMeta;
  now: Date;
}): Promise<RegistrationResult> {
  const challenge = await consumeChallenge({
    bindingHash: hashBinding(bindingToken),
    purpose: "register",
    customerId: customer.id,
    now,
  });
  if (!challenge) return { ok: false, reason: "invalid" };
  const passkey = await verifyNewPasskey({ party, response, challenge });
  if (!passkey) return { ok: false, reason: "invalid" };
  const added = await insertPasskeyWithinLimit({
    passkey: { ...passkey, customerId: customer.id, name },
    max: MAX_PASSKEYS,
    now,
  });
  if (added !== "added") return { ok: false, reason: added };
  await recordAudit({ ...meta, customerId: customer.id, type: "passkey.added", detail: { name } });
  await queueMail(await getDb(), [passkeyMail(customer, "added", name, now)], now);
  return { ok: true };
}

export type RemovalResult = { ok: true; sessionVersion: number } | { ok: false; reason: "not-found" | "step-up" };

/**
 * Removes one of the customer's passkeys; the last one only when `lastAllowed` (a step-up), decided in the removal's
 * own transaction. Every session of the customer ends (a thief's, too); the new session version is answered for the
 * browser that removed it to carry, as a new self-care password's is.
 */
export async function removePasskey({
  customer,
  id,
  lastAllowed,
  meta,
  now,
}: {
  customer: Customer;
  id: string;
  lastAllowed: boolean;
  meta: RequestMeta;
  now: Date;
}): Promise<RemovalResult> {
  const removal = await deletePasskeyGuarded({ id, customerId: customer.id, lastAllowed });
  if (!removal.removed) return { ok: false, reason: removal.reason === "last" ? "step-up" : "not-found" };
  await recordAudit({ ...meta, customerId: customer.id, type: "passkey.removed", detail: { name: removal.name } });
  await queueMail(await getDb(), [passkeyMail(customer, "removed", removal.name, now)], now);
  return { ok: true, sessionVersion: removal.sessionVersion };
}

/** Why the passkeys added recently were removed: the customer's own recovery steps, or an operator's. */
export type RecentPasskeysCause = "password-changed" | "signed-out-everywhere" | "signed-out-by-admin";

/**
 * Removes the passkeys added in the last 24 hours (RECENT_PASSKEY_MS) when the customer changes the self-care password
 * or signs out everywhere, or an operator signs them out: the steps someone takes who fears a thief had their session,
 * and a thief's passkey would outlive them all. Audited and mailed; answers how many.
 */
export async function removeRecentPasskeys({
  customer,
  cause,
  meta,
  now,
}: {
  customer: Customer;
  cause: RecentPasskeysCause;
  meta: RequestMeta;
  now: Date;
}): Promise<number> {
  const names = await deletePasskeysAddedSince({
    customerId: customer.id,
    since: new Date(now.getTime() - RECENT_PASSKEY_MS),
  });
  if (names.length === 0) return 0;
  await recordAudit({
    ...meta,
    customerId: customer.id,
    type: "passkey.removed-recent",
    detail: { removed: names.length, names: names.join("、"), cause },
  });
  await queueMail(await getDb(), [passkeyMail(customer, "removed-recent", names.join("」「"), now)], now);
  return names.length;
}

/** An admin removes every passkey of a customer who lost a device: audited, and the customer is told. */
export async function removeAllPasskeys({
  customer,
  adminId,
  meta,
  now,
}: {
  customer: Customer;
  adminId: string;
  meta: RequestMeta;
  now: Date;
}): Promise<number> {
  const removed = await deleteAllPasskeys(customer.id);
  if (removed === 0) return 0;
  await recordAudit({
    ...meta,
    customerId: customer.id,
    type: "passkey.removed-by-admin",
    detail: { removed, by: adminId },
  });
  await queueMail(await getDb(), [passkeyMail(customer, "removed-by-admin", "", now)], now);
  return removed;
}

/**
 * Options for a sign-in (no customer: the browser offers what it holds). Anyone may ask and each answer writes a
 * challenge, so each takes the address's sign-in attempt allowance, as a password does; null, with nothing written,
 * once it is spent.
 */
export async function startSignIn({
  party,
  bindingToken,
  meta,
  now,
}: {
  party: RelyingParty;
  bindingToken: string;
  meta: RequestMeta;
  now: Date;
}) {
  if (!(await take(signInAttemptHits(meta.ip), now)).taken) return null;
  const options = await authenticationOptions(party);
  await challengeFor("sign-in", { customerId: null, bindingToken, challenge: options.challenge, now });
  return options;
}

/** Options for a step-up: only the customer's passkeys. */
export async function startStepUp({
  party,
  customerId,
  bindingToken,
  now,
}: {
  party: RelyingParty;
  customerId: string;
  bindingToken: string;
  now: Date;
}) {
  const options = await authenticationOptions(party, await passkeysOf(customerId));
  await challengeFor("step-up", { customerId, bindingToken, challenge: options.challenge, now });
  return options;
}

export type AssertionResult =
  | { ok: true; owner: NonNullable<Awaited<ReturnType<typeof findPasskey>>>["owner"] }
  | { ok: false; reason: "invalid" | "throttled" };

/**
 * Checks a passkey's answer to this browser's challenge and records its use. The challenge is used up whatever the
 * outcome, so an answer can be tried once; the counter is moved only from the value checked, so one answer presented
 * twice at once passes once. `customerId`: a step-up's customer, whose passkey it must be.
 */
async function checkAssertion({
  party,
  purpose,
  customerId,
  bindingToken,
  response,
  meta,
  now,
}: {
  party: RelyingParty;
  purpose: "sign-in" | "step-up";
  customerId: string | null;
  bindingToken: string | undefined;
  response: AuthenticationResponseJSON;
  meta: RequestMeta;
  now: Date;
}): Promise<AssertionResult> {
  const failed = async (detail: Record<string, string>, type: "passkey.sign-in-failed" | "step-up.failed") => {
    await recordAudit({ ...meta, customerId, type, detail: { factor: "passkey", ...detail } });
    return { ok: false as const, reason: "invalid" as const };
  };
  const failureType = purpose === "sign-in" ? "passkey.sign-in-failed" : "step-up.failed";
  if (!bindingToken) return failed({ reason: "no-challenge" }, failureType);
  const challenge = await consumeChallenge({ bindingHash: hashBinding(bindingToken), purpose, customerId, now });
  if (!challenge) return failed({ reason: "no-challenge" }, failureType);
  const found = await findPasskey(response.id);
  // A passkey registered by one customer never proves another.
  if (!found || (customerId !== null && found.owner.id !== customerId)) {
    return failed({ reason: found ? "another-customer" : "unknown-passkey" }, failureType);
  }
  const check = await verifyAssertion({ party, response, challenge, passkey: found.passkey });
  if (!check.ok) {
    if (check.reason === "counter-regressed") {
      await recordAudit({
        ...meta,
        customerId: found.owner.id,
        type: "passkey.counter-regressed",
        detail: { name: found.passkey.name },
      });
    }
    return failed({ reason: check.reason }, failureType);
  }
  const recorded = await recordPasskeyUse({
    id: found.passkey.id,
    checkedCounter: found.passkey.counter,
    counter: check.counter,
    backedUp: check.backedUp,
    now,
  });
  if (!recorded) return failed({ reason: "used-concurrently" }, failureType);
  return { ok: true, owner: found.owner };
}

/** A sign-in with a passkey: counted against the address as a password attempt is; audited as a sign-in. */
export async function signInWithPasskey(args: {
  party: RelyingParty;
  bindingToken: string | undefined;
  response: AuthenticationResponseJSON;
  meta: RequestMeta;
  now: Date;
}): Promise<AssertionResult> {
  const attempt = await take(signInAttemptHits(args.meta.ip), args.now);
  if (!attempt.taken) {
    await recordAudit({ ...args.meta, type: "login.throttled", detail: { factor: "passkey" } });
    return { ok: false, reason: "throttled" };
  }
  const result = await checkAssertion({ ...args, purpose: "sign-in", customerId: null });
  if (result.ok) {
    await recordAudit({
      ...args.meta,
      customerId: result.owner.id,
      type: "login.succeeded",
      detail: { factor: "passkey" },
    });
  }
  return result;
}

/** A step-up with one of the customer's passkeys: recorded for the browser's step-up token. */
export async function stepUpWithPasskey(args: {
  party: RelyingParty;
  customerId: string;
  bindingToken: string | undefined;
  stepUpToken: string;
  response: AuthenticationResponseJSON;
  meta: RequestMeta;
  now: Date;
}): Promise<boolean> {
  const result = await checkAssertion({ ...args, purpose: "step-up" });
  if (!result.ok) return false;
  await recordStepUp({
    tokenHash: hashBinding(args.stepUpToken),
    customerId: args.customerId,
    factor: "passkey",
    verifiedAt: args.now,
  });
  await recordAudit({
    ...args.meta,
    customerId: args.customerId,
    type: "step-up.verified",
    detail: { factor: "passkey" },
  });
  return true;
}
