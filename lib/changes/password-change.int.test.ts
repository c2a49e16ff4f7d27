import { afterAnswers, signedIn } from "@/test/action-context";
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  auditEvents,
  customers,
  ipPhoneLines,
  mailQueue,
  outboxEmails,
  passwordChanges,
  rateLimits,
  sipCredentials,
} from "@/db/schema";
import { demoDatabase, testTargets } from "@/test/databases";
import { env } from "../env";
import { upsertAccount } from "@/db/queries/demo";
import { cancelPasswordChange, requestPasswordChange } from "./password-change";
import { applyDueChanges } from "./reflection-job";
import { limits, peek } from "../rate-limit";
import { verifySecret } from "../password-hashing";
import { changeSecretContext, openSecret } from "./sealed-secret";

const meta = { ip: "203.0.113.9", userAgent: "vitest" };
// 2026-11-24 14:00 JST: the provider's example.
const at14 = new Date("2026-11-24T05:00:00Z");

describe.each(testTargets())("password change on $name", ({ open }) => {
  const suite = demoDatabase({ open, clear: [mailQueue, passwordChanges, rateLimits, auditEvents] });

  const input = (overrides: Partial<Parameters<typeof requestPasswordChange>[0]["input"]> = {}) => ({
    number: "05087654321",
    currentPassword: "pass5678",
    newPassword: "k7m2x9qa",
    confirmPassword: "k7m2x9qa",
    switchMode: "routine" as const,
    requestToken: randomUUID(),
    ...overrides,
  });
  const changes = () => suite.database.db.select().from(passwordChanges);
  const lineHash = async (number: string) =>
    (await suite.database.db.select().from(ipPhoneLines).where(eq(ipPhoneLines.number, number)))[0]!.sipPasswordHash;

  it("records a pending change with the batch reflection time, the sealed secret and the new hash", async () => {
    const result = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: input(),
      meta,
      now: at14,
    });
    expect(result.ok).toBe(true);
    const [change] = await changes();
    expect(change).toMatchObject({
      status: "pending",
      serviceKind: "b2bua",
      requestedAt: at14,
      reflectionAt: new Date("2026-11-24T08:30:00Z"),
      requestIp: meta.ip,
      userAgent: "vitest",
    });
    expect(change!.secretCiphertext).not.toContain("k7m2x9qa");
    expect(
      openSecret({
        key: env().credentialEncryptionKey,
        sealed: change!.secretCiphertext!,
        context: changeSecretContext({ changeId: change!.id, number: "05087654321" }),
      }),
    ).toBe("k7m2x9qa");
    expect(await verifySecret({ hash: await lineHash("05087654321"), secret: "k7m2x9qa" })).toBe(true);
    expect(await verifySecret({ hash: await lineHash("05087654321"), secret: "pass5678" })).toBe(false);
  });

  it("does nothing for a session ended elsewhere: no limit taken, no change, nothing mailed", async () => {
    const hashBefore = await lineHash("05087654321");
    const result = await requestPasswordChange({
      ...signedIn,
      sessionVersion: signedIn.sessionVersion - 1,
      customerId: suite.demo1,
      input: input(),
      meta,
      now: at14,
    });
    expect(result).toEqual({ ok: false, reason: "signed-out" });
    expect(await changes()).toHaveLength(0);
    expect(await lineHash("05087654321")).toBe(hashBefore);
    expect(await suite.database.db.select().from(rateLimits)).toHaveLength(0);
    expect(await suite.database.db.select().from(mailQueue)).toHaveLength(0);
  });

  it("asks for a step-up before an emergency change, and records the factor that authorised it", async () => {
    const emergency = input({ switchMode: "emergency" });
    const refused = await requestPasswordChange({
      ...signedIn,
      stepUp: null,
      customerId: suite.demo1,
      input: emergency,
      meta,
      now: at14,
    });
    expect(refused).toEqual({ ok: false, reason: "step-up" });
    expect(await changes()).toHaveLength(0);
    expect(await suite.database.db.select().from(rateLimits)).toHaveLength(0);
    const made = await requestPasswordChange({
      ...signedIn,
      stepUp: "passkey",
      customerId: suite.demo1,
      input: emergency,
      meta,
      now: at14,
    });
    expect(made.ok).toBe(true);
    expect(await changes()).toMatchObject([{ switchMode: "emergency", authorizedBy: "passkey" }]);
  });

  it("supersedes the pending change of the line, and the newest password becomes the current one", async () => {
    const first = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: input(),
      meta,
      now: at14,
    });
    const second = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: input({ currentPassword: "k7m2x9qa", newPassword: "q8w3n5zt", confirmPassword: "q8w3n5zt" }),
      meta,
      now: new Date(at14.getTime() + 60_000),
    });
    expect(first.ok && second.ok).toBe(true);
    const rows = await changes();
    const byId = Object.fromEntries(rows.map((row) => [row.id, row]));
    expect(byId[(first as { changeId: string }).changeId]).toMatchObject({
      status: "superseded",
      secretCiphertext: null,
    });
    expect(byId[(second as { changeId: string }).changeId]).toMatchObject({ status: "pending" });
    const superseded = await suite.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.type, "change.superseded"));
    expect(superseded).toHaveLength(1);
  });

  it("gives the 15-minute window for the IP phone service", async () => {
    await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: input({ number: "05012345678", currentPassword: "abcd1234" }),
      meta,
      now: at14,
    });
    const [change] = await changes();
    expect(change!.reflectionAt).toEqual(new Date("2026-11-24T05:15:00Z"));
  });

  it("creates one change when the same form is submitted twice at once", async () => {
    const same = input();
    const results = await Promise.all([
      requestPasswordChange({ ...signedIn, customerId: suite.demo1, input: same, meta, now: at14 }),
      requestPasswordChange({ ...signedIn, customerId: suite.demo1, input: same, meta, now: at14 }),
    ]);
    expect(results.every((result) => result.ok)).toBe(true);
    const ids = new Set(results.map((result) => (result as { changeId: string }).changeId));
    expect(ids.size).toBe(1);
    expect(await changes()).toHaveLength(1);
    // Resent later (back button), it still lands on the same change.
    const again = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: same,
      meta,
      now: new Date(at14.getTime() + 5000),
    });
    expect(again).toEqual(results[0]);
  });

  it("answers another customer's number exactly like a number that does not exist, and writes nothing", async () => {
    const hashBefore = await lineHash("05011112222");
    const notMine = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: input({ number: "05011112222", currentPassword: "open2222" }),
      meta,
      now: at14,
    });
    const wrong = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: input({ currentPassword: "nope1234" }),
      meta,
      now: at14,
    });
    const unknown = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo1,
      input: input({ number: "05099999999" }),
      meta,
      now: at14,
    });
    // Another customer's number (even with its right password) and a number nobody has read the same: nothing
    // about numbers outside the customer's own list can be learnt. Only the customer's own line says "wrong password".
    expect(notMine).toEqual({ ok: false, reason: "not-owned" });
    expect(unknown).toEqual(notMine);
    expect(wrong).toEqual({ ok: false, reason: "credentials" });
    expect(await changes()).toHaveLength(0);
    expect(await lineHash("05011112222")).toBe(hashBefore);
    expect(await verifySecret({ hash: await lineHash("05087654321"), secret: "pass5678" })).toBe(true);
    const rejected = await suite.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.customerId, suite.demo1), eq(auditEvents.type, "change.rejected")));
    expect(rejected.map((row) => row.detail?.reason).sort()).toEqual([
      "not-owner",
      "unknown-number",
      "wrong-current-password",
    ]);
    expect(JSON.stringify(rejected)).not.toMatch(/open2222|nope1234|k7m2x9qa/);
  });

  it("throttles guessing the current password of a line", async () => {
    for (let i = 0; i < 5; i++)
      await requestPasswordChange({
        ...signedIn,
        customerId: suite.demo2,
        input: input({ number: "05011112222", currentPassword: `bad${i}` }),
        meta,
        now: at14,
      });
    const right = await requestPasswordChange({
      ...signedIn,
      customerId: suite.demo2,
      input: input({ number: "05011112222", currentPassword: "open2222" }),
      meta,
      now: at14,
    });
    expect(right).toMatchObject({ ok: false, reason: "throttled" });
    expect(await changes()).toHaveLength(0);
  });

  const audited = async (type: "change.busy" | "change.throttled" | "change.rejected") =>
    (await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, type))).length;
  const attempt = (customerId: string, overrides: Parameters<typeof input>[0], ip = meta.ip) =>
    requestPasswordChange({ ...signedIn, customerId, input: input(overrides), meta: { ...meta, ip }, now: at14 });

  it("never lets one customer's wrong tries on another's number lock it for its owner", async () => {
    for (let i = 0; i < 10; i++) await attempt(suite.demo1, { number: "05011112222", currentPassword: `guess${i}` });
    expect(await audited("change.rejected")).toBe(limits.sipMissesPerCustomer.limit);
    const owner = await attempt(suite.demo2, { number: "05011112222", currentPassword: "open2222" });
    expect(owner.ok).toBe(true);
  });

  it("answers a customer out of tries on foreign numbers without a word about the number", async () => {
    for (let i = 0; i < 5; i++) await attempt(suite.demo1, { number: "05099999999", currentPassword: `guess${i}` });
    const foreign = await attempt(suite.demo1, { number: "05011112222", currentPassword: "open2222" });
    const unknown = await attempt(suite.demo1, { number: "05099999998" });
    expect(foreign).toMatchObject({ ok: false, reason: "busy" });
    expect(unknown).toMatchObject({ ok: false, reason: "busy" });
    // The customer's own line is not locked by those misses.
    expect((await attempt(suite.demo1, {})).ok).toBe(true);
  });

  it("verifies at most five of 19 simultaneous wrong current passwords on the owner's own line", async () => {
    const results = await Promise.all(
      Array.from({ length: 19 }, (_, i) => attempt(suite.demo2, { number: "05011112222", currentPassword: `bad${i}` })),
    );
    expect(await audited("change.rejected")).toBe(limits.sipVerifyFailuresPerLine.limit);
    expect(results.filter((result) => !result.ok && result.reason === "throttled")).toHaveLength(14);
    // The twentieth attempt, with the right password, still meets the line's lock.
    expect(await attempt(suite.demo2, { number: "05011112222", currentPassword: "open2222" })).toMatchObject({
      reason: "throttled",
    });
  });

  it("lets at most the customer's allowance of 40 simultaneous attempts through", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(suite.demo1, { number: "05099999999", currentPassword: `x${i}` })),
    );
    expect(await audited("change.busy")).toBe(40 - limits.changeAttemptsPerCustomer.limit);
    expect(await audited("change.rejected")).toBe(limits.sipMissesPerCustomer.limit);
    expect(results.every((result) => !result.ok)).toBe(true);
  });

  it("caps attempts and foreign misses per address across customers", async () => {
    const others = await Promise.all(
      [1, 2, 3, 4].map(
        async (i) =>
          (
            await upsertAccount(
              suite.database.db,
              {
                selfCareId: `addr000${i}`,
                passwordHash: "-",
                email: `addr000${i}@example.jp`,
                displayName: "同一 住所",
              },
              [],
            )
          ).customerId,
      ),
    );
    // Signed in, as the demo accounts are.
    await suite.database.db
      .update(customers)
      .set({ sessionVersion: signedIn.sessionVersion })
      .where(inArray(customers.id, others));
    const shared = "198.51.100.77";
    const results = await Promise.all(
      others.flatMap((customerId) =>
        Array.from({ length: 20 }, (_, i) =>
          attempt(customerId, { number: "05099999999", currentPassword: `y${i}` }, shared),
        ),
      ),
    );
    expect(await audited("change.busy")).toBe(80 - limits.changeAttemptsPerIp.limit);
    // Every miss the address may have was either tried, or refused at once by the hashing gate and given back.
    const overloaded = results.filter((result) => !result.ok && result.reason === "overloaded").length;
    const rejected = await audited("change.rejected");
    expect(rejected + overloaded).toBe(limits.sipMissesPerIp.limit);
    expect((await peek("sipMissesPerIp", shared, at14)).count).toBe(rejected);
  });

  const cancel = (customerId: string, changeId: string) =>
    cancelPasswordChange({ ...signedIn, customerId, changeId, meta, now: new Date(at14.getTime() + 60_000) });
  const changeB2bua = async (current: string, next: string, minutes = 0) =>
    (
      (await requestPasswordChange({
        ...signedIn,
        customerId: suite.demo1,
        input: input({ currentPassword: current, newPassword: next, confirmPassword: next }),
        meta,
        now: new Date(at14.getTime() + minutes * 60_000),
      })) as { changeId: string }
    ).changeId;

  it("cancels a pending change: the previous password is current again, audited and mailed", async () => {
    const changeId = await changeB2bua("pass5678", "k7m2x9qa");
    expect(await cancel(suite.demo1, changeId)).toEqual({ kind: "cancelled" });
    const [row] = await suite.database.db.select().from(passwordChanges).where(eq(passwordChanges.id, changeId));
    expect(row).toMatchObject({ status: "cancelled", secretCiphertext: null });
    expect(row!.cancelledAt).toEqual(new Date(at14.getTime() + 60_000));
    expect(await verifySecret({ hash: await lineHash("05087654321"), secret: "pass5678" })).toBe(true);
    const audit = await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, "change.cancelled"));
    expect(audit).toMatchObject([{ changeId, customerId: suite.demo1 }]);
    await afterAnswers();
    const mails = await suite.database.db.select().from(outboxEmails).where(eq(outboxEmails.to, "demo0001@example.jp"));
    expect(mails.some((mail) => mail.subject.includes("取り消し"))).toBe(true);
    // The job never applies it.
    expect(await applyDueChanges(new Date("2026-11-24T08:30:00Z"))).toMatchObject({ reflected: 0 });
    expect(
      await suite.database.db.select().from(sipCredentials).where(isNotNull(sipCredentials.changeId)),
    ).toHaveLength(0);
  });

  it("restores the password the call-control system has, not one a superseded change never delivered", async () => {
    await changeB2bua("pass5678", "k7m2x9qa");
    const second = await changeB2bua("k7m2x9qa", "q8w3n5zt", 1);
    expect(await cancel(suite.demo1, second)).toEqual({ kind: "cancelled" });
    expect(await verifySecret({ hash: await lineHash("05087654321"), secret: "pass5678" })).toBe(true);
  });

  it("cancels once among simultaneous cancels, refuses a second cancel and another customer's change", async () => {
    const changeId = await changeB2bua("pass5678", "k7m2x9qa");
    expect(await cancel(suite.demo2, changeId)).toEqual({ kind: "missing" });
    const results = await Promise.all(Array.from({ length: 5 }, () => cancel(suite.demo1, changeId)));
    expect(results.filter((result) => result.kind === "cancelled")).toHaveLength(1);
    expect(results.filter((result) => result.kind !== "cancelled")).toEqual(
      Array(4).fill({ kind: "not-pending", status: "cancelled" }),
    );
    expect(await cancel(suite.demo1, changeId)).toEqual({ kind: "not-pending", status: "cancelled" });
    expect(
      await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, "change.cancelled")),
    ).toHaveLength(1);
  });

  it("refuses to cancel a change the job has claimed, and changes nothing", async ({ skip }) => {
    // PGlite has one connection: a second transaction would wait for the first. PostgreSQL shows the real race.
    if (suite.database.kind !== "postgres") skip();
    const changeId = await changeB2bua("pass5678", "k7m2x9qa");
    const hashBefore = await lineHash("05087654321");
    let result: Awaited<ReturnType<typeof cancel>> | undefined;
    await suite.database.db.transaction(async (tx) => {
      await tx.select().from(passwordChanges).where(eq(passwordChanges.id, changeId)).for("update");
      result = await cancel(suite.demo1, changeId);
    });
    expect(result).toEqual({ kind: "claimed" });
    expect(await lineHash("05087654321")).toBe(hashBefore);
    const [row] = await suite.database.db.select().from(passwordChanges).where(eq(passwordChanges.id, changeId));
    expect(row!.status).toBe("pending");
  });
});
