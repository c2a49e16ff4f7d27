// Letters and the first sign-in against a real database: a letter prints its secrets once and wipes them, a re-issue
// ends the old password and every session, the forced change ends with the customer's own password, and a suspended
// or ended line refuses a SIP password change.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import type { Tx } from "@/db/client";
import { countWaitingLetters, listWaitingLetters } from "@/db/queries/letters";
import { auditEvents, customers, ipPhoneLines, kamailioLocations, passwordChanges, sipCredentials } from "@/db/schema";
import { changeSelfCarePassword } from "@/lib/auth/self-care-password";
import { sessionStateOf } from "@/lib/auth/session-state";
import { requestPasswordChange } from "@/lib/changes/password-change";
import { verifySecret } from "@/lib/password-hashing";
import { signedIn } from "@/test/action-context";
import { demoDatabase, testTargets } from "@/test/databases";
import { openForLetter } from "./credentials";
import { ADDED_LINES_SUBTITLE, SELF_CARE_PASSWORD_NOT_PRINTED, SIP_PASSWORD_NOT_PRINTED } from "./letter-content";
import { printLetters } from "./letters";
import { provisionCustomers } from "./provision-customers";
import { provisionLines } from "./provision-lines";
import { reissueLetter } from "./reissue";
import type { CustomerInput, LineInput } from "./types";

const actor = { kind: "command-line" } as const;
const now = new Date("2026-11-24T03:00:00Z");
const meta = { ip: "198.51.100.40", userAgent: "vitest" };
const taro: CustomerInput = { externalId: "L-1", selfCareId: "sc100001", name: "山田 太郎", email: "taro@example.jp" };
const hanako: CustomerInput = {
  externalId: "L-2",
  selfCareId: "sc100002",
  name: "佐藤 花子",
  email: "hana@example.jp",
};
const line = (number: string, overrides: Partial<LineInput> = {}): LineInput => ({
  number,
  customerExternalId: "L-1",
  serviceKind: "ip-phone",
  status: "active",
  ...overrides,
});

const pdfText = async (pdf: Buffer) => {
  const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
  return { totalPages, text };
};

describe.each(testTargets())("letters and the first sign-in on $name", ({ open }) => {
  const suite = demoDatabase({
    open,
    clear: [kamailioLocations, sipCredentials, auditEvents, passwordChanges, customers],
  });
  const inTx = <T>(work: (tx: Tx) => Promise<T>) => suite.database.db.transaction(work);
  const provision = async (inputs: CustomerInput[], lines: LineInput[] = [], at = now) => {
    const made = await inTx((tx) => provisionCustomers(tx, inputs, { actor, now: at }));
    const madeLines = await inTx((tx) => provisionLines(tx, lines, { actor, now: at }));
    return {
      passwords: made.map((outcome) => (outcome.kind === "created" ? outcome.initialPassword : "")),
      sipPasswords: madeLines.map((outcome) => (outcome.kind === "created" ? outcome.sipPassword : "")),
    };
  };
  const account = async (selfCareId: string) =>
    (await suite.database.db.select().from(customers).where(eq(customers.selfCareId, selfCareId)))[0]!;
  const events = async (type: string) =>
    (await suite.database.db.select().from(auditEvents)).filter((event) => event.type === type);
  const print = (selection: Parameters<typeof printLetters>[0]["selection"] = { kind: "waiting" }) =>
    printLetters({
      selection,
      adminId: randomUUID(),
      operator: "運用 太郎",
      signInUrl: "https://selfcare.example.jp/login",
      meta,
      now,
    });

  it("prints a waiting letter once, with every secret it holds, and wipes them in the same transaction", async () => {
    const { passwords, sipPasswords } = await provision(
      [taro],
      [line("05011110001"), line("05011110002", { serviceKind: "b2bua" })],
    );
    expect(await countWaitingLetters()).toBe(1);
    const printed = await print();
    expect(printed!.count).toBe(1);
    const { totalPages, text } = await pdfText(printed!.pdf);
    expect(totalPages).toBe(1);
    for (const expected of [
      "サービス開始のご案内",
      "山田 太郎 様",
      "sc100001",
      passwords[0]!,
      "05011110001",
      "05011110002",
      sipPasswords[0]!,
      sipPasswords[1]!,
      "https://selfcare.example.jp/login",
      "2026年11月24日",
    ]) {
      expect(text[0]).toContain(expected);
    }
    const after = await account("sc100001");
    expect(after).toMatchObject({ initialPasswordSealed: null, letterPrintedAt: now, mustChangePassword: true });
    const lines = await suite.database.db.select().from(ipPhoneLines).where(eq(ipPhoneLines.customerId, after.id));
    expect(lines.every((row) => row.initialSipPasswordSealed === null)).toBe(true);
    expect(await events("letter.printed")).toHaveLength(1);
    // Printable once: nothing is waiting any more.
    expect(await print()).toBeNull();
    expect(await countWaitingLetters()).toBe(0);
  });

  it("prints a line added after the letter on a letter of its own: its SIP password, and no self-care password", async () => {
    const { passwords, sipPasswords } = await provision([taro], [line("05011110011")]);
    await print();
    expect(await countWaitingLetters()).toBe(0);

    // The billing system adds a second line a day later: the customer waits again, as the newest.
    const later = new Date(now.getTime() + 86_400_000);
    const [added] = await inTx((tx) => provisionLines(tx, [line("05011110012")], { actor, now: later }));
    const addedPassword = added!.kind === "created" ? added!.sipPassword : "";
    expect(await countWaitingLetters()).toBe(1);
    const [row] = await listWaitingLetters({ limit: 10 });
    expect(row).toMatchObject({ selfCareId: "sc100001", selfCarePassword: false, sealedLines: 1, lines: 2 });
    expect(row!.issuedAt).toEqual(later);

    const printed = await print();
    expect(printed!.count).toBe(1);
    const text = (await pdfText(printed!.pdf)).text[0]!.replace(/\s/g, "");
    for (const expected of [
      ADDED_LINES_SUBTITLE,
      "山田太郎様",
      "sc100001",
      SELF_CARE_PASSWORD_NOT_PRINTED,
      "05011110011",
      SIP_PASSWORD_NOT_PRINTED,
      "05011110012",
      addedPassword,
    ]) {
      expect(text).toContain(expected.replace(/\s/g, ""));
    }
    expect(text).not.toContain(passwords[0]);
    expect(text).not.toContain(sipPasswords[0]);
    const customer = await account("sc100001");
    const lines = await suite.database.db.select().from(ipPhoneLines).where(eq(ipPhoneLines.customerId, customer.id));
    expect(lines.every((each) => each.initialSipPasswordSealed === null)).toBe(true);
    // The generated self-care password still works, and must still be changed.
    expect(await verifySecret({ hash: customer.passwordHash, secret: passwords[0]! })).toBe(true);
    expect(customer.mustChangePassword).toBe(true);
    const audited = (await events("letter.printed")).map((event) => event.detail);
    expect(audited).toHaveLength(2);
    expect(audited).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ selfCarePassword: true, sipPasswords: 1 }),
        expect.objectContaining({ selfCarePassword: false, sipPasswords: 1 }),
      ]),
    );
    expect(await print()).toBeNull();
  });

  it("no longer waits to print an added line's SIP password once the customer has changed it", async () => {
    await provision([taro]);
    const customer = await account("sc100001");
    // Signed in and changed the self-care password before the line came.
    await suite.database.db.update(customers).set({ mustChangePassword: false }).where(eq(customers.id, customer.id));
    await print();
    const [added] = await inTx((tx) => provisionLines(tx, [line("05011110013")], { actor, now }));
    expect(await countWaitingLetters()).toBe(1);
    const result = await requestPasswordChange({
      ...signedIn,
      sessionVersion: customer.sessionVersion,
      customerId: customer.id,
      input: {
        number: "05011110013",
        currentPassword: added!.kind === "created" ? added!.sipPassword : "",
        newPassword: "k7m2x9qa",
        confirmPassword: "k7m2x9qa",
        switchMode: "routine",
        requestToken: randomUUID(),
      },
      meta,
      now,
    });
    expect(result.ok).toBe(true);
    expect(await countWaitingLetters()).toBe(0);
  });

  it("prints only the customers chosen, one page each, and lists the waiting ones newest first", async () => {
    await provision([taro], [], now);
    await provision([hanako], [], new Date(now.getTime() + 60_000));
    const waiting = await listWaitingLetters({ limit: 10 });
    expect(waiting.map((row) => row.selfCareId)).toEqual(["sc100002", "sc100001"]);
    const second = await listWaitingLetters({
      after: { issuedAt: waiting[0]!.issuedAt, id: waiting[0]!.id },
      limit: 10,
    });
    expect(second.map((row) => row.selfCareId)).toEqual(["sc100001"]);
    const printed = await print({ kind: "customers", ids: [waiting[1]!.id] });
    expect(printed!.count).toBe(1);
    expect((await pdfText(printed!.pdf)).text[0]).toContain("山田 太郎 様");
    expect((await listWaitingLetters({ limit: 10 })).map((row) => row.selfCareId)).toEqual(["sc100002"]);
  });

  it("re-issues: a new password in force at once, the old one and every session ended, the letter waiting, audited", async () => {
    const { passwords } = await provision([taro]);
    await print();
    const before = await account("sc100001");
    // The audit row names the operator (a real one: operator_id references customers).
    const actor = { ...admin, adminId: (await account("admin0001")).id, reason: "お客様からの電話" };
    expect(await reissueLetter({ selfCareId: "nobody", actor, meta, now })).toEqual({
      ok: false,
      reason: "unknown",
    });
    const result = await reissueLetter({ selfCareId: "sc100001", actor, meta, now });
    expect(result.ok).toBe(true);
    const after = await account("sc100001");
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after).toMatchObject({ mustChangePassword: true, letterIssuedAt: now, letterPrintedAt: null });
    expect(await verifySecret({ hash: after.passwordHash, secret: passwords[0]! })).toBe(false);
    const reissued = openForLetter({ kind: "customer", customerId: after.id }, after.initialPasswordSealed!);
    expect(reissued).not.toBe(passwords[0]);
    expect(await verifySecret({ hash: after.passwordHash, secret: reissued })).toBe(true);
    // A session at the old version is refused wherever it is checked.
    expect(
      (await sessionStateOf(after.id, { fresh: true, expectedVersion: before.sessionVersion }))?.sessionVersion,
    ).not.toBe(before.sessionVersion);
    expect(await events("letter.reissued")).toMatchObject([
      { operatorId: actor.adminId, detail: { operator: "運用 太郎", reason: "お客様からの電話" } },
    ]);
    expect(await countWaitingLetters()).toBe(1);
  });

  it("ends the forced change with the customer's own password, and the letter's sealed secrets with it", async () => {
    const { passwords } = await provision([taro], [line("05011110003")]);
    const before = await account("sc100001");
    expect(await sessionStateOf(before.id, { fresh: true, expectedVersion: before.sessionVersion })).toMatchObject({
      mustChangePassword: true,
    });
    const result = await changeSelfCarePassword({
      customerId: before.id,
      input: { currentPassword: passwords[0]!, newPassword: "my own long passphrase 2026" },
      meta,
      now,
    });
    expect(result.ok).toBe(true);
    const after = await account("sc100001");
    expect(after).toMatchObject({ mustChangePassword: false, initialPasswordSealed: null });
    const [row] = await suite.database.db.select().from(ipPhoneLines).where(eq(ipPhoneLines.customerId, after.id));
    expect(row!.initialSipPasswordSealed).toBeNull();
    // The new version's state, as the next page view reads it, no longer forces anything.
    expect(await sessionStateOf(after.id, { fresh: false, expectedVersion: after.sessionVersion })).toMatchObject({
      mustChangePassword: false,
    });
    expect(await countWaitingLetters()).toBe(0);
  });

  it("refuses a SIP password change while the self-care password is the generated one, and on a suspended or ended line", async () => {
    const { sipPasswords } = await provision([taro], [line("05011110004"), line("05011110005")]);
    const customer = await account("sc100001");
    const change = (number: string, currentPassword: string) =>
      requestPasswordChange({
        ...signedIn,
        sessionVersion: customer.sessionVersion,
        customerId: customer.id,
        input: {
          number,
          currentPassword,
          newPassword: "k7m2x9qa",
          confirmPassword: "k7m2x9qa",
          switchMode: "routine",
          requestToken: randomUUID(),
        },
        meta,
        now,
      });
    expect(await change("05011110004", sipPasswords[0]!)).toEqual({ ok: false, reason: "password-change-required" });
    await suite.database.db.update(customers).set({ mustChangePassword: false }).where(eq(customers.id, customer.id));

    await inTx((tx) =>
      provisionLines(
        tx,
        [
          line("05011110004", { status: "suspended", suspensionReason: "fraud" }),
          line("05011110005", { status: "terminated" }),
        ],
        { actor, now },
      ),
    );
    expect(await change("05011110004", sipPasswords[0]!)).toEqual({
      ok: false,
      reason: "line-suspended",
      suspensionReason: "fraud",
    });
    expect(await change("05011110005", sipPasswords[1]!)).toEqual({ ok: false, reason: "line-terminated" });
    expect(await suite.database.db.select().from(passwordChanges)).toHaveLength(0);
    const rejected = await events("change.rejected");
    expect(rejected.map((event) => event.detail?.reason).sort()).toEqual(["line-suspended", "line-terminated"]);

    // Resumed, the same line changes as any other.
    await inTx((tx) => provisionLines(tx, [line("05011110004")], { actor, now }));
    expect((await change("05011110004", sipPasswords[0]!)).ok).toBe(true);
  });
});

const admin = { kind: "admin", adminId: "00000000-0000-4000-8000-000000000001", operator: "運用 太郎" } as const;
