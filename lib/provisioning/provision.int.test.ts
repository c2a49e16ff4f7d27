// Provisioning against a real database: upserts, the line lifecycle as the registrar's views see it, the quarantine,
// and concurrent creations of one number.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { Tx } from "@/db/client";
import { rowsOf } from "@/db/together";
import {
  auditEvents,
  customers,
  ipPhoneLines,
  kamailioLocations,
  passwordChanges,
  sipBans,
  sipCredentials,
} from "@/db/schema";
import { env } from "@/lib/env";
import { verifySecret } from "@/lib/password-hashing";
import { demoDatabase, testTargets } from "@/test/databases";
import { openForLetter } from "./credentials";
import { provisionCustomers } from "./provision-customers";
import { provisionLines } from "./provision-lines";
import type { CustomerInput, LineInput } from "./types";

const actor = { kind: "api-key", keyId: "00000000-0000-4000-8000-000000000000", name: "billing" } as const;
const now = new Date("2026-12-02T03:00:00Z");
const DAY = 86_400_000;
const taro: CustomerInput = { externalId: "C-1", selfCareId: "sc000001", name: "山田 太郎", email: "taro@example.jp" };
const hanako: CustomerInput = {
  externalId: "C-2",
  selfCareId: "sc000002",
  name: "佐藤 花子",
  email: "hana@example.jp",
};
const line = (number: string, customerExternalId = "C-1", overrides: Partial<LineInput> = {}): LineInput => ({
  number,
  customerExternalId,
  serviceKind: "ip-phone",
  status: "active",
  ...overrides,
});
const md5 = (value: string) => createHash("md5").update(value).digest("hex");

describe.each(testTargets())("provisioning on $name", ({ name, open }) => {
  const suite = demoDatabase({
    open,
    clear: [kamailioLocations, sipCredentials, sipBans, auditEvents, passwordChanges, customers],
  });
  const inTx = <T>(work: (tx: Tx) => Promise<T>) => suite.database.db.transaction(work);
  const customersNow = (inputs: CustomerInput[], at = now) =>
    inTx((tx) => provisionCustomers(tx, inputs, { actor, now: at }));
  const linesNow = (inputs: LineInput[], at = now) => inTx((tx) => provisionLines(tx, inputs, { actor, now: at }));
  const registrarSees = async (number: string) =>
    rowsOf<{ ha1: string | null }>(
      await suite.database.db.execute(sql`select ha1 from sip_line_credentials where username = ${number}`),
    );
  const register = (number: string) =>
    suite.database.db.insert(kamailioLocations).values({
      ruid: `ruid-${number}-${Math.random()}`,
      username: number,
      domain: env().sipDomain,
      contact: `sip:${number}@198.51.100.7:5060`,
    });
  const registrations = async (number: string) =>
    (await suite.database.db.select().from(kamailioLocations).where(eq(kamailioLocations.username, number))).length;

  it("creates a customer once with a generated password that signs in, sealed for the letter; the same write again changes nothing", async () => {
    const [created] = await customersNow([taro]);
    expect(created!.kind).toBe("created");
    const password = created?.kind === "created" ? created.initialPassword : "";
    expect(password).toMatch(/^[A-Za-z2-9]{14}$/);
    const [row] = await suite.database.db.select().from(customers).where(eq(customers.externalId, "C-1"));
    expect(row!.mustChangePassword).toBe(true);
    expect(row!.passwordHash).not.toContain(password);
    expect(await verifySecret({ hash: row!.passwordHash, secret: password })).toBe(true);
    expect(await verifySecret({ hash: row!.passwordHash, secret: `${password}x` })).toBe(false);
    expect(openForLetter({ kind: "customer", customerId: row!.id }, row!.initialPasswordSealed!)).toBe(password);

    expect((await customersNow([taro]))[0]!.kind).toBe("unchanged");
    const [updated] = await customersNow([{ ...taro, email: "taro@example.com" }]);
    expect(updated).toMatchObject({ kind: "updated", customer: { email: "taro@example.com" } });
    const trail = await suite.database.db.select().from(auditEvents).where(eq(auditEvents.customerId, row!.id));
    expect(trail.map((event) => [event.type, event.detail?.key])).toEqual([
      ["provisioning.customer-created", "billing"],
      ["provisioning.customer-updated", "billing"],
    ]);
  });

  it("refuses a self-care ID another customer holds, and a second write of one customer in a batch", async () => {
    expect(await customersNow([{ ...taro, selfCareId: "demo0001" }])).toEqual([
      { kind: "conflict", reason: "self-care-id-taken" },
    ]);
    const outcomes = await customersNow([taro, { ...taro, name: "別人" }, { ...hanako, selfCareId: taro.selfCareId }]);
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["created", "conflict", "conflict"]);
  });

  it("puts a new line in force for the registrar at once, and refuses it to another customer or an unknown one", async () => {
    await customersNow([taro, hanako]);
    const [created] = await linesNow([line("05066667777")]);
    const sipPassword = created?.kind === "created" ? created.sipPassword : "";
    expect(sipPassword).toMatch(/^[a-z2-9]{8}$/);
    const domain = env().sipDomain;
    expect(await registrarSees("05066667777")).toEqual([{ ha1: md5(`05066667777:${domain}:${sipPassword}`) }]);
    expect((await linesNow([line("05066667777")]))[0]!.kind).toBe("unchanged");
    expect(await linesNow([line("05066667777", "C-2"), line("05066668888", "C-9")])).toEqual([
      { kind: "conflict", reason: "held-by-another-customer" },
      { kind: "unknown-customer" },
    ]);
  });

  it("suspends (registrations removed, out of the views), resumes with the same password, and terminates for good", async () => {
    await customersNow([taro, hanako]);
    const [created] = await linesNow([line("05066667777")]);
    const before = await registrarSees("05066667777");
    await register("05066667777");

    const [suspended] = await linesNow([
      line("05066667777", "C-1", { status: "suspended", suspensionReason: "non-payment" }),
    ]);
    expect(suspended).toMatchObject({
      kind: "updated",
      line: { status: "suspended", suspensionReason: "non-payment" },
    });
    expect(await registrarSees("05066667777")).toEqual([]);
    expect(await registrations("05066667777")).toBe(0);

    expect((await linesNow([line("05066667777")]))[0]).toMatchObject({ kind: "updated", line: { status: "active" } });
    expect(await registrarSees("05066667777")).toEqual(before);

    const [lineRow] = await suite.database.db.select().from(ipPhoneLines).where(eq(ipPhoneLines.number, "05066667777"));
    const [customer] = await suite.database.db.select().from(customers).where(eq(customers.externalId, "C-1"));
    await suite.database.db.insert(passwordChanges).values({
      lineId: lineRow!.id,
      customerId: customer!.id,
      serviceKind: "ip-phone",
      requestedAt: now,
      reflectionAt: new Date(now.getTime() + 15 * 60_000),
      secretCiphertext: "sealed",
      idempotencyKey: "pending-one",
    });
    await register("05066667777");
    const terminatedAt = new Date(now.getTime() + DAY);
    const [terminated] = await linesNow([line("05066667777", "C-1", { status: "terminated" })], terminatedAt);
    expect(terminated).toMatchObject({ kind: "updated", line: { status: "terminated", terminatedAt } });
    expect(await registrarSees("05066667777")).toEqual([]);
    expect(await registrations("05066667777")).toBe(0);
    const [change] = await suite.database.db
      .select()
      .from(passwordChanges)
      .where(eq(passwordChanges.lineId, lineRow!.id));
    expect(change).toMatchObject({ status: "cancelled", secretCiphertext: null });
    expect(created!.kind).toBe("created");

    // Final: the same state again is unchanged, any other is refused.
    expect((await linesNow([line("05066667777", "C-1", { status: "terminated" })], terminatedAt))[0]!.kind).toBe(
      "unchanged",
    );
    expect(await linesNow([line("05066667777")], terminatedAt)).toEqual([{ kind: "conflict", reason: "terminated" }]);
    const types = await suite.database.db
      .select({ type: auditEvents.type })
      .from(auditEvents)
      .where(eq(auditEvents.customerId, customer!.id));
    expect(types.map((event) => event.type)).toEqual(
      expect.arrayContaining([
        "line.provisioned",
        "line.suspended",
        "line.resumed",
        "line.terminated",
        "change.cancelled",
      ]),
    );
  });

  it("on resume, lifts the pair bans the line's own phones earned while it was suspended, and no older one", async () => {
    await customersNow([taro]);
    await linesNow([line("05066667777")]);
    const hour = 3_600_000;
    const ban = (address: string, createdAt: Date) =>
      suite.database.db.insert(sipBans).values({
        username: "05066667777",
        address,
        reason: "wrong-password",
        createdAt,
        until: new Date(now.getTime() + 3 * hour),
      });
    await ban("203.0.113.1", new Date(now.getTime() - hour));
    const suspendedAt = new Date(now.getTime() + 60_000);
    await linesNow([line("05066667777", "C-1", { status: "suspended", suspensionReason: "non-payment" })], suspendedAt);
    await ban("203.0.113.2", new Date(suspendedAt.getTime() + 60_000));
    await linesNow([line("05066667777")], new Date(suspendedAt.getTime() + hour));
    const bans = await suite.database.db
      .select({ address: sipBans.address, liftedAt: sipBans.liftedAt })
      .from(sipBans)
      .orderBy(sipBans.address);
    expect(bans.map((row) => [row.address, row.liftedAt !== null])).toEqual([
      ["203.0.113.1", false],
      ["203.0.113.2", true],
    ]);
  });

  it("in a dry run, answers as the real run would but leaves the registrar's rows alone", async () => {
    await customersNow([taro]);
    await linesNow([line("05066667777")]);
    await register("05066667777");
    const before = await registrarSees("05066667777");
    const outcomes = await inTx((tx) =>
      provisionLines(tx, [line("05066667777", "C-1", { status: "terminated" }), line("05066668888")], {
        actor,
        now,
        dryRun: true,
      }),
    );
    expect(outcomes.map((outcome) => outcome.kind)).toEqual(["updated", "created"]);
    expect(await registrations("05066667777")).toBe(1);
    const credentials = await suite.database.db
      .select({ username: sipCredentials.username })
      .from(sipCredentials)
      .where(eq(sipCredentials.username, "05066668888"));
    expect(credentials).toEqual([]);
    expect(before).toHaveLength(1);
  });

  it("keeps a terminated number from another customer for the quarantine, then gives it out with new credentials", async () => {
    await customersNow([taro, hanako]);
    await linesNow([line("05066667777")]);
    await linesNow([line("05066667777", "C-1", { status: "terminated" })]);
    const quarantine = env().numberQuarantineMs;
    expect(quarantine).toBe(90 * DAY);
    const almost = new Date(now.getTime() + quarantine - 60_000);
    expect(await linesNow([line("05066667777", "C-2")], almost)).toEqual([
      { kind: "conflict", reason: "in-quarantine", availableAt: new Date(now.getTime() + quarantine) },
    ]);
    const after = new Date(now.getTime() + quarantine);
    const [reissued] = await linesNow([line("05066667777", "C-2")], after);
    expect(reissued).toMatchObject({ kind: "created", line: { customerExternalId: "C-2" } });
    const sipPassword = reissued?.kind === "created" ? reissued.sipPassword : "";
    expect(await registrarSees("05066667777")).toEqual([{ ha1: md5(`05066667777:${env().sipDomain}:${sipPassword}`) }]);
    const lines = await suite.database.db
      .select({ status: ipPhoneLines.status })
      .from(ipPhoneLines)
      .where(eq(ipPhoneLines.number, "05066667777"));
    expect(lines.map((row) => row.status).sort()).toEqual(["active", "terminated"]);
  });

  it("gives one number to one customer when 50 creations for two customers race", async () => {
    await customersNow([taro, hanako]);
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        linesNow([line("05044445555", index % 2 === 0 ? "C-1" : "C-2")]).then(([outcome]) => outcome!),
      ),
    );
    const created = outcomes.filter((outcome) => outcome.kind === "created");
    expect(created).toHaveLength(1);
    const owner = created[0]?.kind === "created" ? created[0].line.customerExternalId : "";
    const others = outcomes.filter((outcome) => outcome.kind !== "created");
    // The owner's repeats are unchanged; the other customer's are refused.
    expect(new Set(others.map((outcome) => (outcome.kind === "conflict" ? outcome.reason : outcome.kind)))).toEqual(
      new Set(["unchanged", "held-by-another-customer"]),
    );
    expect(others.filter((outcome) => outcome.kind === "unchanged")).toHaveLength(24);
    const live = await suite.database.db
      .select()
      .from(ipPhoneLines)
      .where(and(eq(ipPhoneLines.number, "05044445555")));
    expect(live).toHaveLength(1);
    expect(name.length).toBeGreaterThan(0);
    expect(owner).toMatch(/^C-[12]$/);
  });
});
