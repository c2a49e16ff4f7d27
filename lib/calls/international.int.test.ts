// 「国際電話の利用」 against a real database: on only after a step-up and only on the customer's own active line, one
// audit row and one mail per real change however many tabs press at once, the burst mail sent once however many
// scheduled runs overlap, the idle turn-off at its exact boundary, and the operator's turn-off (never a viewer's).
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, customers, ipPhoneLines, mailQueue } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { demoDatabase, testTargets } from "@/test/databases";
import {
  disableInternational,
  disableInternationalByOperator,
  enableInternational,
  monthsBefore,
  runInternationalWork,
} from "./international";

const now = new Date("2026-12-02T03:00:00Z");
const meta = { ip: "198.51.100.50", userAgent: "vitest" };
const MINE = "05087654321";
const THEIRS = "05011112222";

describe.each(testTargets())("「国際電話の利用」 on $name", ({ open }) => {
  const suite = demoDatabase({ open, clear: [auditEvents, mailQueue] });
  const db = () => suite.database.db;
  const lineOf = async (number: string) =>
    (await db().select().from(ipPhoneLines).where(eq(ipPhoneLines.number, number)))[0]!;
  const audits = (type: string) =>
    db()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.type, type as "international.enabled"));
  const mails = () => db().select().from(mailQueue).where(eq(mailQueue.template, "international-changed"));
  const who = (number = MINE, at = now) => ({ customerId: suite.demo1, number, meta, now: at });
  const turnOn = (at = now, number = MINE) => enableInternational({ ...who(number, at), stepUp: "email-code" });

  it("is off on every line by default, and turning it on needs a step-up", async () => {
    expect(await lineOf(MINE)).toMatchObject({ internationalCalling: false, internationalOffReason: null });
    expect(await enableInternational({ ...who(), stepUp: null })).toBe("step-up");
    expect((await lineOf(MINE)).internationalCalling).toBe(false);
    expect(await audits("international.enabled")).toHaveLength(0);
    expect(await mails()).toHaveLength(0);

    expect(await enableInternational({ ...who(), stepUp: "passkey" })).toBe("done");
    expect(await lineOf(MINE)).toMatchObject({
      internationalCalling: true,
      internationalChangedAt: now,
      internationalOffReason: null,
    });
    const [enabled] = await audits("international.enabled");
    expect(enabled).toMatchObject({
      customerId: suite.demo1,
      ip: meta.ip,
      detail: { number: MINE, factor: "passkey" },
    });
    expect((await mails()).map((mail) => [mail.to, mail.customerId])).toEqual([["demo0001@example.jp", suite.demo1]]);
  });

  it("touches only the customer's own active lines", async () => {
    expect(await turnOn(now, THEIRS)).toBe("not-found");
    expect(await disableInternational(who(THEIRS))).toBe("not-found");
    expect((await lineOf(THEIRS)).internationalCalling).toBe(false);
    await db()
      .update(ipPhoneLines)
      .set({ status: "suspended", suspensionReason: "non-payment" })
      .where(eq(ipPhoneLines.number, MINE));
    expect(await turnOn()).toBe("not-found");
    expect(await audits("international.enabled")).toHaveLength(0);
    expect(await mails()).toHaveLength(0);
  });

  it("turns off in one step with reason customer; pressing again changes nothing and tells nobody", async () => {
    await turnOn();
    const later = new Date(now.getTime() + 60_000);
    expect(await disableInternational(who(MINE, later))).toBe("done");
    expect(await lineOf(MINE)).toMatchObject({
      internationalCalling: false,
      internationalOffReason: "customer",
      internationalChangedAt: later,
    });
    expect(await disableInternational(who(MINE, later))).toBe("unchanged");
    expect((await audits("international.disabled")).map((event) => event.detail)).toEqual([
      { number: MINE, by: "customer" },
    ]);
    expect(await mails()).toHaveLength(2);
  });

  it("gives one audit row and one mail per real change when several tabs press at once", async () => {
    const ons = await Promise.all(Array.from({ length: 6 }, () => turnOn()));
    expect(ons.filter((outcome) => outcome === "done")).toHaveLength(1);
    expect(ons.filter((outcome) => outcome === "unchanged")).toHaveLength(5);
    const offs = await Promise.all(Array.from({ length: 6 }, () => disableInternational(who())));
    expect(offs.filter((outcome) => outcome === "done")).toHaveLength(1);
    expect(await audits("international.enabled")).toHaveLength(1);
    expect(await audits("international.disabled")).toHaveLength(1);
    expect(await mails()).toHaveLength(2);
  });

  it("mails the customer of a burst once, however many scheduled runs overlap, and again after a new burst", async () => {
    await turnOn();
    const stop = () =>
      db().execute(sql`select sip_stop_international(encode(convert_to(${MINE}, 'UTF8'), 'hex'), 6, 10)`);
    await stop();
    const stopped = await lineOf(MINE);
    expect(stopped).toMatchObject({ internationalCalling: false, internationalOffReason: "burst" });
    expect(stopped.internationalBurstAt).not.toBeNull();
    await db().delete(mailQueue);

    const runs = await Promise.all(Array.from({ length: 4 }, () => runInternationalWork({ now, idleMonths: 6 })));
    expect(runs.reduce((sum, run) => sum + run.burstMails, 0)).toBe(1);
    expect(await mails()).toHaveLength(1);
    expect((await lineOf(MINE)).internationalBurstMailedAt).toEqual(now);
    expect((await runInternationalWork({ now, idleMonths: 6 })).burstMails).toBe(0);

    await turnOn(new Date(now.getTime() + 60_000));
    await stop();
    expect((await runInternationalWork({ now, idleMonths: 6 })).burstMails).toBe(1);
    expect(await mails()).toHaveLength(3);
  });

  it("turns an idle line off only once the latest of its turn-on and its last call is months old", async () => {
    const onAt = new Date("2026-06-02T03:00:00Z");
    await turnOn(onAt);
    await turnOn(onAt, "05012345678");
    await db().update(ipPhoneLines).set({ internationalLastCallAt: now }).where(eq(ipPhoneLines.number, "05012345678"));
    await db().delete(mailQueue);
    // Exactly six months after turning on (2 June 12:00 in Japan): not yet older than the cut-off.
    const boundary = new Date("2026-12-02T03:00:00Z");
    expect(monthsBefore(boundary, 6)).toEqual(onAt);
    expect(await runInternationalWork({ now: boundary, idleMonths: 6 })).toEqual({ burstMails: 0, idleOff: 0 });
    expect((await lineOf(MINE)).internationalCalling).toBe(true);

    const after = new Date(boundary.getTime() + 1);
    expect(await runInternationalWork({ now: after, idleMonths: 6 })).toEqual({ burstMails: 0, idleOff: 1 });
    expect(await lineOf(MINE)).toMatchObject({
      internationalCalling: false,
      internationalOffReason: "inactivity",
      internationalChangedAt: after,
    });
    // The other line called internationally a moment ago: it stays on.
    expect((await lineOf("05012345678")).internationalCalling).toBe(true);
    const [idle] = await audits("international.idle-off");
    expect(idle).toMatchObject({ customerId: suite.demo1, detail: { number: MINE, months: 6 } });
    expect(await mails()).toHaveLength(1);
    expect((await runInternationalWork({ now: after, idleMonths: 6 })).idleOff).toBe(0);
  });

  it("lets support or an admin turn a line off with their reason, mailing the customer; never a viewer", async () => {
    expect(can("viewer", "lines.international-off")).toBe(false);
    expect(can("support", "lines.international-off")).toBe(true);
    expect(can("admin", "lines.international-off")).toBe(true);
    await turnOn();
    await db().delete(mailQueue);
    const [support] = await db().select().from(customers).where(eq(customers.selfCareId, "support0001"));
    const act = {
      number: MINE,
      operator: { id: support!.id, name: "サポート 一号" },
      why: { reason: "不正利用の調査", ticket: "INC-7" },
      meta,
      now,
    };
    const outcomes = await Promise.all([disableInternationalByOperator(act), disableInternationalByOperator(act)]);
    expect(outcomes.sort()).toEqual(["done", "unchanged"]);
    expect(await lineOf(MINE)).toMatchObject({ internationalCalling: false, internationalOffReason: "operator" });
    const disabled = await db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.type, "international.disabled"), eq(auditEvents.operatorId, support!.id)));
    expect(disabled.map((event) => [event.customerId, event.detail])).toEqual([
      [
        suite.demo1,
        { number: MINE, by: "operator", operator: "サポート 一号", reason: "不正利用の調査", ticket: "INC-7" },
      ],
    ]);
    expect((await mails()).map((mail) => mail.to)).toEqual(["demo0001@example.jp"]);
  });
});
