// What a customer does with passkeys: adds and removes them (signing in and stepping up with one:
// ./passkey-assertions.ts). Each step is audited; each added or removed passkey is mailed to the owner.
import { randomBytes } from "node:crypto";
import { recordAudit } from "@/db/queries/audit";
import {
  consumeChallenge,
  deleteAllPasskeys,
  deletePasskeyGuarded,
  deletePasskeysAddedSince,
  insertPasskeyWithinLimit,
  issueChallenge,
  passkeysOf,
} from "@/db/queries/passkeys";
import type { WebauthnPurpose } from "@/db/enums";
import { env, type RelyingParty } from "@/lib/env";
import type { RequestMeta } from "@/lib/http/request-meta";
import { getDb } from "@/db";
import { type Mail, queueMail } from "@/lib/mail/queue";
import type { PasskeyChange } from "@/lib/mail/templates/passkey-changed";
import { hashBinding } from "./otp";
import { MAX_PASSKEYS, RECENT_PASSKEY_MS, WEBAUTHN_CHALLENGE_TTL_MS } from "./passkey-rules";
import { type RegistrationResponseJSON, registrationOptions, verifyNewPasskey } from "./passkeys";
import { currentStepUp } from "./step-up";

type Customer = { id: string; selfCareId: string; displayName: string; email: string };

/** The deployment's relying party; passkeys are off where the portal's address is unknown (lib/env.ts). */
export function relyingParty(): RelyingParty | null {
  return env().relyingParty;
}

/** A fresh random value for a browser's cookie (a challenge's binding, a step-up's token). */
export const newBrowserToken = () => randomBytes(32).toString("base64url");

/** A challenge for this browser (its binding's hash stored), good for five minutes. */
export async function challengeFor(
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
 * whatever the sign-in's age: a session alone, a stolen cookie, must not mint a way to sign in that outlives it. An
 * operator proves themselves by a sign-in in the last ten minutes instead (`signedInRecently`, the console's passkeys
 * page): the console has no step-up page, and a new operator registers their first passkey right after signing in.
 */
export async function startRegistration({
  party,
  customer,
  stepUpToken,
  signedInRecently = false,
  bindingToken,
  now,
}: {
  party: RelyingParty;
  customer: Customer;
  stepUpToken: string | undefined;
  signedInRecently?: boolean;
  bindingToken: string;
  now: Date;
}) {
  if (!signedInRecently && (await currentStepUp({ customerId: customer.id, stepUpToken, now })) === null) {
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
export type RecentPasskeysCause =
  "password-changed" | "signed-out-everywhere" | "signed-out-by-admin" | "letter-reissued";

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

/**
 * An operator removes every passkey of a customer who lost a device: audited with the operator and their reason
 * (`stamp`, lib/desk/support-actions.ts), and the customer is told.
 */
export async function removeAllPasskeys({
  customer,
  stamp,
  meta,
  now,
}: {
  customer: Customer;
  stamp: { operatorId: string; detail: Record<string, string> };
  meta: RequestMeta;
  now: Date;
}): Promise<number> {
  const removed = await deleteAllPasskeys(customer.id);
  if (removed === 0) return 0;
  await recordAudit({
    ...meta,
    customerId: customer.id,
    operatorId: stamp.operatorId,
    type: "passkey.removed-by-admin",
    detail: { ...stamp.detail, removed },
  });
  await queueMail(await getDb(), [passkeyMail(customer, "removed-by-admin", "", now)], now);
  return removed;
}
