// The registrar's records of failed authentications and its bans, through the functions Kamailio calls
// (drizzle/0007): bounded rows under a flood, the ban rules, bans that never reach the owner from elsewhere, the
// customer's view of it, the once-a-day notices, the operator's lift and the 30-day cleanup.
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { forgetOldAttempts, liftBan } from "@/db/queries/line-activity";
import { listChanges } from "@/db/queries/admin-changes";
import { auditEvents, ipPhoneLines, outboxEmails, rateLimits, sipAuthFailures, sipBans } from "@/db/schema";
import { demoDatabase, testTargets } from "@/test/databases";
import { lineActivity, sendLineNotices } from "./line-activity";

process.env.REGISTRATION_CHECK = "on";

const NUMBER = "05087654321";
const hex = (text: string) => Buffer.from(text, "utf8").toString("hex");
/** The registrar's minute: minutes since 1970 on its clock. */
const minute = () => Math.floor(Date.now() / 60_000);
type Row = Record<string, unknown>;

describe.each(testTargets())("the registrar's records of failed attempts on $name", ({ name, open }) => {
  const suite = demoDatabase({ open, clear: [sipBans, sipAuthFailures, auditEvents, outboxEmails, rateLimits] });
  const db = () => suite.database.db;
  const rows = async (statement: ReturnType<typeof sql>) => {
    const result = (await db().execute(statement)) as unknown as { rows: Row[] } | Row[];
    return Array.isArray(result) ? result : result.rows;
  };
  /** What Kamailio's route RECORD_FAILURE does: `count` failed digests, every value hex. The ban it made, or "". */
  const fail = async (
    failureClass: string,
    address: string,
    number = NUMBER,
    userAgent = "Yealink SIP-T46S",
    count = 1,
  ) =>
    (
      await rows(
        sql`select sip_record_failure(${hex(number)}, ${hex(address)}, ${5060}, ${hex(userAgent)}, ${hex(failureClass)}, ${count}, ${minute()}) as ban`,
      )
    )[0]!.ban as string;
  /** What the registrar's memory holds after loading sip_bans_in_force: 1 when (line, source) or source is banned. */
  const banned = async (address: string, number = NUMBER) => {
    const [row] = await rows(
      sql`select count(*)::integer as n from sip_bans_in_force where key_name in (${`${address}|*`}, ${`${address}|${number}`})`,
    );
    return Number(row!.n) > 0 ? 1 : 0;
  };

  it("keeps one row per line, address, class and minute, with the count, however many fail at once", async () => {
    // PGlite has one connection; PostgreSQL takes the 60 at once.
    await Promise.all(Array.from({ length: 60 }, () => fail("previous", "192.0.2.4")));
    const recorded = await db().select().from(sipAuthFailures);
    // One row, or two when the 60 straddle a minute's end: one per minute, counting all 60.
    expect(new Set(recorded.map((row) => row.minute.getTime())).size).toBe(recorded.length);
    expect(recorded.length).toBeLessThanOrEqual(2);
    expect(recorded.reduce((sum, row) => sum + row.count, 0)).toBe(60);
    expect(recorded[0]).toMatchObject({ username: NUMBER, address: "192.0.2.4", class: "previous" });
    expect(recorded[0]!.userAgent).toBe("Yealink SIP-T46S");
    // A retired password is the customer's own device: never banned, however often.
    expect(await db().select().from(sipBans)).toEqual([]);
    expect(await banned("192.0.2.4")).toBe(0);
  });

  it("takes the registrar's counted failures: a count adds up, and a later count without port or User-Agent keeps them", async () => {
    await fail("wrong", "192.0.2.5", NUMBER, "Grandstream GXP1625", 1);
    await db().execute(
      sql`select sip_record_failure(${hex(NUMBER)}, ${hex("192.0.2.5")}, ${0}, ${""}, ${hex("wrong")}, ${6}, ${minute()})`,
    );
    const [row] = await db().select().from(sipAuthFailures);
    expect(row).toMatchObject({ count: 7, port: 5060, userAgent: "Grandstream GXP1625" });
    // Counted failures reach the ban rule like single ones: 7 + 3 is the tenth.
    expect(await fail("wrong", "192.0.2.5", NUMBER, "Grandstream GXP1625", 3)).toBe("wrong-password");
  });

  it("files a count sent at a minute's end in the minute the failures happened, never in the future or far back", async () => {
    const twoMinutesAgo = minute() - 2;
    await db().execute(
      sql`select sip_record_failure(${hex(NUMBER)}, ${hex("192.0.2.8")}, ${0}, ${""}, ${hex("previous")}, ${4}, ${twoMinutesAgo})`,
    );
    await db().execute(
      sql`select sip_record_failure(${hex(NUMBER)}, ${hex("192.0.2.8")}, ${0}, ${""}, ${hex("previous")}, ${1}, ${minute() + 5})`,
    );
    await db().execute(
      sql`select sip_record_failure(${hex(NUMBER)}, ${hex("192.0.2.8")}, ${0}, ${""}, ${hex("previous")}, ${1}, ${0})`,
    );
    const recorded = await db().select().from(sipAuthFailures);
    const filed = recorded.find((row) => row.count === 4)!;
    expect(filed.minute.getTime()).toBe(twoMinutesAgo * 60_000);
    // The other two: the present minute (or the next, should the test cross one), never ahead of it.
    for (const row of recorded.filter((row) => row !== filed)) {
      expect(row.minute.getTime()).toBeGreaterThanOrEqual((minute() - 1) * 60_000);
      expect(row.minute.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it("keeps an IPv6 source as its /64, and refuses anything that is not a source, a class or a count", async () => {
    expect(await fail("wrong", "2001:db8:a:b::/64")).toBe("");
    expect(await banned("2001:db8:a:b::/64")).toBe(0);
    const refused = async (address: string, failureClass = "wrong", count = 1) =>
      expect(
        db().execute(
          sql`select sip_record_failure(${hex(NUMBER)}, ${hex(address)}, ${5060}, ${""}, ${hex(failureClass)}, ${count}, ${minute()})`,
        ),
      ).rejects.toThrow();
    // A single IPv6 address, a host name, SQL, another prefix length, an impossible IPv4 address.
    await refused("2001:db8:a:b::1");
    await refused("sip.example.jp");
    await refused("1.2.3.4'; delete from sip_bans; --");
    await refused("2001:db8:a:b::/48");
    await refused("999.1.1.1");
    await refused("192.0.2.1", "banned");
    await refused("192.0.2.1", "wrong", 0);
    await refused("192.0.2.1", "wrong", 1_000_000);
    await expect(
      db().execute(
        sql`select sip_record_failure(${hex(NUMBER)}, ${hex("192.0.2.1")}, ${70_000}, ${""}, ${hex("wrong")}, ${1}, ${minute()})`,
      ),
    ).rejects.toThrow();
    const recorded = await db().select().from(sipAuthFailures);
    expect(recorded.map((row) => row.address)).toEqual(["2001:db8:a:b::/64"]);
  });

  it("stores a hostile username as text, never as SQL", async () => {
    const hostile = "x'||(select/**/''/**/from/**/pg_sleep(3))||'";
    expect(await fail("unknown-user", "192.0.2.6", hostile)).toBe("");
    const [row] = await db().select().from(sipAuthFailures);
    expect(row!.username).toBe(hostile);
    // Bytes that are not UTF-8 become an empty username, not an error.
    await db().execute(
      sql`select sip_record_failure(${"fffe"}, ${hex("192.0.2.7")}, ${5060}, ${""}, ${hex("unknown-user")}, ${1}, ${minute()})`,
    );
    expect((await db().select().from(sipAuthFailures)).map((r) => r.username).sort()).toEqual(["", hostile]);
  });

  it("bans a (line, address) pair after 10 wrong passwords in 15 minutes, and no one else", async () => {
    for (let i = 0; i < 9; i++) expect(await fail("wrong", "192.0.2.2")).toBe("");
    expect(await banned("192.0.2.2")).toBe(0);
    expect(await fail("wrong", "192.0.2.2")).toBe("wrong-password");
    expect(await banned("192.0.2.2")).toBe(1);
    // The same line from another address, and another line from the same address, are untouched.
    expect(await banned("192.0.2.3")).toBe(0);
    expect(await banned("192.0.2.2", "05012345678")).toBe(0);
    // One ban, however many more fail while it runs.
    await fail("wrong", "192.0.2.2");
    await fail("wrong", "192.0.2.2");
    const bans = await db().select().from(sipBans);
    expect(bans).toHaveLength(1);
    expect(bans[0]!.until.getTime() - bans[0]!.createdAt.getTime()).toBe(15 * 60_000);
  });

  it("bans a (number, address) pair after 10 guesses on a number that is not ours too, so a ban tells nothing of which numbers exist", async () => {
    for (let i = 0; i < 9; i++) expect(await fail("unknown-user", "192.0.2.12", "05099990009")).toBe("");
    expect(await fail("unknown-user", "192.0.2.12", "05099990009")).toBe("wrong-password");
    expect(await banned("192.0.2.12", "05099990009")).toBe(1);
    // One number guessed at: no scanner ban of the address, and the demo line from it is untouched.
    expect(await banned("192.0.2.12")).toBe(0);
  });

  it("records a suspended or terminated number's attempts as `inactive`: never a scanner, still the pair rule", async () => {
    // A business behind one NAT address: five suspended lines whose phones keep registering, and an ended one.
    const suspended = ["05055550001", "05055550002", "05055550003", "05055550004", "05055550005"];
    const ended = "05055550006";
    const line = { customerId: suite.demo1, serviceKind: "b2bua" as const, sipPasswordHash: "x" };
    await db()
      .insert(ipPhoneLines)
      .values([
        ...suspended.map((number) => ({
          ...line,
          number,
          status: "suspended" as const,
          suspensionReason: "non-payment" as const,
        })),
        { ...line, number: ended, status: "terminated" as const, terminatedAt: new Date() },
      ]);
    try {
      // The registrar has no credentials for them, so it says `unknown-user`.
      for (const number of [...suspended, ended]) expect(await fail("unknown-user", "192.0.2.40", number)).toBe("");
      const recorded = await db().select().from(sipAuthFailures);
      expect(recorded.map((row) => row.class)).toEqual(Array(6).fill("inactive"));
      // The business's active line from the same address is not banned.
      expect(await banned("192.0.2.40", NUMBER)).toBe(0);
      // The pair rule as for an unknown number: a guesser cannot tell a suspended number by its ban.
      for (let i = 0; i < 8; i++) expect(await fail("unknown-user", "192.0.2.40", suspended[0])).toBe("");
      expect(await fail("unknown-user", "192.0.2.40", suspended[0])).toBe("wrong-password");
      expect(await banned("192.0.2.40", suspended[0])).toBe(1);
      expect(await banned("192.0.2.40", NUMBER)).toBe(0);
      // Neither the customer's strangers nor the guess alert count them.
      const [activity] = await lineActivity([suspended[1]!]);
      expect(activity).toMatchObject({ strangers: null, guessFlood: null });
      // A number that is not ours is still `unknown-user`, and only those (and `wrong`) count toward the scanner
      // rule: four unknown numbers on top of the six inactive ones are no scanner yet, the fifth is.
      const unknown = ["05099990001", "05099990002", "05099990003", "05099990004", "05099990005"];
      for (const number of unknown.slice(0, 4)) expect(await fail("unknown-user", "192.0.2.40", number)).toBe("");
      const classes = await rows(sql`select distinct class from sip_auth_failures where username = ${unknown[0]}`);
      expect(classes).toEqual([{ class: "unknown-user" }]);
      expect(await fail("unknown-user", "192.0.2.40", unknown[4])).toBe("scanner");
    } finally {
      await db()
        .delete(ipPhoneLines)
        .where(inArray(ipPhoneLines.number, [...suspended, ended]));
    }
  });

  it.runIf(name === "PostgreSQL")("makes one ban of 60 simultaneous wrong passwords", async () => {
    const results = await Promise.all(Array.from({ length: 60 }, () => fail("wrong", "192.0.2.2")));
    expect(results.filter((ban) => ban === "wrong-password")).toHaveLength(1);
    expect(await db().select().from(sipBans)).toHaveLength(1);
    const counted = await db().select().from(sipAuthFailures);
    expect(counted.reduce((sum, row) => sum + row.count, 0)).toBe(60);
  });

  it("bans an address that tries five lines in an hour (a scanner), for every line, for an hour", async () => {
    for (const number of ["05000000001", "05000000002", "05000000003", "05000000004"]) {
      expect(await fail("unknown-user", "198.51.100.9", number)).toBe("");
    }
    expect(await fail("wrong", "198.51.100.9", NUMBER)).toBe("scanner");
    expect(await banned("198.51.100.9", "05011112222")).toBe(1);
    expect(await banned("198.51.100.10", "05011112222")).toBe(0);
    const [ban] = await db().select().from(sipBans);
    expect(ban).toMatchObject({ username: null, reason: "scanner" });
    expect(ban!.until.getTime() - ban!.createdAt.getTime()).toBe(60 * 60_000);
  });

  it("lets bans end by themselves, and an operator lift one", async () => {
    for (let i = 0; i < 10; i++) await fail("wrong", "192.0.2.2");
    await db().execute(sql`update sip_bans set until = now() - interval '1 second'`);
    expect(await banned("192.0.2.2")).toBe(0);
    await db().execute(sql`delete from sip_auth_failures`);
    for (let i = 0; i < 10; i++) await fail("wrong", "192.0.2.2");
    expect(await banned("192.0.2.2")).toBe(1);
    const [active] = await db()
      .select()
      .from(sipBans)
      .where(sql`until > now()`);
    const [admin] = await rows(sql`select id from customers where self_care_id = 'admin0001'`);
    expect(await liftBan({ id: active!.id, by: admin!.id as string })).toMatchObject({ address: "192.0.2.2" });
    expect(await banned("192.0.2.2")).toBe(0);
    expect(await liftBan({ id: active!.id, by: admin!.id as string })).toBeUndefined();
  });

  it("shows the customer their line: strangers, the stale device, and the bans, from the records alone", async () => {
    for (let i = 0; i < 10; i++) await fail("wrong", "203.0.113.77", NUMBER, "friendly-scanner");
    await fail("previous", "192.0.2.4", NUMBER, "Grandstream HT801");
    const [line] = await lineActivity([NUMBER]);
    expect(line!.strangers).toMatchObject({
      count: 10,
      addresses: ["203.0.113.77"],
      lastUserAgent: "friendly-scanner",
    });
    expect(line!.staleDevice).toMatchObject({ count: 1, addresses: ["192.0.2.4"], lastUserAgent: "Grandstream HT801" });
    expect(line!.bans).toMatchObject([{ address: "203.0.113.77", reason: "wrong-password" }]);
    expect(line!.devices).toEqual([]);
    // The admin filter finds the line's changes (none here) and no other line is flagged.
    expect(await listChanges({ attacked: true }, undefined, 10)).toEqual([]);
  });

  it("mails the owner once a day per line about strangers and about a stale device, however often the job runs", async () => {
    for (let i = 0; i < 3; i++) await fail("wrong", "203.0.113.77");
    await fail("previous", "192.0.2.4");
    const at = new Date();
    const runs = await Promise.all(Array.from({ length: 5 }, () => sendLineNotices(at)));
    expect(runs.reduce((sum, count) => sum + count, 0)).toBe(2);
    expect(await sendLineNotices(new Date(at.getTime() + 60 * 60_000))).toBe(0);
    const mails = await db().select().from(outboxEmails).where(eq(outboxEmails.to, "demo0001@example.jp"));
    expect(new Set(mails.map((mail) => mail.subject))).toEqual(
      new Set(["【IP加入電話】以前のパスワードのままの機器があります", "【IP加入電話】不正な接続の試みがありました"]),
    );
    expect(mails.every((mail) => mail.text.includes(NUMBER))).toBe(true);
    // The next day, if it goes on, once more.
    expect(await sendLineNotices(new Date(at.getTime() + 25 * 60 * 60_000))).toBe(2);
  });

  it("keeps the records 30 days", async () => {
    await fail("wrong", "192.0.2.2");
    await fail("wrong", "192.0.2.3");
    await db().execute(
      sql`update sip_auth_failures set minute = now() - interval '31 days' where address = '192.0.2.2'`,
    );
    expect(await forgetOldAttempts(30 * 24 * 60 * 60_000)).toBe(1);
    expect((await db().select().from(sipAuthFailures)).map((row) => row.address)).toEqual(["192.0.2.3"]);
  });

  it("keeps whatever text a request carries out of the SQL, and cuts it", async () => {
    await fail("unknown-user", "192.0.2.5", "x'); drop table customers; --", "a'b\"c\\d".repeat(100));
    const [row] = await db().select().from(sipAuthFailures);
    expect(row!.username).toBe("x'); drop table customers; --");
    expect(row!.userAgent.length).toBe(200);
    expect((await rows(sql`select count(*)::integer as n from customers`))[0]!.n).toBeGreaterThan(0);
  });
});
