import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditEvents, customers, mailQueue, passkeys, rateLimits, sipAuthFailures, sipBans } from "@/db/schema";
import { takeOne } from "@/lib/rate-limit";
import { demoDatabase, testTargets } from "@/test/databases";
import { accountLocks } from "./account-locks";
import { signInSummary } from "./sign-ins";
import {
  changeCustomerEmail,
  endCustomerSessions,
  liftCustomerBan,
  recordCustomerView,
  removeCustomerPasskeys,
  unlockAccount,
} from "./support-actions";

const now = new Date("2026-11-24T05:00:00Z");
const meta = { ip: "198.51.100.40", userAgent: "vitest" };

describe.each(testTargets())("the support desk's steps on $name", ({ open }) => {
  const suite = demoDatabase({ open, clear: [rateLimits, auditEvents, mailQueue, sipBans, sipAuthFailures, passkeys] });
  const row = async (selfCareId: string) =>
    (await suite.database.db.select().from(customers).where(eq(customers.selfCareId, selfCareId)))[0]!;
  const operator = async () => ({ id: (await row("support0001")).id, name: "サポート 一号" });
  const act = async (ticket?: string) => ({
    operator: await operator(),
    why: { reason: "お客様からの電話", ...(ticket ? { ticket } : {}) },
    meta,
    now,
  });
  const events = (type: string) =>
    suite.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.customerId, suite.demo2), eq(auditEvents.type, type as "signout")));

  it("sees a lock (why, until when) and an unlock clears it, audited with the operator, reason and ticket", async () => {
    const customer = await row("demo0002");
    for (let i = 0; i < 10; i++) await takeOne("loginFailuresPerId", "demo0002", now);
    const locked = await accountLocks(customer, now);
    expect(locked.locked).toBe(true);
    expect(locked.lockedUntil).toEqual(new Date(now.getTime() + 15 * 60_000));
    expect(locked.locks.find((lock) => lock.locked)!.why).toBe("セルフケアパスワードの誤り（15分間に10回まで）");

    expect(await unlockAccount(customer, await act("INC-1"))).toBe(1);
    expect((await accountLocks(customer, now)).locked).toBe(false);
    expect((await takeOne("loginFailuresPerId", "demo0002", now)).count).toBe(1);
    const [unlocked] = await events("operator.unlocked");
    expect(unlocked).toMatchObject({
      operatorId: (await operator()).id,
      detail: { operator: "サポート 一号", reason: "お客様からの電話", ticket: "INC-1", cleared: 1 },
    });
  });

  it("changes the email, telling the old and the new address, and audits both addresses masked", async () => {
    const customer = await row("demo0002");
    expect(await changeCustomerEmail(customer, "new.address@example.jp", await act())).toBe(true);
    expect((await row("demo0002")).email).toBe("new.address@example.jp");
    const mails = await suite.database.db.select().from(mailQueue).where(eq(mailQueue.customerId, suite.demo2));
    expect(mails.map((mail) => [mail.template, mail.to]).sort()).toEqual([
      ["email-changed-new", "new.address@example.jp"],
      ["email-changed-old", "demo0002@example.jp"],
    ]);
    const [changed] = await events("operator.email-changed");
    expect(changed!.detail).toMatchObject({ from: "d***2@example.jp", to: "n***s@example.jp" });
    // The same address again changes nothing and tells nobody.
    expect(await changeCustomerEmail({ ...customer, email: "x" }, "new.address@example.jp", await act())).toBe(false);
    expect(await suite.database.db.select().from(mailQueue)).toHaveLength(2);
  });

  it("ends every session (the version moves on), records views, and knows who may still be signed in", async () => {
    const customer = await row("demo0002");
    await suite.database.db
      .insert(auditEvents)
      .values({ type: "login.succeeded", customerId: suite.demo2, at: new Date(now.getTime() - 60_000) });
    expect((await signInSummary(suite.demo2, now)).mayBeLive).toBe(1);
    await endCustomerSessions(customer, await act());
    expect((await row("demo0002")).sessionVersion).toBe(customer.sessionVersion + 1);
    expect((await signInSummary(suite.demo2, new Date(now.getTime() + 1000))).mayBeLive).toBe(0);
    expect((await events("admin.force-signout"))[0]).toMatchObject({ operatorId: (await operator()).id });
    expect(await removeCustomerPasskeys(customer, await act())).toBe(0);

    await recordCustomerView(suite.demo2, { operator: await operator(), meta, now });
    expect(await events("operator.viewed-customer")).toHaveLength(1);
  });

  it("lifts a ban on the customer's own line only", async () => {
    const until = new Date(Date.now() + 60 * 60_000);
    const [theirs, another] = await suite.database.db
      .insert(sipBans)
      .values([
        { username: "05011112222", address: "192.0.2.7", reason: "wrong-password", until },
        { username: "05012345678", address: "192.0.2.8", reason: "wrong-password", until },
      ])
      .returning();
    const stamp = { ...(await act()), customerId: suite.demo2 };
    expect(await liftCustomerBan(["05011112222"], another!.id, stamp)).toBe(false);
    expect(await liftCustomerBan(["05011112222"], theirs!.id, stamp)).toBe(true);
    expect(await liftCustomerBan(["05011112222"], theirs!.id, stamp)).toBe(false);
    expect(await events("admin.ban-lifted")).toHaveLength(1);
  });

  it("never lifts a source's ban over every line (a scanner's), even one that tried this customer's number", async () => {
    const until = new Date(Date.now() + 60 * 60_000);
    const [scanner] = await suite.database.db
      .insert(sipBans)
      .values({ username: null, address: "192.0.2.9", reason: "scanner", until })
      .returning();
    await suite.database.db.insert(sipAuthFailures).values({
      username: "05011112222",
      address: "192.0.2.9",
      class: "wrong",
      minute: new Date(Math.floor(Date.now() / 60_000) * 60_000),
      port: 5060,
    });
    const stamp = { ...(await act()), customerId: suite.demo2 };
    expect(await liftCustomerBan(["05011112222"], scanner!.id, stamp)).toBe(false);
    const [still] = await suite.database.db.select().from(sipBans).where(eq(sipBans.id, scanner!.id));
    expect(still!.liftedAt).toBeNull();
  });
});
