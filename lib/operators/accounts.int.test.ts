// Operators' accounts: created once per ID, changed by another admin with a reason, and the last active admin kept,
// even when two admins disable or demote each other at the same moment (PostgreSQL's row locks; PGlite runs them one
// after the other).
import { and, eq, isNotNull, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getSessionState } from "@/db/queries/customers";
import { auditEvents, customers, passkeys } from "@/db/schema";
import { demoDatabase, testTargets } from "@/test/databases";
import { changeOperator, createOperator } from "./accounts";
import { checkPassword } from "@/lib/auth/password-step";
import type { LoginContext } from "@/lib/auth/login-context";

const meta = { ip: "203.0.113.60", userAgent: "vitest" };
const why = { reason: "人事異動", ticket: "OPS-1" };
const t0 = new Date("2026-11-24T05:00:00Z");
const newAdmin = (selfCareId: string) => ({
  selfCareId,
  name: `管理者 ${selfCareId}`,
  email: `${selfCareId}@example.jp`,
  role: "admin" as const,
  codeFallback: true,
});

describe.each(testTargets())("operators' accounts on $name", ({ name, open }) => {
  const suite = demoDatabase({ open, clear: [auditEvents, passkeys] });
  const idOf = async (selfCareId: string) =>
    (await suite.database.db.select().from(customers).where(eq(customers.selfCareId, selfCareId)))[0]!.id;
  const activeAdmins = async () =>
    suite.database.db
      .select({ id: customers.id })
      .from(customers)
      .where(and(eq(customers.role, "admin"), isNull(customers.disabledAt)));

  it("creates an operator once per ID, with a generated password, audited with who made it", async () => {
    const admin = await idOf("admin0001");
    const selfCareId = `ops${Date.now()}`;
    const created = await createOperator({
      operator: { ...newAdmin(selfCareId), role: "support" },
      by: admin,
      why,
      meta,
    });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.password).toMatch(/^[A-Za-z0-9]{14}$/);
    expect(await createOperator({ operator: newAdmin(selfCareId), by: admin, why, meta })).toEqual({
      ok: false,
      reason: "id-taken",
    });
    // A customer's ID is taken too.
    expect((await createOperator({ operator: newAdmin("demo0001"), by: admin, why, meta })).ok).toBe(false);
    const [event] = await suite.database.db.select().from(auditEvents).where(eq(auditEvents.type, "operator.created"));
    expect(event).toMatchObject({ operatorId: admin, customerId: created.id });
    expect(event!.detail).toMatchObject({ selfCareId, role: "support", reason: "人事異動", ticket: "OPS-1" });
  });

  it("refuses changes to one's own account, and records the reason of each change", async () => {
    const admin = await idOf("admin0001");
    const support = await idOf("support0001");
    const args = { by: admin, why, meta, now: t0 };
    expect(await changeOperator({ ...args, targetId: admin, change: { kind: "role", role: "viewer" } })).toEqual({
      ok: false,
      reason: "self",
    });
    expect(await changeOperator({ ...args, targetId: admin, change: { kind: "disable" } })).toMatchObject({
      reason: "self",
    });
    expect(await changeOperator({ ...args, targetId: support, change: { kind: "role", role: "viewer" } })).toEqual({
      ok: true,
      selfCareId: "support0001",
    });
    expect(
      await changeOperator({ ...args, targetId: support, change: { kind: "role", role: "viewer" } }),
    ).toMatchObject({
      reason: "unchanged",
    });
    // A customer is no operator.
    expect(
      await changeOperator({ ...args, targetId: suite.demo1, change: { kind: "role", role: "admin" } }),
    ).toMatchObject({ reason: "not-found" });
    // Only an active admin changes roles: the viewer it now is cannot.
    expect(await changeOperator({ ...args, by: support, targetId: admin, change: { kind: "disable" } })).toMatchObject({
      reason: "not-admin",
    });
    const events = await suite.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.type, "operator.role-changed"));
    expect(events).toHaveLength(1);
    expect(events[0]!.detail).toMatchObject({ previousRole: "support", role: "viewer", reason: "人事異動" });
  });

  it("disabling ends every session and stops the sign-in with the usual answer; enabling lets them in again", async () => {
    const admin = await idOf("admin0001");
    const support = await idOf("support0001");
    const before = await getSessionState(support);
    expect(before).toBeDefined();
    const args = { by: admin, why, meta, now: t0, targetId: support };
    expect((await changeOperator({ ...args, change: { kind: "disable" } })).ok).toBe(true);
    expect(await getSessionState(support)).toBeUndefined();
    const [row] = await suite.database.db.select().from(customers).where(eq(customers.id, support));
    expect(row!.sessionVersion).toBe(before!.sessionVersion + 1);

    const context: LoginContext = { meta, now: t0, device: undefined, defer: () => {} };
    const refused = await checkPassword({ selfCareId: "support0001", password: "Support-pass-0001" }, context);
    expect(refused).toEqual({ ok: false, reason: "invalid" });

    expect((await changeOperator({ ...args, change: { kind: "enable" } })).ok).toBe(true);
    expect(await getSessionState(support)).toMatchObject({ role: "support", mustRegisterPasskey: false });
    const signIn = await checkPassword({ selfCareId: "support0001", password: "Support-pass-0001" }, context);
    expect(signIn.ok).toBe(true);
  });

  it("an operator without the code fallback must register a passkey, and then sign in with it alone", async () => {
    const admin = await idOf("admin0001");
    const support = await idOf("support0001");
    const args = { by: admin, why, meta, now: t0, targetId: support };
    expect((await changeOperator({ ...args, change: { kind: "code-fallback", codeFallback: false } })).ok).toBe(true);
    expect(await getSessionState(support)).toMatchObject({ mustRegisterPasskey: true });
    const context: LoginContext = { meta, now: t0, device: undefined, defer: () => {} };
    // No passkey yet: the password and the code are the way in (the first sign-in).
    expect((await checkPassword({ selfCareId: "support0001", password: "Support-pass-0001" }, context)).ok).toBe(true);
    await suite.database.db.insert(passkeys).values({
      id: "cred-support",
      customerId: support,
      name: "業務PC",
      publicKey: "x",
      counter: 0,
      transports: [],
      deviceType: "singleDevice",
      backedUp: false,
    });
    expect(await getSessionState(support)).toMatchObject({ mustRegisterPasskey: false });
    expect(await checkPassword({ selfCareId: "support0001", password: "Support-pass-0001" }, context)).toEqual({
      ok: false,
      reason: "passkey-required",
    });
    // A wrong password says nothing about passkeys.
    expect(await checkPassword({ selfCareId: "support0001", password: "wrong-password" }, context)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it(`two admins disabling or demoting each other at once: one wins, an active admin is left (${name})`, async () => {
    for (const change of [{ kind: "disable" }, { kind: "role", role: "support" }] as const) {
      const a = await idOf("admin0001");
      const selfCareId = `adm${change.kind}${Date.now()}`;
      const created = await createOperator({ operator: newAdmin(selfCareId), by: a, why, meta });
      if (!created.ok) throw new Error("not created");
      const b = created.id;
      const results = await Promise.all([
        changeOperator({ targetId: b, change, by: a, why, meta, now: t0 }),
        changeOperator({ targetId: a, change, by: b, why, meta, now: t0 }),
      ]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      expect(results.find((result) => !result.ok)).toMatchObject({
        reason: expect.stringMatching(/not-admin|last-admin/),
      });
      const left = await activeAdmins();
      expect(left.length).toBeGreaterThanOrEqual(1);
      // Back to one admin0001 for the next round.
      await suite.database.db
        .update(customers)
        .set({ role: "support", disabledAt: t0 })
        .where(and(eq(customers.id, b), isNotNull(customers.id)));
      await suite.database.db.update(customers).set({ role: "admin", disabledAt: null }).where(eq(customers.id, a));
    }
  });
});
