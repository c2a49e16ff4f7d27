// The guessing-flood alert against a real database: the registrar's records summed per line on the database's clock
// (wrong passwords only, this line's only, the window's only), the customer's view, the console's filter, and the
// daily notice that concurrent scheduled runs send once.
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { listChanges } from "@/db/queries/admin-changes";
import {
  auditEvents,
  ipPhoneLines,
  outboxEmails,
  passwordChanges,
  rateLimits,
  sipAuthFailures,
  sipBans,
} from "@/db/schema";
import { demoDatabase, testTargets } from "@/test/databases";
import { GUESS_ALERT } from "./guess-alert";
import { lineActivity, sendLineNotices } from "./line-activity";

process.env.REGISTRATION_CHECK = "on";

const NUMBER = "05087654321";
const OTHER = "05012345678";
const SUBJECT = "【IP加入電話】パスワードを推測しようとする試みが続いています";
const hex = (text: string) => Buffer.from(text, "utf8").toString("hex");

describe.each(testTargets())("the guessing-flood alert on $name", ({ open }) => {
  const suite = demoDatabase({
    open,
    clear: [sipBans, sipAuthFailures, auditEvents, outboxEmails, rateLimits, passwordChanges],
  });
  const db = () => suite.database.db;

  /**
   * `total` wrong passwords (or another class) on `number`, `perAddress` from each address, recorded `minutesAgo`
   * on the database's clock, as the registrar's rows are.
   */
  async function record({
    number = NUMBER,
    total,
    perAddress = 3,
    failureClass = "wrong",
    minutesAgo = 0,
    network = "203.0.113",
  }: {
    number?: string;
    total: number;
    perAddress?: number;
    failureClass?: "previous" | "early" | "wrong" | "unknown-user";
    minutesAgo?: number;
    network?: string;
  }) {
    const rows = Array.from({ length: Math.ceil(total / perAddress) }, (_, index) => ({
      username: number,
      address: `${network}.${index + 1}`,
      class: failureClass,
      minute: sql`date_trunc('minute', pg_catalog.now()) - ${`${minutesAgo} minutes`}::interval`,
      count: Math.min(perAddress, total - index * perAddress),
      port: 5060,
    }));
    await db().insert(sipAuthFailures).values(rows);
  }
  const floodOf = async (number = NUMBER) => (await lineActivity([number]))[0]!.guessFlood;
  /** The console's filter, over a change of each demo line. */
  const flagged = async () =>
    (await listChanges({ guessFlood: GUESS_ALERT }, undefined, 10)).map((row) => row.number).sort();
  async function changeOn(number: string) {
    const [line] = await db().select().from(ipPhoneLines).where(eq(ipPhoneLines.number, number));
    await db()
      .insert(passwordChanges)
      .values({
        lineId: line!.id,
        customerId: line!.customerId,
        serviceKind: line!.serviceKind,
        requestedAt: new Date(),
        reflectionAt: new Date(),
        status: "reflected",
        idempotencyKey: `guess-${number}`,
      });
  }
  const floodMails = () =>
    db()
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.to, "demo0001@example.jp"), eq(outboxEmails.subject, SUBJECT)));

  it("alerts at 100 wrong passwords in the window summed over every address, not at 99", async () => {
    await changeOn(NUMBER);
    await changeOn(OTHER);
    await record({ total: 99 });
    expect(await floodOf()).toBeNull();
    expect(await flagged()).toEqual([]);
    await sendLineNotices(new Date());
    expect(await floodMails()).toEqual([]);

    await record({ total: 1, network: "198.51.100" });
    expect(await floodOf()).toEqual({ number: NUMBER, wrong: 100, addresses: 34 });
    expect(await flagged()).toEqual([NUMBER]);
    expect(await sendLineNotices(new Date(Date.now() + 60_000))).toBeGreaterThanOrEqual(1);
    const [mail] = await floodMails();
    expect(mail!.text).toContain(NUMBER);
    expect(mail!.text).toContain("合計100回、34か所の接続元から");
  });

  it("counts the registrar's own records of a flood that stays under every ban", async () => {
    // 25 addresses, 4 wrong passwords each: no (line, address) ban at 10, no scanner ban (one line each).
    for (let address = 1; address <= 25; address++) {
      for (let i = 0; i < 4; i++) {
        await db().execute(
          sql`select sip_record_failure(${hex(NUMBER)}, ${hex(`192.0.2.${address}`)}, ${5060}, ${hex("bot")}, ${hex("wrong")}, ${1}, ${Math.floor(Date.now() / 60_000)})`,
        );
      }
    }
    expect(await db().select().from(sipBans)).toEqual([]);
    expect(await floodOf()).toMatchObject({ wrong: 100, addresses: 25 });
  });

  it("never counts the customer's own devices (previous, early), unknown users, older records or another line", async () => {
    await changeOn(NUMBER);
    await changeOn(OTHER);
    await record({ total: 500, failureClass: "previous" });
    await record({ total: 500, failureClass: "early" });
    await record({ total: 500, failureClass: "unknown-user" });
    await record({ total: 99, network: "198.51.100" });
    // Just outside the window, on the database's clock.
    await record({ total: 500, minutesAgo: GUESS_ALERT.windowMs / 60_000 + 1, network: "192.0.2" });
    await record({ number: OTHER, total: 200 });
    expect(await floodOf()).toBeNull();
    expect(await floodOf(OTHER)).toEqual({ number: OTHER, wrong: 200, addresses: 67 });
    expect(await flagged()).toEqual([OTHER]);
  });

  it("mails the owner once a day per line however many scheduled runs go at once, and audits it", async () => {
    await record({ total: 150 });
    const at = new Date();
    // PGlite has one connection; PostgreSQL takes the 10 at once.
    await Promise.all(Array.from({ length: 10 }, () => sendLineNotices(at)));
    expect(await floodMails()).toHaveLength(1);
    const audits = await db().select().from(auditEvents).where(eq(auditEvents.type, "line.guess-flood-notice"));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.detail).toEqual({ number: NUMBER, wrongPasswords: 150, addresses: 50 });
    expect(audits[0]!.customerId).toBe(suite.demo1);
    // Later the same day: nothing; the next day, if it goes on, once more.
    await sendLineNotices(new Date(at.getTime() + 60 * 60_000));
    expect(await floodMails()).toHaveLength(1);
    await sendLineNotices(new Date(at.getTime() + 25 * 60 * 60_000));
    expect(await floodMails()).toHaveLength(2);
  });
});
