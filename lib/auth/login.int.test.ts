import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import type { AuditType } from "@/db/enums";
import { seedDemoData } from "@/lib/demo-data";
import { useDatabaseForTests } from "@/db";
import { auditEvents, customers, mailQueue, otpChallenges, outboxEmails, rateLimits } from "@/db/schema";
import { testTargets } from "@/test/databases";
import { markAttemptFailed, markSent } from "@/db/queries/mail-queue";
import { describeChallenge, resendCode, verifyCode } from "./code-step";
import type { LoginContext } from "./login-context";
import { sendCode } from "./login-mail";
import { generateBinding } from "./otp";
import { checkPassword, newDeviceToken } from "./password-step";
import { peek } from "@/lib/rate-limit";
import { HASHING_QUEUE, HASHING_SLOTS, withHashingSlot } from "@/lib/server/hashing-gate";

const meta = { ip: "203.0.113.7", userAgent: "vitest" };
/** Work the app runs after the answer (queued mail, lock notices); a test runs it when it wants to see the outcome. */
const deferred: (() => Promise<unknown>)[] = [];
const settle = async () => {
  for (const task of deferred.splice(0)) await task();
};
const ctx = (now: Date, extra: Partial<LoginContext> = {}): LoginContext => ({
  meta,
  now,
  defer: (task) => void deferred.push(task),
  ...extra,
});
const demo = { selfCareId: "demo0001", password: "Demo-pass-0001" };
const t0 = new Date("2026-11-24T05:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe.each(testTargets())("login on $name", ({ open }) => {
  let database: Database;

  const latestCode = async (to: string) => {
    await settle();
    const [mail] = await database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.to, to))
      .orderBy(desc(outboxEmails.createdAt))
      .limit(1);
    return mail!.text.match(/\b(\d{6})\b/)![1]!;
  };

  const passwordStep = async (at = t0) => {
    const result = await checkPassword(demo, ctx(at));
    if (!result.ok) throw new Error(`password step failed: ${result.reason}`);
    return { binding: result.bindingToken, code: await latestCode("demo0001@example.jp") };
  };

  beforeAll(async () => {
    database = await open();
    useDatabaseForTests(database.db);
    await seedDemoData(database.db);
  });
  beforeEach(async () => {
    await database.db.delete(rateLimits);
    await database.db.delete(mailQueue);
    await database.db.delete(otpChallenges);
    await database.db.delete(auditEvents);
    deferred.length = 0;
  });
  afterAll(async () => {
    await database.close();
  });

  it("issues a hashed, single-use code bound to the login attempt", async () => {
    const { binding, code } = await passwordStep();
    const [stored] = await database.db.select().from(otpChallenges);
    expect(stored!.codeHash).not.toContain(code);
    expect(stored!.bindingHash).not.toBe(binding);

    expect(await verifyCode("another-browser", code, ctx(later(1000)))).toEqual({ ok: false, reason: "missing" });
    const first = await verifyCode(binding, code, ctx(later(1000)));
    expect(first.ok && first.customer.selfCareId).toBe("demo0001");
    expect(await verifyCode(binding, code, ctx(later(2000)))).toEqual({ ok: false, reason: "missing" });
  });

  it("lets exactly one of two simultaneous verifications of the same code succeed", async () => {
    const { binding, code } = await passwordStep();
    const results = await Promise.all([
      verifyCode(binding, code, ctx(later(1000))),
      verifyCode(binding, code, ctx(later(1000))),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("kills the challenge after five wrong codes, even for the right code afterwards", async () => {
    const { binding, code } = await passwordStep();
    const wrong = code === "000000" ? "111111" : "000000";
    for (const remaining of [4, 3, 2, 1]) {
      expect(await verifyCode(binding, wrong, ctx(later(1000)))).toEqual({ ok: false, reason: "wrong", remaining });
    }
    expect(await verifyCode(binding, wrong, ctx(later(1000)))).toEqual({ ok: false, reason: "exhausted" });
    expect(await verifyCode(binding, code, ctx(later(2000)))).toEqual({ ok: false, reason: "exhausted" });
  });

  it("refuses a code after ten minutes", async () => {
    const { binding, code } = await passwordStep();
    expect(await verifyCode(binding, code, ctx(later(10 * 60_000)))).toEqual({ ok: false, reason: "expired" });
  });

  it("resends only after the cooldown, and the old code stops working", async () => {
    const { binding, code } = await passwordStep();
    expect(await resendCode(binding, ctx(later(30_000)))).toEqual({
      ok: false,
      reason: "cooldown",
      retryAt: later(60_000),
    });
    expect(await resendCode(binding, ctx(later(61_000)))).toEqual({ ok: true });
    const fresh = await latestCode("demo0001@example.jp");
    if (fresh !== code) {
      expect(await verifyCode(binding, code, ctx(later(62_000)))).toMatchObject({ ok: false, reason: "wrong" });
    }
    expect((await verifyCode(binding, fresh, ctx(later(63_000)))).ok).toBe(true);
  });

  it("caps codes per account per hour", async () => {
    for (let i = 0; i < 5; i++) await passwordStep(later(i * 1000));
    const sixth = await checkPassword(demo, ctx(later(10_000)));
    expect(sixth).toMatchObject({ ok: false, reason: "send-limited" });
  });

  it("locks a self-care ID after ten wrong passwords, tells the owner once, and refuses even the right password", async () => {
    const before = await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, "demo0001@example.jp"));
    const wrong = { ...demo, password: "not-the-password" };
    for (let i = 0; i < 9; i++) {
      expect(await checkPassword(wrong, ctx(later(i * 1000), { meta: { ...meta, ip: `192.0.2.${i}` } }))).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    const tenth = await checkPassword(wrong, ctx(later(9000)));
    expect(tenth).toMatchObject({ ok: false, reason: "locked" });
    // The notice goes out after the answer, so the answer takes as long for a known ID as for an unknown one.
    const beforeSettle = await database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.to, "demo0001@example.jp"));
    expect(beforeSettle).toHaveLength(before.length);
    await settle();
    expect(await checkPassword(demo, ctx(later(10_000)))).toMatchObject({ ok: false, reason: "locked" });
    expect(await checkPassword(demo, ctx(later(16 * 60_000)))).toMatchObject({ ok: true });
    await settle();

    const after = await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, "demo0001@example.jp"));
    const notices =
      after.filter((mail) => mail.subject.includes("制限")).length -
      before.filter((mail) => mail.subject.includes("制限")).length;
    expect(notices).toBe(1);
    const [demoRow] = await database.db.select().from(customers).where(eq(customers.selfCareId, "demo0001"));
    const locked = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.customerId, demoRow!.id), eq(auditEvents.type, "login.lockout")));
    expect(locked).toHaveLength(1);
  });

  it("locks an unknown ID the same way, so a lock reveals nothing", async () => {
    const ghost = { selfCareId: "ghost0001", password: "whatever-1" };
    for (let i = 0; i < 9; i++) {
      expect(await checkPassword(ghost, ctx(later(i * 1000), { meta: { ...meta, ip: `192.0.2.${i}` } }))).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    expect(await checkPassword(ghost, ctx(later(9000)))).toMatchObject({ ok: false, reason: "locked" });
  });

  it("throttles one client address across IDs", async () => {
    for (let i = 0; i < 30; i++) await checkPassword({ selfCareId: `probe${i}`, password: "x" }, ctx(later(i)));
    expect(await checkPassword(demo, ctx(later(100)))).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("never writes a password or a code into the audit trail", async () => {
    const { code } = await passwordStep();
    const rows = await database.db.select().from(auditEvents);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(demo.password);
    expect(dump).not.toContain(code);
  });

  const auditCount = async (type: AuditType) =>
    (await database.db.select().from(auditEvents).where(eq(auditEvents.type, type))).length;
  const mailsTo = async (to: string, subjectPart: string) =>
    (await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, to))).filter((mail) =>
      mail.subject.includes(subjectPart),
    ).length;
  const wrongCode = (code: string) => (code === "000000" ? "111111" : "000000");

  it("verifies at most ten of 60 simultaneous wrong passwords for one ID, and locks and notifies once", async () => {
    const notices = await mailsTo("demo0001@example.jp", "ログインを一時的に制限");
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        checkPassword({ ...demo, password: `wrong-${i}` }, ctx(t0, { meta: { ...meta, ip: `198.51.100.${i}` } })),
      ),
    );
    expect(await auditCount("login.failed")).toBe(10);
    expect(await auditCount("login.lockout")).toBe(1);
    expect(results.filter((result) => !result.ok && result.reason === "invalid")).toHaveLength(9);
    expect(results.filter((result) => !result.ok && result.reason === "locked")).toHaveLength(51);
    await settle();
    expect(await mailsTo("demo0001@example.jp", "ログインを一時的に制限")).toBe(notices + 1);
  });

  it("tells the owner of a lock at most once a day, however often strangers lock the ID again", async () => {
    const notices = await mailsTo("demo0001@example.jp", "ログインを一時的に制限");
    const lockAt = async (at: Date) => {
      for (let i = 0; i < 10; i++) {
        await checkPassword({ ...demo, password: `wrong-${i}` }, ctx(at, { meta: { ...meta, ip: `203.0.113.${i}` } }));
      }
      await settle();
    };
    // A lock every 16 minutes (each after the last has run out) for almost a day: one notice.
    for (let lock = 0; lock < 6; lock++) await lockAt(later(lock * 16 * 60_000));
    await lockAt(later(23 * 60 * 60_000));
    expect(await auditCount("login.lockout")).toBe(7);
    expect(await mailsTo("demo0001@example.jp", "ログインを一時的に制限")).toBe(notices + 1);
    // A day after the first notice, a new lock is news again.
    await lockAt(later(24 * 60 * 60_000 + 60_000));
    expect(await mailsTo("demo0001@example.jp", "ログインを一時的に制限")).toBe(notices + 2);
  });

  it("lets at most 30 of 60 simultaneous attempts from one address through", async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => checkPassword({ selfCareId: `probe${i}`, password: "x" }, ctx(t0))),
    );
    expect(results.filter((result) => !result.ok && result.reason === "throttled")).toHaveLength(30);
    // The other 30 were tried, or refused at once by the hashing gate once it held all it admits.
    const overloaded = results.filter((result) => !result.ok && result.reason === "overloaded").length;
    expect((await auditCount("login.failed")) + overloaded).toBe(30);
    expect(await auditCount("login.failed")).toBeGreaterThanOrEqual(HASHING_SLOTS + HASHING_QUEUE);
  });

  it("stops a flood from many /64s of one IPv6 /48 at 100 attempts, 60 at a time", async () => {
    const attempt = (i: number) =>
      checkPassword(
        { selfCareId: `flood${i}`, password: "x" },
        ctx(t0, { meta: { ...meta, ip: `2001:db8:48:${i.toString(16)}::/64` } }),
      );
    const results: Awaited<ReturnType<typeof attempt>>[] = [];
    for (let batch = 0; batch < 3; batch++) {
      results.push(...(await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(batch * 60 + i)))));
    }
    expect(results.filter((result) => !result.ok && result.reason === "throttled")).toHaveLength(80);
    // The other 100 were tried, or refused at once by the hashing gate: never more than the /48's allowance.
    expect(results.filter((result) => !result.ok && result.reason !== "throttled")).toHaveLength(100);
    // Another /48 of the same /32 still has its own allowance.
    const other = await checkPassword(
      { selfCareId: "flood-other", password: "x" },
      ctx(t0, { meta: { ...meta, ip: "2001:db8:49:1::/64" } }),
    );
    expect(!other.ok && other.reason).not.toBe("throttled");
  });

  it("stops a flood spread over many /48s of one IPv6 /32 at 1,000 attempts", async () => {
    const attempt = (i: number) =>
      checkPassword(
        { selfCareId: `wide${i}`, password: "x" },
        // 90 attempts per /48, under its own allowance: only the /32's stops them.
        ctx(t0, {
          meta: { ...meta, ip: `2001:db8:${(0x100 + Math.floor(i / 90)).toString(16)}:${(i % 90).toString(16)}::/64` },
        }),
      );
    const results: Awaited<ReturnType<typeof attempt>>[] = [];
    for (let batch = 0; batch < 18; batch++) {
      results.push(...(await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(batch * 60 + i)))));
    }
    expect(results.filter((result) => !result.ok && result.reason === "throttled")).toHaveLength(80);
  });

  it("answers at once when the hashing gate is full, and charges no failure to the ID", async () => {
    const releases: (() => void)[] = [];
    const held = Array.from({ length: HASHING_SLOTS + HASHING_QUEUE }, () =>
      withHashingSlot(() => new Promise<void>((resolve) => releases.push(resolve))),
    );
    try {
      const result = await checkPassword({ ...demo, password: "wrong" }, ctx(t0));
      expect(result).toEqual({ ok: false, reason: "overloaded" });
      expect(await peek("loginFailuresPerId", demo.selfCareId, t0)).toMatchObject({ count: 0 });
    } finally {
      for (let i = 0; i < HASHING_SLOTS + HASHING_QUEUE; i++) {
        while (releases.length === 0) await new Promise((resolve) => setTimeout(resolve, 0));
        releases.shift()!();
      }
      await Promise.all(held);
    }
  });

  it("issues no more codes than the hourly allowance to 20 simultaneous right passwords, and leaves one live", async () => {
    await passwordStep(t0);
    await passwordStep(later(1000));
    const results = await Promise.all(Array.from({ length: 20 }, () => checkPassword(demo, ctx(later(2000)))));
    // Three codes were left. Every other attempt is refused: for the allowance, or, while right-password attempts
    // are still in flight, for the failures they reserved against the ID (each gives it back once verified), or,
    // when given-back reservations let more than the hashing gate's slots and queue (12) hash at once on a slow
    // machine, as overloaded (lib/server/hashing-gate.ts).
    expect(results.filter((result) => result.ok)).toHaveLength(3);
    const refusals = new Set(results.flatMap((result) => (result.ok ? [] : [result.reason])));
    expect([...refusals].filter((reason) => !["send-limited", "locked", "overloaded"].includes(reason))).toEqual([]);
    expect(await auditCount("code.sent")).toBe(5);
    const live = (await database.db.select().from(otpChallenges)).filter(
      (challenge) => !challenge.consumedAt && challenge.expiresAt > later(2000),
    );
    expect(live).toHaveLength(1);
  });

  it("says a code's mail has failed until it goes out, for a step-up's code as for a sign-in's", async () => {
    const [customer] = await database.db.select().from(customers).where(eq(customers.selfCareId, demo.selfCareId));
    const binding = generateBinding();
    // As 「認証コードを送信」 on the step-up page mails it (app/(customer)/account/confirmation-code.ts).
    const sent = await sendCode({ customer: customer!, bindingHash: binding.hash, meta, now: t0, purpose: "step-up" });
    expect(sent.ok).toBe(true);
    const mailFailing = async (at: Date) => (await describeChallenge(binding.token, at, customer!.id))?.mailFailing;
    expect(await mailFailing(later(1000))).toBe(false);
    const [mail] = await database.db.select().from(mailQueue);
    await markAttemptFailed(mail!.id, { now: later(1000), retryAt: later(61_000) });
    expect(await mailFailing(later(2000))).toBe(true);
    // Another customer signed in on the same browser is told nothing of it.
    const [other] = await database.db.select().from(customers).where(eq(customers.selfCareId, "demo0002"));
    expect(await describeChallenge(binding.token, later(2000), other!.id)).toBeNull();
    await markSent(mail!.id, later(61_000));
    expect(await mailFailing(later(62_000))).toBe(false);
  });

  it("retires the older challenge when a new one is issued", async () => {
    const first = await passwordStep(t0);
    await passwordStep(later(1000));
    expect(await verifyCode(first.binding, first.code, ctx(later(2000)))).toMatchObject({ ok: false });
  });

  it("caps wrong codes per account across challenges; a right password does not lift it; the owner hears once", async () => {
    let lastBinding = "";
    for (let round = 0; round < 2; round++) {
      const { binding, code } = await passwordStep(later(round * 1000));
      lastBinding = binding;
      for (let i = 0; i < 4; i++) await verifyCode(binding, wrongCode(code), ctx(later(round * 1000 + 100)));
      if (round === 0) await verifyCode(binding, wrongCode(code), ctx(later(500)));
      else {
        const tenth = await verifyCode(binding, wrongCode(code), ctx(later(1500)));
        expect(tenth).toMatchObject({ ok: false, reason: "locked" });
      }
    }
    expect(await checkPassword(demo, ctx(later(60_000)))).toMatchObject({ ok: false, reason: "code-locked" });
    // No code is sent for a locked step, not even by a resend.
    expect(await resendCode(lastBinding, ctx(later(120_000)))).toEqual({ ok: false, reason: "missing" });
    await settle();
    await settle();
    expect(await mailsTo("demo0001@example.jp", "認証コードによるログインを一時的に停止")).toBe(1);
    expect(await auditCount("code.lockout")).toBe(1);
    const dayLater = later(24 * 60 * 60_000 + 60_000);
    expect((await checkPassword(demo, ctx(dayLater))).ok).toBe(true);
  });

  it("counts at most the account's remaining wrong codes among simultaneous tries", async () => {
    const first = await passwordStep(t0);
    for (let i = 0; i < 5; i++) await verifyCode(first.binding, wrongCode(first.code), ctx(later(100)));
    const second = await passwordStep(later(1000));
    for (let i = 0; i < 3; i++) await verifyCode(second.binding, wrongCode(second.code), ctx(later(1100)));
    const third = await passwordStep(later(2000));
    const results = await Promise.all(
      Array.from({ length: 10 }, () => verifyCode(third.binding, wrongCode(third.code), ctx(later(2100)))),
    );
    // Eight wrong so far: two more may be tried, then the account is locked.
    // 4 failed and 1 exhausting the first challenge, 3 on the second, 1 more on the third; the tenth locks.
    expect(await auditCount("code.failed")).toBe(4 + 3 + 1);
    expect(await auditCount("code.lockout")).toBe(1);
    expect(results.filter((result) => !result.ok && result.reason === "locked")).toHaveLength(9);
    expect(await verifyCode(third.binding, third.code, ctx(later(2200)))).toMatchObject({ reason: "locked" });
  });

  it("lets a browser that signed in as the ID before through the lock strangers put on it", async () => {
    const device = newDeviceToken("demo0001", t0);
    for (let i = 0; i < 10; i++) await checkPassword({ ...demo, password: `stranger-${i}` }, ctx(later(i)));
    expect(await checkPassword(demo, ctx(later(100)))).toMatchObject({ ok: false, reason: "locked" });
    expect((await checkPassword(demo, ctx(later(200), { device }))).ok).toBe(true);
    // The token vouches for its own ID only, and its own wrong passwords have a lock of their own.
    const other = newDeviceToken("demo0002", t0);
    expect(await checkPassword(demo, ctx(later(300), { device: other }))).toMatchObject({ reason: "locked" });
    for (let i = 0; i < 10; i++)
      await checkPassword({ ...demo, password: `mine-${i}` }, ctx(later(400 + i), { device }));
    expect(await checkPassword(demo, ctx(later(500), { device }))).toMatchObject({ ok: false, reason: "locked" });
  });
});
