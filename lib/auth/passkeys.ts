// Passkeys (WebAuthn, @simplewebauthn/server): the options a browser is given and the checks of what it answers.
// User verification is required and credentials are discoverable, so a passkey alone (with the device's PIN or
// biometrics) is both factors; the relying party is the deployment's own address (lib/env.ts), so a preview's passkeys
// are its own. Challenges are single use, bound to the browser that asked, and good for five minutes
// (db/queries/passkeys.ts).
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { NewPasskey, StoredPasskey } from "@/db/queries/passkeys";
import type { RelyingParty } from "@/lib/env";
import { WEBAUTHN_CHALLENGE_TTL_MS } from "./passkey-rules";

export type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

const TIMEOUT_MS = WEBAUTHN_CHALLENGE_TTL_MS;

/** What adding a passkey asks of the browser: a discoverable credential, verified by the device's own lock. */
export function registrationOptions(
  party: RelyingParty,
  customer: { id: string; selfCareId: string; displayName: string },
  existing: Pick<StoredPasskey, "id" | "transports">[],
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return generateRegistrationOptions({
    rpName: party.name,
    rpID: party.id,
    userName: customer.selfCareId,
    userDisplayName: customer.displayName,
    userID: new TextEncoder().encode(customer.id),
    attestationType: "none",
    timeout: TIMEOUT_MS,
    // The same authenticator twice would be one passkey under two names.
    excludeCredentials: existing.map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
}

/** What signing in (no passkey named: the browser offers the ones it holds) or a step-up (only the customer's) asks. */
export function authenticationOptions(
  party: RelyingParty,
  allowed: Pick<StoredPasskey, "id" | "transports">[] = [],
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return generateAuthenticationOptions({
    rpID: party.id,
    timeout: TIMEOUT_MS,
    userVerification: "required",
    allowCredentials: allowed.map((passkey) => ({ id: passkey.id, transports: passkey.transports })),
  });
}

/** A new passkey from the browser's answer, or null when it does not prove one (wrong challenge, origin, no UV). */
export async function verifyNewPasskey({
  party,
  response,
  challenge,
}: {
  party: RelyingParty;
  response: RegistrationResponseJSON;
  challenge: string;
}): Promise<Omit<NewPasskey, "customerId" | "name"> | null> {
  try {
    const { verified, registrationInfo } = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: party.origin,
      expectedRPID: party.id,
      requireUserVerification: true,
    });
    if (!verified) return null;
    return {
      id: registrationInfo.credential.id,
      publicKey: Buffer.from(registrationInfo.credential.publicKey).toString("base64url"),
      counter: registrationInfo.credential.counter,
      transports: registrationInfo.credential.transports ?? [],
      deviceType: registrationInfo.credentialDeviceType,
      backedUp: registrationInfo.credentialBackedUp,
    };
  } catch {
    return null;
  }
}

export type AssertionCheck =
  { ok: true; counter: number; backedUp: boolean } | { ok: false; reason: "invalid" | "counter-regressed" };

/**
 * Checks an assertion against the stored passkey. The signature counter must move forward for a passkey registered as
 * living on one device: one going backwards means a copy of its key is in use, so it is refused (and the caller
 * audits it). A passkey registered as synced may keep its counter at 0 or differ between the devices it is synced to,
 * so its counter is not compared. The device type is the one recorded at registration, never the backup flags of the
 * assertion: a cloned key sets those itself. The counter is compared here, after the signature verifies, rather than
 * by the library (which compares it first): an unsigned answer must not be able to raise a counter alarm.
 */
export async function verifyAssertion({
  party,
  response,
  challenge,
  passkey,
}: {
  party: RelyingParty;
  response: AuthenticationResponseJSON;
  challenge: string;
  passkey: StoredPasskey;
}): Promise<AssertionCheck> {
  if (response.id !== passkey.id) return { ok: false, reason: "invalid" };
  let newCounter: number;
  let backedUp: boolean;
  try {
    const { verified, authenticationInfo } = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: party.origin,
      expectedRPID: party.id,
      requireUserVerification: true,
      // 0 switches the library's own comparison off: it runs before the signature check.
      credential: { id: passkey.id, publicKey: Buffer.from(passkey.publicKey, "base64url"), counter: 0 },
    });
    if (!verified) return { ok: false, reason: "invalid" };
    newCounter = authenticationInfo.newCounter;
    backedUp = authenticationInfo.credentialBackedUp;
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (passkey.deviceType === "singleDevice" && counterRegressed({ stored: passkey.counter, presented: newCounter })) {
    return { ok: false, reason: "counter-regressed" };
  }
  return { ok: true, counter: newCounter, backedUp };
}

/** WebAuthn §6.1.1: a counter that is not 0 on both sides must be greater than the one stored. */
const counterRegressed = ({ stored, presented }: { stored: number; presented: number }) =>
  (stored > 0 || presented > 0) && presented <= stored;
