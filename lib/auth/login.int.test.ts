import { and, desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { seedDemoData } from "@/lib/demo-data";
import { useDatabaseForTests } from "@/db";
import { auditEvents, customers, otpChallenges, outboxEmails, rateLimits } from "@/db/schema";
import { testTargets } from "@/test/databases";
import { checkPassword, resendCode, verifyCode } from "./login";

const meta = { ip: "203.0.113.7", userAgent: "vitest" };
const demo = { selfCareId: "demo0001", password: "Demo-pass-0001" };
const t0 = new Date("2026-11-24T05:00:00Z");
const later = (ms: number) => new Date(t0.getTime() + ms);

describe.each(testTargets())("login on $name", ({ open }) => {
  let database: Database;

  const latestCode = async (to: string) => {
    const [mail] = await database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.to, to))
      .orderBy(desc(outboxEmails.createdAt))
      .limit(1);
    return mail!.text.match(/\b(\d{6})\b/)![1]!;
  };

  const passwordStep = async (at = t0) => {
    const result = await checkPassword(demo, meta, at);
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
    await database.db.delete(otpChallenges);
  });
  afterAll(async () => {
    await database.close();
  });

  it("issues a hashed, single-use code bound to the login attempt", async () => {
    const { binding, code } = await passwordStep();
    const [stored] = await database.db.select().from(otpChallenges);
    expect(stored!.codeHash).not.toContain(code);
    expect(stored!.bindingHash).not.toBe(binding);

    expect(await verifyCode("another-browser", code, meta, later(1000))).toEqual({ ok: false, reason: "missing" });
    const first = await verifyCode(binding, code, meta, later(1000));
    expect(first.ok && first.customer.selfCareId).toBe("demo0001");
    expect(await verifyCode(binding, code, meta, later(2000))).toEqual({ ok: false, reason: "missing" });
  });

  it("lets exactly one of two simultaneous verifications of the same code succeed", async () => {
    const { binding, code } = await passwordStep();
    const results = await Promise.all([
      verifyCode(binding, code, meta, later(1000)),
      verifyCode(binding, code, meta, later(1000)),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it("kills the challenge after five wrong codes, even for the right code afterwards", async () => {
    const { binding, code } = await passwordStep();
    const wrong = code === "000000" ? "111111" : "000000";
    for (const remaining of [4, 3, 2, 1]) {
      expect(await verifyCode(binding, wrong, meta, later(1000))).toEqual({ ok: false, reason: "wrong", remaining });
    }
    expect(await verifyCode(binding, wrong, meta, later(1000))).toEqual({ ok: false, reason: "exhausted" });
    expect(await verifyCode(binding, code, meta, later(2000))).toEqual({ ok: false, reason: "exhausted" });
  });

  it("refuses a code after ten minutes", async () => {
    const { binding, code } = await passwordStep();
    expect(await verifyCode(binding, code, meta, later(10 * 60_000))).toEqual({ ok: false, reason: "expired" });
  });

  it("resends only after the cooldown, and the old code stops working", async () => {
    const { binding, code } = await passwordStep();
    expect(await resendCode(binding, meta, later(30_000))).toEqual({
      ok: false,
      reason: "cooldown",
      retryAt: later(60_000),
    });
    expect(await resendCode(binding, meta, later(61_000))).toEqual({ ok: true });
    const fresh = await latestCode("demo0001@example.jp");
    if (fresh !== code) {
      expect(await verifyCode(binding, code, meta, later(62_000))).toMatchObject({ ok: false, reason: "wrong" });
    }
    expect((await verifyCode(binding, fresh, meta, later(63_000))).ok).toBe(true);
  });

  it("caps codes per account per hour", async () => {
    for (let i = 0; i < 5; i++) await passwordStep(later(i * 1000));
    const sixth = await checkPassword(demo, meta, later(10_000));
    expect(sixth).toMatchObject({ ok: false, reason: "send-limited" });
  });

  it("locks a self-care ID after ten wrong passwords, tells the owner once, and refuses even the right password", async () => {
    const before = await database.db.select().from(outboxEmails).where(eq(outboxEmails.to, "demo0001@example.jp"));
    const wrong = { ...demo, password: "not-the-password" };
    for (let i = 0; i < 9; i++) {
      expect(await checkPassword(wrong, { ...meta, ip: `192.0.2.${i}` }, later(i * 1000))).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    const tenth = await checkPassword(wrong, meta, later(9000));
    expect(tenth).toMatchObject({ ok: false, reason: "locked" });
    expect(await checkPassword(demo, meta, later(10_000))).toMatchObject({ ok: false, reason: "locked" });
    expect(await checkPassword(demo, meta, later(16 * 60_000))).toMatchObject({ ok: true });

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
      expect(await checkPassword(ghost, { ...meta, ip: `192.0.2.${i}` }, later(i * 1000))).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    expect(await checkPassword(ghost, meta, later(9000))).toMatchObject({ ok: false, reason: "locked" });
  });

  it("throttles one client address across IDs", async () => {
    for (let i = 0; i < 30; i++) await checkPassword({ selfCareId: `probe${i}`, password: "x" }, meta, later(i));
    expect(await checkPassword(demo, meta, later(100))).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("never writes a password or a code into the audit trail", async () => {
    const { code } = await passwordStep();
    const rows = await database.db.select().from(auditEvents);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(demo.password);
    expect(dump).not.toContain(code);
  });
});
