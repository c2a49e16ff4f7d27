// What a session alone may no longer do with passkeys, and what two requests at once may not do: adding one without a
// step-up, passing the limit, removing the last one without a step-up, keeping the ones added in the last day through
// a new password or a sign-out everywhere, and writing sign-in challenges past the address's attempts.
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, customers, mailQueue, passkeys, rateLimits, stepUps, webauthnChallenges } from "@/db/schema";
import { findCustomerById } from "@/db/queries/customers";
import { insertPasskeyWithinLimit } from "@/db/queries/passkeys";
import type { RelyingParty } from "@/lib/env";
import { limits, take } from "@/lib/rate-limit";
import { demoDatabase, testTargets } from "@/test/databases";
import { endEverySession } from "./end-sessions";
import { startSignIn } from "./passkey-assertions";
import { removePasskey, removeRecentPasskeys, startRegistration } from "./passkey-flows";
import { MAX_PASSKEYS } from "./passkey-rules";
import { changeSelfCarePassword } from "./self-care-password";
import { recordCodeStepUp } from "./step-up";

const party: RelyingParty = { id: "localhost", origin: "http://localhost:3100", name: "テスト" };
const meta = { ip: "203.0.113.50", userAgent: "vitest" };
const t0 = new Date("2026-11-24T05:00:00Z");
const HOUR = 60 * 60_000;

describe.each(testTargets())("passkeys of an account on $name", ({ open }) => {
  const suite = demoDatabase({
    open,
    clear: [stepUps, webauthnChallenges, passkeys, auditEvents, mailQueue, rateLimits],
  });
  const customer = async () => (await findCustomerById(suite.demo1))!;
  /** A passkey of demo1's, added at `addedAt` (no key: these tests never sign with it). */
  const stored = (id: string, addedAt = new Date(t0.getTime() - 30 * 24 * HOUR)) => ({
    id,
    customerId: suite.demo1,
    name: `端末 ${id}`,
    publicKey: "unused",
    counter: 0,
    transports: [],
    deviceType: "singleDevice" as const,
    backedUp: false,
    createdAt: addedAt,
  });
  const namesLeft = async () =>
    (await suite.database.db.select().from(passkeys).where(eq(passkeys.customerId, suite.demo1))).map((row) => row.id);
  const audited = (type: "passkey.removed-recent" | "passkey.removed") =>
    suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, type));
  const version = async () =>
    (await suite.database.db.select().from(customers).where(eq(customers.id, suite.demo1)))[0]!.sessionVersion;

  it("gives no registration challenge without a step-up, however fresh the sign-in; one after a step-up", async () => {
    const without = await startRegistration({
      party,
      customer: await customer(),
      stepUpToken: undefined,
      bindingToken: "browser-a",
      now: t0,
    });
    expect(without.ok).toBe(false);
    const stranger = await startRegistration({
      party,
      customer: await customer(),
      stepUpToken: "a-token-never-verified",
      bindingToken: "browser-a",
      now: t0,
    });
    expect(stranger.ok).toBe(false);
    expect(await suite.database.db.select().from(webauthnChallenges)).toHaveLength(0);

    await recordCodeStepUp({ customerId: suite.demo1, stepUpToken: "step-up-a", meta, now: t0 });
    const after = await startRegistration({
      party,
      customer: await customer(),
      stepUpToken: "step-up-a",
      bindingToken: "browser-a",
      now: new Date(t0.getTime() + 60_000),
    });
    expect(after.ok).toBe(true);
    expect(await suite.database.db.select().from(webauthnChallenges)).toMatchObject([{ purpose: "register" }]);
  });

  it("adds at most MAX_PASSKEYS however many registrations finish at once", async () => {
    for (let i = 0; i < MAX_PASSKEYS - 2; i++) await suite.database.db.insert(passkeys).values(stored(`held-${i}`));
    const { createdAt: _unused, ...fresh } = stored("fresh");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        insertPasskeyWithinLimit({ passkey: { ...fresh, id: `fresh-${i}` }, max: MAX_PASSKEYS, now: t0 }),
      ),
    );
    expect(results.filter((result) => result === "added")).toHaveLength(2);
    expect(results.filter((result) => result === "too-many")).toHaveLength(18);
    expect(await namesLeft()).toHaveLength(MAX_PASSKEYS);
  });

  it("removes at most all but one of the passkeys without a step-up, however many removals arrive at once", async () => {
    for (const id of ["one", "two", "three"]) await suite.database.db.insert(passkeys).values(stored(id));
    const results = await Promise.all(
      ["one", "two", "three", "one", "two", "three", "one", "two", "three"].map(async (id) =>
        removePasskey({ customer: await customer(), id, lastAllowed: false, meta, now: t0 }),
      ),
    );
    expect(results.filter((result) => result.ok)).toHaveLength(2);
    expect(results.filter((result) => !result.ok && result.reason === "step-up").length).toBeGreaterThanOrEqual(1);
    expect(await namesLeft()).toHaveLength(1);
    expect(await audited("passkey.removed")).toHaveLength(2);
    // The last one goes with a step-up.
    const [last] = await namesLeft();
    expect(
      await removePasskey({ customer: await customer(), id: last!, lastAllowed: true, meta, now: t0 }),
    ).toMatchObject({ ok: true });
    expect(await namesLeft()).toHaveLength(0);
  });

  it("ends the customer's sessions with a removal, and answers the new version for this browser to carry", async () => {
    for (const id of ["one", "two"]) await suite.database.db.insert(passkeys).values(stored(id));
    const before = await version();
    const removal = await removePasskey({ customer: await customer(), id: "one", lastAllowed: false, meta, now: t0 });
    expect(removal).toEqual({ ok: true, sessionVersion: before + 1 });
    expect(await version()).toBe(before + 1);
    // Another customer's passkey is not found, and ends nothing.
    const other = await removePasskey({
      customer: { ...(await customer()), id: suite.demo2 },
      id: "two",
      lastAllowed: true,
      meta,
      now: t0,
    });
    expect(other).toEqual({ ok: false, reason: "not-found" });
    expect(await namesLeft()).toEqual(["two"]);
  });

  it("removes the passkeys added in the last 24 hours, audited and mailed; older ones stay", async () => {
    await suite.database.db.insert(passkeys).values(stored("old", new Date(t0.getTime() - 25 * HOUR)));
    await suite.database.db.insert(passkeys).values(stored("recent", new Date(t0.getTime() - 23 * HOUR)));
    await suite.database.db.insert(passkeys).values(stored("just-now", new Date(t0.getTime() - 60_000)));
    expect(
      await removeRecentPasskeys({ customer: await customer(), cause: "signed-out-everywhere", meta, now: t0 }),
    ).toBe(2);
    expect(await namesLeft()).toEqual(["old"]);
    const [event] = await audited("passkey.removed-recent");
    expect(event!.detail).toMatchObject({ removed: 2, cause: "signed-out-everywhere" });
    expect(
      await suite.database.db
        .select()
        .from(mailQueue)
        .where(and(eq(mailQueue.template, "passkey-changed"), eq(mailQueue.customerId, suite.demo1))),
    ).toHaveLength(1);
  });

  it("removes them when every session ends (everywhere, or by an operator) and with a new self-care password", async () => {
    const recent = async (id: string) =>
      suite.database.db.insert(passkeys).values(stored(id, new Date(t0.getTime() - HOUR)));
    await suite.database.db.insert(passkeys).values(stored("old"));
    await recent("thief-1");
    const before = await version();
    expect(await endEverySession({ customer: await customer(), cause: "signed-out-by-admin", meta, now: t0 })).toBe(1);
    expect(await version()).toBe(before + 1);
    await recent("thief-2");
    const changed = await changeSelfCarePassword({
      customerId: suite.demo1,
      input: { currentPassword: "Demo-pass-0001", newPassword: "a long new passphrase 2026" },
      meta,
      now: t0,
    });
    expect(changed.ok).toBe(true);
    expect(await namesLeft()).toEqual(["old"]);
    expect((await audited("passkey.removed-recent")).map((event) => event.detail?.cause)).toEqual([
      "signed-out-by-admin",
      "password-changed",
    ]);
  });

  it("writes a sign-in challenge only within the address's sign-in attempts, however many ask at once", async () => {
    const { limit } = limits.loginAttemptsPerIp;
    const answers = await Promise.all(
      Array.from({ length: limit + 10 }, (_, i) =>
        startSignIn({ party, bindingToken: `anonymous-${i}`, meta, now: t0 }),
      ),
    );
    expect(answers.filter((options) => options !== null)).toHaveLength(limit);
    expect(await suite.database.db.select().from(webauthnChallenges)).toHaveLength(limit);
    // Refused with nothing written: no challenge, no audit row.
    expect(await suite.database.db.select().from(auditEvents)).toHaveLength(0);
  });

  it("shares the allowance with password attempts, and an IPv6 address's with its /48", async () => {
    const ip = "2001:db8:1:2::/64";
    const spent = Array.from({ length: limits.loginAttemptsPerNet48.limit }, () => ({
      limit: "loginAttemptsPerNet48" as const,
      subject: "2001:db8:1::/48",
    }));
    // Password attempts from other /64s of the same /48 spent its allowance.
    for (const hit of spent) await take([hit], t0);
    expect(await startSignIn({ party, bindingToken: "v6", meta: { ...meta, ip }, now: t0 })).toBeNull();
    expect(await suite.database.db.select().from(webauthnChallenges)).toHaveLength(0);
  });
});
