// Signing in with a passkey, and proving oneself again with one (a step-up) before a high-risk action: the challenges
// handed out and the answers checked. Each failure is audited.
import { recordAudit } from "@/db/queries/audit";
import { consumeChallenge, findPasskey, passkeysOf, recordPasskeyUse, recordStepUp } from "@/db/queries/passkeys";
import type { RelyingParty } from "@/lib/env";
import type { RequestMeta } from "@/lib/http/request-meta";
import { signInAttemptHits, take } from "@/lib/rate-limit";
import { hashBinding } from "./otp";
import { challengeFor } from "./passkey-flows";
import { type AuthenticationResponseJSON, authenticationOptions, verifyAssertion } from "./passkeys";

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
  // A disabled operator's passkey signs nobody in (checked before the counter moves, so re-enabling finds it usable).
  if (found.owner.disabledAt) return failed({ reason: "disabled" }, failureType);
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
