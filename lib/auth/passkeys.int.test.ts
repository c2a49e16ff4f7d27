// The server's checks of passkey answers, with a software authenticator (an ES256 key made here, signing as a device
// would): another customer's passkey, a replayed answer, an expired challenge, a counter that goes backwards.
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, passkeys, stepUps, webauthnChallenges } from "@/db/schema";
import { demoDatabase, testTargets } from "@/test/databases";
import type { RelyingParty } from "@/lib/env";
import { startStepUp, stepUpWithPasskey } from "./passkey-assertions";
import {
  consumeChallenge,
  deleteAllPasskeys,
  deletePasskeyGuarded,
  insertPasskeyWithinLimit,
  issueChallenge,
  listPasskeys,
  passkeysOf,
} from "@/db/queries/passkeys";

const party: RelyingParty = { id: "localhost", origin: "http://localhost:3100", name: "テスト" };
const meta = { ip: "203.0.113.40", userAgent: "vitest" };
const t0 = new Date("2026-11-24T05:00:00Z");
const b64url = (bytes: Buffer) => bytes.toString("base64url");

/** A P-256 key as a passkey stores it (COSE), and what the device answers to a challenge with it. */
function softwarePasskey(id: string) {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const x = Buffer.from(jwk.x!, "base64url");
  const y = Buffer.from(jwk.y!, "base64url");
  // {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y} in CBOR.
  const cose = Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]),
    x,
    Buffer.from([0x22, 0x58, 0x20]),
    y,
  ]);
  /** `synced`: the backup flags set (eligible, backed up), as a synced passkey, or a cloned key claiming to be one, sets them. */
  const answer = (challenge: string, counter: number, { synced = false, forged = false } = {}) => {
    const clientData = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge, origin: party.origin }));
    const flags = 0x01 | 0x04 | (synced ? 0x08 | 0x10 : 0); // user present, user verified (backup eligible, backed up)
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    const authData = Buffer.concat([createHash("sha256").update(party.id).digest(), Buffer.from([flags]), count]);
    const signature = sign(
      "sha256",
      Buffer.concat([authData, createHash("sha256").update(clientData).digest()]),
      privateKey,
    );
    // A forged answer: signed by a key that is not the passkey's.
    if (forged) signature[signature.length - 8]! ^= 0xff;
    return {
      id,
      rawId: id,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
    };
  };
  return { publicKey: b64url(cose), answer };
}

describe.each(testTargets())("passkey answers on $name", ({ open }) => {
  const suite = demoDatabase({ open, clear: [stepUps, webauthnChallenges, passkeys, auditEvents] });
  const key = softwarePasskey("cred-demo1");

  const store = async (counter = 0, backedUp = false) =>
    suite.database.db.insert(passkeys).values({
      id: "cred-demo1",
      customerId: suite.demo1,
      name: "一郎の端末",
      publicKey: key.publicKey,
      counter,
      transports: ["internal"],
      deviceType: backedUp ? "multiDevice" : "singleDevice",
      backedUp,
    });
  /** A step-up challenge for `customerId` in a browser of its own, and the answer to it. */
  const challengeFor = async (customerId: string, bindingToken: string, now = t0) =>
    (await startStepUp({ party, customerId, bindingToken, now })).challenge;
  const stepUp = (customerId: string, bindingToken: string, response: ReturnType<typeof key.answer>, now = t0) =>
    stepUpWithPasskey({ party, customerId, bindingToken, stepUpToken: `token-${bindingToken}`, response, meta, now });

  it("steps up with the customer's own passkey, once per challenge: the same answer again is refused", async () => {
    await store();
    const answer = key.answer(await challengeFor(suite.demo1, "browser-1"), 1);
    expect(await stepUp(suite.demo1, "browser-1", answer)).toBe(true);
    expect(await stepUp(suite.demo1, "browser-1", answer)).toBe(false);
    expect(await suite.database.db.select().from(stepUps)).toHaveLength(1);
  });

  it("refuses another customer's passkey, even with a valid answer to that customer's challenge", async () => {
    await store();
    const answer = key.answer(await challengeFor(suite.demo2, "browser-2"), 1);
    expect(await stepUp(suite.demo2, "browser-2", answer)).toBe(false);
    const [failure] = await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, "step-up.failed"));
    expect(failure!.detail).toMatchObject({ reason: "another-customer" });
  });

  it("refuses an answer to a challenge older than five minutes, and one from another browser", async () => {
    await store();
    const late = key.answer(await challengeFor(suite.demo1, "browser-3"), 1);
    expect(await stepUp(suite.demo1, "browser-3", late, new Date(t0.getTime() + 5 * 60_000 + 1000))).toBe(false);
    const elsewhere = key.answer(await challengeFor(suite.demo1, "browser-4"), 2);
    expect(await stepUp(suite.demo1, "browser-5", elsewhere)).toBe(false);
  });

  it("refuses a counter that goes backwards on a single-device passkey, audited; a synced one is not compared", async () => {
    await store(10, false);
    const behind = key.answer(await challengeFor(suite.demo1, "browser-6"), 5);
    expect(await stepUp(suite.demo1, "browser-6", behind)).toBe(false);
    expect(
      await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, "passkey.counter-regressed")),
    ).toHaveLength(1);

    await suite.database.db.delete(passkeys);
    await store(10, true);
    const synced = key.answer(await challengeFor(suite.demo1, "browser-7"), 0);
    expect(await stepUp(suite.demo1, "browser-7", synced)).toBe(true);
  });

  it("compares the counter of a passkey registered single-device whatever backup flags its answers set (a clone's)", async () => {
    await store(10, false);
    // A clone of the key claims to be synced: first moving the counter on, then going back.
    const ahead = key.answer(await challengeFor(suite.demo1, "browser-8"), 11, { synced: true });
    expect(await stepUp(suite.demo1, "browser-8", ahead)).toBe(true);
    const behind = key.answer(await challengeFor(suite.demo1, "browser-9"), 5, { synced: true });
    expect(await stepUp(suite.demo1, "browser-9", behind)).toBe(false);
    const same = key.answer(await challengeFor(suite.demo1, "browser-10"), 11, { synced: true });
    expect(await stepUp(suite.demo1, "browser-10", same)).toBe(false);
    expect(
      await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, "passkey.counter-regressed")),
    ).toHaveLength(2);
  });

  it("audits a counter going backwards only for an answer whose signature verifies", async () => {
    await store(10, false);
    const forged = key.answer(await challengeFor(suite.demo1, "browser-11"), 5, { forged: true });
    expect(await stepUp(suite.demo1, "browser-11", forged)).toBe(false);
    expect(
      await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, "passkey.counter-regressed")),
    ).toHaveLength(0);
    const [failure] = await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, "step-up.failed"));
    expect(failure!.detail).toMatchObject({ reason: "invalid" });
  });

  it("stores each credential's key, counter, transports and backup flags, and removes only the owner's", async () => {
    await store(3, true);
    expect(await passkeysOf(suite.demo1)).toMatchObject([
      { id: "cred-demo1", counter: 3, transports: ["internal"], deviceType: "multiDevice", backedUp: true },
    ]);
    expect(await listPasskeys(suite.demo1)).toMatchObject([{ name: "一郎の端末", lastUsedAt: null }]);
    // The same credential cannot be registered twice, for anyone.
    expect(
      await insertPasskeyWithinLimit({
        passkey: {
          id: "cred-demo1",
          customerId: suite.demo2,
          name: "別人",
          publicKey: key.publicKey,
          counter: 0,
          transports: [],
          deviceType: "singleDevice",
          backedUp: false,
        },
        max: 10,
        now: t0,
      }),
    ).toBe("duplicate");
    expect(await deletePasskeyGuarded({ id: "cred-demo1", customerId: suite.demo2, lastAllowed: true })).toEqual({
      removed: false,
      reason: "not-found",
    });
    expect(await listPasskeys(suite.demo1)).toHaveLength(1);
    expect(await deleteAllPasskeys(suite.demo1)).toBe(1);
    expect(await listPasskeys(suite.demo1)).toHaveLength(0);
  });

  it("hands a challenge out once however many requests present it at once", async () => {
    await issueChallenge({
      purpose: "sign-in",
      customerId: null,
      bindingHash: "binding-race",
      challenge: "challenge-race",
      expiresAt: new Date(t0.getTime() + 60_000),
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        consumeChallenge({ bindingHash: "binding-race", purpose: "sign-in", customerId: null, now: t0 }),
      ),
    );
    expect(results.filter((challenge) => challenge === "challenge-race")).toHaveLength(1);
    // Nor for another purpose.
    await issueChallenge({
      purpose: "register",
      customerId: suite.demo1,
      bindingHash: "binding-purpose",
      challenge: "registration",
      expiresAt: new Date(t0.getTime() + 60_000),
    });
    expect(
      await consumeChallenge({ bindingHash: "binding-purpose", purpose: "step-up", customerId: suite.demo1, now: t0 }),
    ).toBeUndefined();
  });
});
