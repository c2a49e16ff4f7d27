// Second-admin approvals against a real database: the requester is refused, two approvals at once carry a line's end
// out once, a request past 24 hours cannot be approved, an approved end really ends the line for the registrar, and
// an import is applied once by its approval. The console's suspend and resume go through the same core.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rowsOf } from "@/db/together";
import {
  auditEvents,
  customers,
  ipPhoneLines,
  kamailioLocations,
  operatorApprovals,
  passwordChanges,
  provisioningImports,
  sipCredentials,
} from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { checkImport } from "@/lib/provisioning/console-import";
import { demoDatabase, testTargets } from "@/test/databases";
import {
  APPROVAL_LIFETIME_MS,
  decide,
  expireDueApprovals,
  requestImportApply,
  requestLineTermination,
} from "./approvals";
import { changeLineState } from "./line-lifecycle";

const now = new Date("2026-12-02T03:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const why = { reason: "お客様からの電話", ticket: "INC-1" };
const NUMBER = "05012345678";

describe.each(testTargets())("approvals on $name", ({ open }) => {
  const suite = demoDatabase({
    open,
    clear: [operatorApprovals, provisioningImports, kamailioLocations, sipCredentials, auditEvents, passwordChanges],
  });
  const db = () => suite.database.db;
  const idOf = async (selfCareId: string) =>
    (await db().select().from(customers).where(eq(customers.selfCareId, selfCareId)))[0]!.id;
  const lineOf = async (number: string) =>
    (
      await db()
        .select()
        .from(ipPhoneLines)
        .where(and(eq(ipPhoneLines.number, number), sql`${ipPhoneLines.status} <> 'terminated'`))
    )[0];
  const registrarSees = async (number: string) =>
    rowsOf<{ ha1: string }>(await db().execute(sql`select ha1 from sip_line_credentials where username = ${number}`))
      .length;
  const auditsOf = async (type: string) =>
    db()
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.type} = ${type}`);
  // A third admin, so two who did not ask can approve at once.
  const thirdAdmin = async () => {
    const [row] = await db()
      .insert(customers)
      .values({
        selfCareId: "admin0003",
        passwordHash: "x",
        email: "admin0003@example.jp",
        displayName: "管理者 三号",
        role: "admin",
      })
      .onConflictDoUpdate({ target: customers.selfCareId, set: { role: "admin" } })
      .returning();
    return row!.id;
  };
  const requestEnd = async (by: string, at = now) => {
    const line = await lineOf(NUMBER);
    const outcome = await requestLineTermination({ lineId: line!.id, operatorId: by, why, now: at });
    if (outcome.kind !== "requested") throw new Error(outcome.kind);
    return outcome.id;
  };

  it("refuses the requester their own request, in the server and in the database's check", async () => {
    const admin1 = await idOf("admin0001");
    const id = await requestEnd(admin1);
    expect(await decide({ id, decision: "approve", operatorId: admin1, now })).toEqual({
      kind: "refused",
      why: "own",
    });
    expect(await decide({ id, decision: "reject", operatorId: admin1, now })).toEqual({ kind: "refused", why: "own" });
    await expect(
      db().update(operatorApprovals).set({ status: "approved", decidedBy: admin1 }).where(eq(operatorApprovals.id, id)),
    ).rejects.toThrow();
    expect((await lineOf(NUMBER))!.status).toBe("active");
    const [requested] = await auditsOf("approval.requested");
    expect(requested).toMatchObject({ operatorId: admin1, customerId: suite.demo1 });
    expect(requested!.detail).toMatchObject({ reason: why.reason, ticket: "INC-1", number: NUMBER });
  });

  it("refuses a second admin the requester made or promoted, and a request whose requester is no longer an admin", async () => {
    const admin1 = await idOf("admin0001");
    const admin2 = await idOf("admin0002");
    const id = await requestEnd(admin1);
    const made = await thirdAdmin();
    await db().insert(auditEvents).values({ type: "operator.created", customerId: made, operatorId: admin1 });
    expect(await decide({ id, decision: "approve", operatorId: made, now })).toEqual({
      kind: "refused",
      why: "ineligible",
    });
    await db().update(customers).set({ role: "support" }).where(eq(customers.id, admin1));
    expect(await decide({ id, decision: "approve", operatorId: admin2, now })).toEqual({
      kind: "refused",
      why: "ineligible",
    });
    expect((await lineOf(NUMBER))!.status).toBe("active");
  });

  it("keeps one pending request per line", async () => {
    const admin1 = await idOf("admin0001");
    await requestEnd(admin1);
    const line = await lineOf(NUMBER);
    expect(await requestLineTermination({ lineId: line!.id, operatorId: await idOf("admin0002"), why, now })).toEqual({
      kind: "already-pending",
    });
  });

  it("carries a line's end out once when two admins approve at once, and the registrar no longer sees it", async () => {
    const [admin1, admin2, admin3] = [await idOf("admin0001"), await idOf("admin0002"), await thirdAdmin()];
    expect(await registrarSees(NUMBER)).toBe(1);
    await db()
      .insert(kamailioLocations)
      .values({ ruid: "r-1", username: NUMBER, domain: env().sipDomain, contact: `sip:${NUMBER}@198.51.100.7` });
    const id = await requestEnd(admin1);
    const outcomes = await Promise.all([
      decide({ id, decision: "approve", operatorId: admin2, now: later(1000) }),
      decide({ id, decision: "approve", operatorId: admin3, now: later(1000) }),
    ]);
    expect(outcomes.filter((outcome) => outcome.kind === "approved")).toEqual([
      { kind: "approved", carriedOut: "done" },
    ]);
    expect(outcomes.filter((outcome) => outcome.kind === "refused")).toEqual([{ kind: "refused", why: "decided" }]);
    expect(await lineOf(NUMBER)).toBeUndefined();
    expect(await registrarSees(NUMBER)).toBe(0);
    expect(await db().select().from(kamailioLocations).where(eq(kamailioLocations.username, NUMBER))).toEqual([]);
    const ended = await auditsOf("line.terminated");
    expect(ended).toHaveLength(1);
    expect(ended[0]!.detail).toMatchObject({
      approvalId: id,
      requestedBy: admin1,
      reason: why.reason,
      ticket: "INC-1",
    });
    expect([admin2, admin3]).toContain(ended[0]!.operatorId);
    expect(await auditsOf("approval.approved")).toHaveLength(1);
  });

  it("lets a request expire after 24 hours: it cannot be approved, and the scheduled work marks it", async () => {
    const [admin1, admin2] = [await idOf("admin0001"), await idOf("admin0002")];
    const id = await requestEnd(admin1);
    const expiry = later(APPROVAL_LIFETIME_MS);
    expect(await decide({ id, decision: "approve", operatorId: admin2, now: expiry })).toEqual({
      kind: "refused",
      why: "expired",
    });
    expect((await lineOf(NUMBER))!.status).toBe("active");
    expect(await expireDueApprovals(expiry)).toBe(1);
    expect(await decide({ id, decision: "approve", operatorId: admin2, now: expiry })).toEqual({
      kind: "refused",
      why: "expired",
    });
    expect(await auditsOf("approval.expired")).toHaveLength(1);
    // The line can be asked for again.
    expect(await requestEnd(admin1, expiry)).not.toBe(id);
  });

  it("rejects: nothing is carried out and it cannot be approved afterwards", async () => {
    const [admin1, admin2] = [await idOf("admin0001"), await idOf("admin0002")];
    const id = await requestEnd(admin1);
    expect(await decide({ id, decision: "reject", operatorId: admin2, comment: "確認中", now })).toEqual({
      kind: "rejected",
    });
    expect(await decide({ id, decision: "approve", operatorId: admin2, now })).toEqual({
      kind: "refused",
      why: "decided",
    });
    expect((await lineOf(NUMBER))!.status).toBe("active");
    const [rejected] = await auditsOf("approval.rejected");
    expect(rejected).toMatchObject({ operatorId: admin2 });
    expect(rejected!.detail).toMatchObject({ comment: "確認中" });
  });

  it("suspends and resumes a demo line (no billing ID) from the console, audited with the operator", async () => {
    const admin1 = await idOf("admin0001");
    const line = await lineOf(NUMBER);
    const suspend = { status: "suspended", suspensionReason: "fraud" } as const;
    expect(await changeLineState({ lineId: line!.id, target: suspend, operatorId: admin1, why, now })).toBe("done");
    expect(await registrarSees(NUMBER)).toBe(0);
    expect(await changeLineState({ lineId: line!.id, target: suspend, operatorId: admin1, why, now })).toBe(
      "unchanged",
    );
    expect(
      await changeLineState({ lineId: line!.id, target: { status: "active" }, operatorId: admin1, why, now }),
    ).toBe("done");
    expect(await registrarSees(NUMBER)).toBe(1);
    const [suspended] = await auditsOf("line.suspended");
    expect(suspended).toMatchObject({ operatorId: admin1, customerId: suite.demo1 });
    expect(suspended!.detail).toMatchObject({ suspensionReason: "fraud", reason: why.reason, ticket: "INC-1" });
  });

  it("applies an import once, when another admin approves it", async () => {
    const [admin1, admin2, admin3] = [await idOf("admin0001"), await idOf("admin0002"), await thirdAdmin()];
    const csv = "external_id,self_care_id,name,email,number,service_kind,status,suspension_reason\n";
    const bytes = new TextEncoder().encode(
      `${csv}C-9,sc9001,山田 太郎,taro9@example.jp,05090009001,ip-phone,active,\n`,
    );
    const checked = await checkImport({ bytes, fileName: "b.csv", encoding: "utf-8", adminId: admin1, now });
    if (!("id" in checked)) throw new Error(checked.error);
    const requested = await requestImportApply({ importId: checked.id, operatorId: admin1, why, now });
    if (requested.kind !== "requested") throw new Error(requested.kind);
    expect(await decide({ id: requested.id, decision: "approve", operatorId: admin1, now })).toMatchObject({
      why: "own",
    });
    const outcomes = await Promise.all([
      decide({ id: requested.id, decision: "approve", operatorId: admin2, now }),
      decide({ id: requested.id, decision: "approve", operatorId: admin3, now }),
    ]);
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(["approved", "refused"]);
    const [stored] = await db().select().from(provisioningImports).where(eq(provisioningImports.id, checked.id));
    expect(stored).toMatchObject({ status: "applied", content: null });
    expect(await db().select().from(customers).where(eq(customers.externalId, "C-9"))).toHaveLength(1);
    expect(await auditsOf("import.applied")).toHaveLength(1);
    // Applied: nothing more to ask for.
    expect(await requestImportApply({ importId: checked.id, operatorId: admin1, why, now })).toEqual({
      kind: "refused",
    });
  });

  it("lets only admins ask for or decide approvals", () => {
    for (const role of ["viewer", "support"] as const) {
      expect(can(role, "lines.lifecycle")).toBe(false);
      expect(can(role, "imports.manage")).toBe(false);
      expect(can(role, "approvals.decide")).toBe(false);
    }
    expect(can("admin", "approvals.decide")).toBe(true);
  });
});
