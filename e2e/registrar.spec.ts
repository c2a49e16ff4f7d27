// The two ways of changing proven against the real call control: Kamailio (deploy/kamailio/kamailio.cfg)
// authenticates REGISTER and INVITE against what the portal writes, SIPp plays the customer's phones, a thief's
// phone, another line and the carrier's gateway. Routine: the old password keeps registering and calling through the
// reflection and the grace, until a device registers with the new one or the grace ends. Emergency: the old password
// and every registration go at the request. And nothing is relayed for anyone without credentials.
// scripts/test-e2e.mjs installs the packages and prepares the database.
//
// The registrar compares the grace with the database's clock, so the portal's test clock is set to tomorrow (Japan
// time): a grace measured from that reflection is still running in the database. The end of a grace is reached by
// moving the line's previous_until into the past, which is what 72 hours passing does.
import type { APIRequestContext, Browser } from "@playwright/test";
import postgres from "postgres";
import {
  demo,
  expect,
  expectNoSeriousViolations,
  fillChange,
  latestMail,
  setClock,
  signIn,
  test,
  testSecretHeader,
} from "./fixtures";
import { answerOne, call, register } from "./registrar";
import { startServer, type Server } from "./servers";
import { freeUdpPort, startKamailio, type Registrar } from "../test/kamailio";
import { serverSecrets } from "../test/server-env.mjs";

const portalDatabase = process.env.REGISTRAR_PORTAL_DATABASE_URL;
const registrarDatabase = process.env.REGISTRAR_DATABASE_URL;
const DOMAIN = "sip.example.jp";
const FOREIGN = "0312345678";
const { CRON_SECRET } = serverSecrets;

/** Tomorrow in Japan time at `time` (HH:MM): after the database's now, as a test clock must be here. */
function tomorrow(time: string): Date {
  const jstToday = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  const day = new Date(new Date(`${jstToday}T00:00:00Z`).getTime() + 24 * 3_600_000).toISOString().slice(0, 10);
  return new Date(`${day}T${time}:00+09:00`);
}

const lines = [
  {
    kind: "ip-phone",
    account: demo.customer,
    number: "05012345678",
    old: "abcd1234",
    next: "k7m2x9qa",
    requestAt: tomorrow("14:00"),
    reflectionAt: tomorrow("14:15"),
  },
  {
    kind: "b2bua",
    account: demo.customer,
    number: "05087654321",
    old: "pass5678",
    next: "q8w3n5zt",
    requestAt: tomorrow("14:00"),
    reflectionAt: tomorrow("17:30"),
  },
  {
    kind: "b2bua-opengate",
    account: demo.other,
    number: "05011112222",
    old: "open2222",
    next: "m4r7t2wx",
    requestAt: tomorrow("20:10"),
    reflectionAt: tomorrow("21:30"),
  },
] as const;
type Line = (typeof lines)[number];
const [ipPhone, b2bua, openGate] = lines;

test.describe("the real call control", () => {
  test.skip(
    !portalDatabase || !registrarDatabase,
    `Kamailio and SIPp are not available: ${process.env.REGISTRAR_SKIPPED ?? "run the suite with npm run test:e2e, which prepares them"}`,
  );
  test.describe.configure({ mode: "serial" });

  let server: Server;
  let kamailio: Registrar;
  let gatewayPort: number;
  let address = 200;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startServer(3107, {
      DATABASE_URL: portalDatabase,
      DATA_DIR: undefined,
      REGISTRATION_CHECK: "on",
      REGISTRATION_REMINDER_MINUTES: "60",
    });
    gatewayPort = await freeUdpPort();
    kamailio = await startKamailio({
      databaseUrl: registrarDatabase!,
      sipDomain: DOMAIN,
      gateway: `127.0.0.1:${gatewayPort}`,
    });
  });
  test.afterAll(async () => {
    await kamailio?.stop();
    server?.stop();
  });

  /** A browser of this test's own on the registrar's portal, from an address of its own, with the demo data reset. */
  async function portal(browser: Browser) {
    address += 1;
    const context = await browser.newContext({
      baseURL: server.baseURL,
      extraHTTPHeaders: { ...testSecretHeader, "X-Forwarded-For": `198.51.100.${address}` },
    });
    expect((await context.request.post("/api/test/demo-data")).ok()).toBe(true);
    return { context, api: context.request, page: await context.newPage() };
  }
  const phone = (line: Line, password: string, port?: number) =>
    register(kamailio, { number: line.number, password, domain: DOMAIN, userAgent: `E2E-Phone/${line.kind}`, port });
  /** A phone (or a stranger) on another loopback address: 127.0.0.2, .3, … */
  const phoneFrom = (line: { number: string; kind: string }, password: string, from: string) =>
    register(kamailio, { number: line.number, password, domain: DOMAIN, userAgent: `E2E-Phone/${line.kind}`, from });
  /** The mails about `number` whose subject has `subject` (the mailbox keeps earlier tests' mail). */
  const mailsWith = async (api: APIRequestContext, subject: string, number: string) =>
    (await (await api.get("/dev/mailbox")).text())
      .split('data-testid="mail"')
      .slice(1)
      .map((item) => item.split("</li>")[0]!)
      .filter((mail) => mail.includes(subject) && mail.includes(number));
  /** A call from `line` to a number of another network: the gateway (SIPp) must answer it for a 200. */
  const callOut = async (line: Line, password: string) => {
    const gateway = await answerOne(gatewayPort);
    const answer = await call(kamailio, { caller: line.number, password, callee: FOREIGN, domain: DOMAIN });
    const reached = await gateway.stop();
    expect(reached).toBe(answer === 200);
    return answer;
  };
  /** A call from another line to `line`'s number: a 200 only when the device registered on `devicePort` answers. */
  const callIn = async (line: Line, devicePort: number) => {
    const caller = line === openGate ? ipPhone : openGate;
    const device = await answerOne(devicePort);
    const answer = await call(kamailio, {
      caller: caller.number,
      password: caller.old,
      callee: line.number,
      domain: DOMAIN,
    });
    expect(await device.stop()).toBe(answer === 200);
    return answer;
  };
  const runJob = async (api: APIRequestContext) => {
    const response = await api.get("/api/cron/reflect", { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
    expect(response.status()).toBe(200);
    return (await response.json()) as { reflected: number };
  };
  /** The job at the line's reflection time applies its change. */
  const reflect = async (api: APIRequestContext, line: Line) => {
    await setClock(api, line.reflectionAt);
    expect((await runJob(api)).reflected).toBe(1);
  };
  /** What 72 hours passing does to the line's grace, in the database the registrar reads. */
  const endGrace = async (line: Line) => {
    const sql = postgres(portalDatabase!, { max: 1, onnotice: () => {} });
    try {
      await sql`update sip_credentials set previous_until = now() - interval '1 second' where username = ${line.number}`;
    } finally {
      await sql.end();
    }
  };
  /** The retired-password attempts on `line` from `address` the registrar has recorded. */
  const previousAttemptsFrom = async (line: Line, address: string) => {
    const sql = postgres(portalDatabase!, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql`select coalesce(sum(count), 0)::integer as n from sip_auth_failures
        where username = ${line.number} and address = ${address} and class = 'previous'`;
      return Number(row!.n);
    } finally {
      await sql.end();
    }
  };
  /** Kamailio keeps whole seconds: a registration counts from the second after the write (db/queries/registrations). */
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));
  /** The customer of `line` changes its password on the portal (whose demo data portal() has reset). */
  const change = async ({ api, page }: Awaited<ReturnType<typeof portal>>, line: Line, { emergency = false } = {}) => {
    await setClock(api, line.requestAt);
    // Each journey signs the same customers in again (and an emergency one mails a step-up code): fresh allowances.
    expect((await api.delete("/api/test/rate-limits")).ok()).toBe(true);
    await signIn(page, api, line.account);
    await page.goto("/ip-phone/password");
    await fillChange(
      page,
      { number: line.number, current: line.old, next: line.next, emergency },
      { request: api, email: line.account.email },
    );
    await expect(page).toHaveURL(/\/complete\//);
  };

  for (const line of lines) {
    test(`${line.kind}, routine: no interruption; the new password from the reflection time, the old one until a device registers with the new`, async ({
      browser,
    }) => {
      test.setTimeout(90_000);
      const session = await portal(browser);
      const { context, api, page } = session;
      const devicePort = await freeUdpPort();
      expect(await phone(line, line.old, devicePort)).toBe(200);
      expect(await phone(line, line.next)).toBe(403);

      await change(session, line);
      await expect(page.getByTestId("outage")).toHaveText("ありません");
      await expect(page.getByTestId("switch-mode")).toHaveText("通常");
      // Accepted, not reflected: the old password registers and calls; the new one is refused.
      expect(await phone(line, line.old, devicePort)).toBe(200);
      expect(await callOut(line, line.old)).toBe(200);
      expect(await phone(line, line.next)).toBe(403);

      // A second before the reflection time the job leaves it alone.
      await setClock(api, new Date(line.reflectionAt.getTime() - 1_000));
      expect((await runJob(api)).reflected).toBe(0);
      expect(await phone(line, line.next)).toBe(403);

      await reflect(api, line);
      await nextSecond();
      // Right after the reflection both work: the device still on the old password keeps its line.
      expect(await phone(line, line.old, devicePort)).toBe(200);
      expect(await callOut(line, line.old)).toBe(200);
      expect(await callIn(line, devicePort)).toBe(200);
      await page.reload();
      await expect(page.getByTestId("device-registration")).toContainText("まだ確認できていません");
      await expect(page.getByTestId("timeline-old")).toContainText("新しいパスワードで機器を登録するまで使えます");

      // The device is updated: from then on only the new password works, for REGISTER and INVITE.
      expect(await phone(line, line.next, devicePort)).toBe(200);
      expect(await callOut(line, line.next)).toBe(200);
      expect(await phone(line, line.old)).toBe(403);
      expect(await callOut(line, line.old)).toBe(403);
      await page.reload();
      await expect(page.getByTestId("device-registration")).toContainText("新しいパスワードで機器の登録を確認しました");
      await expect(page.getByTestId("device-registration")).toContainText(`機器：E2E-Phone/${line.kind}`);
      await expect(page.getByTestId("timeline-old")).toContainText(
        "に使えなくなりました（新しいパスワードで機器が登録されたため）",
      );
      await page.goto("/ip-phone/password/history");
      await expect(page.getByTestId("history-device").first()).toContainText("機器の登録を確認済み");
      await expect(page.getByTestId("history-mode").first()).toContainText("に停止（新しいパスワードで登録）");
      await context.close();
    });
  }

  test("routine: when the grace ends without an update, the old password stops and its registrations are gone", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const line = b2bua;
    const session = await portal(browser);
    const { context, api, page } = session;
    const devicePort = await freeUdpPort();
    expect(await phone(line, line.old, devicePort)).toBe(200);
    await change(session, line);
    // A second device set up with the new password too early: refused until the reflection, never banned, and
    // shown as the customer's own.
    for (let i = 0; i < 12; i++) expect(await phoneFrom(line, line.next, "127.0.0.7")).toBe(403);
    await page.goto(`/ip-phone/devices?number=${line.number}`);
    await expect(page.getByTestId("early-device")).toContainText(
      "反映前の新しいパスワードで接続しようとしている機器があります",
    );
    await expect(page.getByTestId("strangers")).toContainText("ありません");
    await page.goBack();
    await reflect(api, line);
    await page.reload();
    await expect(page.getByTestId("timeline-old")).toContainText("遅くとも");

    // During the grace (the registrar's clock is well inside it): the old password registers, calls and is called.
    expect(await phone(line, line.old, devicePort)).toBe(200);
    expect(await callOut(line, line.old)).toBe(200);
    expect(await callIn(line, devicePort)).toBe(200);
    const mail = await latestMail(api, line.account.email, "新しいIP加入電話パスワードが有効になりました");
    expect(mail).toContain("までに、IP電話対応機器の設定を新しいパスワードに変更してください");

    await endGrace(line);
    expect(await phone(line, line.old)).toBe(403);
    expect(await callOut(line, line.old)).toBe(403);
    // The device that registered with the old password no longer receives the line's calls.
    expect(await callIn(line, devicePort)).toBe(404);
    expect(await phone(line, line.next, devicePort)).toBe(200);
    expect(await callIn(line, devicePort)).toBe(200);
    // The device set up early was never banned: it registers as soon as the password works.
    expect(await phoneFrom(line, line.next, "127.0.0.7")).toBe(200);
    await context.close();
  });

  test("emergency: the old password and every registration go at the request; the new password works from the reflection", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const line = ipPhone;
    const session = await portal(browser);
    const { context, api, page } = session;
    const devicePort = await freeUdpPort();
    const thiefPort = await freeUdpPort();
    expect(await phone(line, line.old, devicePort)).toBe(200);
    expect(await phone(line, line.old, thiefPort)).toBe(200);
    expect(await callIn(line, devicePort)).toBe(200);

    await change(session, line, { emergency: true });
    await expect(page.getByTestId("headline")).toContainText("今のパスワードは使えなくなりました");
    await expect(page.getByTestId("switch-mode")).toHaveText("緊急");
    await expect(page.getByTestId("outage")).toHaveText(/^14:00 ～ 14:15$/);
    await expect(page.getByTestId("no-cancel")).toContainText("緊急の変更は取り消せません");
    await expect(page.getByRole("button", { name: "この変更を取り消す" })).toHaveCount(0);

    // At once, before the reflection: the old password is refused, and no device receives the line's calls.
    expect(await phone(line, line.old, thiefPort)).toBe(403);
    expect(await callOut(line, line.old)).toBe(403);
    expect(await callIn(line, devicePort)).toBe(404);
    expect(await callIn(line, thiefPort)).toBe(404);
    expect(await phone(line, line.next)).toBe(403);

    await reflect(api, line);
    expect(await phone(line, line.next, devicePort)).toBe(200);
    expect(await callOut(line, line.next)).toBe(200);
    expect(await callIn(line, devicePort)).toBe(200);
    expect(await phone(line, line.old, thiefPort)).toBe(403);
    expect(await callOut(line, line.old)).toBe(403);
    await page.reload();
    await expect(page.getByTestId("timeline-old")).toContainText("お手続きの時点）から使えません");
    await context.close();
  });

  test("no relay: a call without credentials, from a stranger's domain, or to another network with no gateway is refused", async ({
    browser,
  }) => {
    test.setTimeout(60_000);
    // The demo data as documented, so the right password below is right and only the rule under test can refuse.
    const { context } = await portal(browser);
    expect(await callOut(b2bua, b2bua.old)).toBe(200);
    // Without credentials: challenged, never relayed, to another network or to one of our lines.
    const gateway = await answerOne(gatewayPort);
    expect(await call(kamailio, { caller: b2bua.number, password: null, callee: FOREIGN, domain: DOMAIN })).toBe(407);
    expect(await call(kamailio, { caller: b2bua.number, password: null, callee: ipPhone.number, domain: DOMAIN })).toBe(
      407,
    );
    // A caller that is not one of our lines' domain.
    expect(
      await call(kamailio, { caller: b2bua.number, password: b2bua.old, callee: FOREIGN, domain: "evil.example" }),
    ).toBe(403);
    expect(await gateway.stop()).toBe(false);

    // The same config started without a gateway: an authenticated call to another network has nowhere to go.
    const isolated = await startKamailio({ databaseUrl: registrarDatabase!, sipDomain: DOMAIN });
    try {
      expect(await call(isolated, { caller: b2bua.number, password: b2bua.old, callee: FOREIGN, domain: DOMAIN })).toBe(
        403,
      );
    } finally {
      await isolated.stop();
    }
    await context.close();
  });

  test("a guesser from one address is refused there alone, even with the right password; the customer sees it and is told once, and an operator lifts the ban", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    const line = b2bua;
    const session = await portal(browser);
    const { context, api, page } = session;
    await change(session, line);
    for (let i = 0; i < 12; i++) expect(await phoneFrom(line, `guess${i}zz`, "127.0.0.2")).toBe(403);
    // Banned: refused before any challenge, the right password included; the same line from elsewhere is not.
    expect(await phoneFrom(line, line.old, "127.0.0.2")).toBe(403);
    expect(await phoneFrom(line, line.old, "127.0.0.3")).toBe(200);

    await page.goto(`/ip-phone/devices?number=${line.number}`);
    const strangers = page.getByTestId("strangers");
    await expect(strangers).toContainText("10回");
    await expect(strangers).toContainText("127.0.*.*");
    await expect(page.getByTestId("bans")).toContainText("まで拒否しています");
    await expect(page.getByTestId("device")).toContainText("現在のパスワード");
    await expect(page.getByText("127.0.0.2")).toHaveCount(0);
    await expectNoSeriousViolations(page, "/ip-phone/devices with devices, attempts and a ban");
    await page.getByRole("link", { name: "この番号のパスワードを緊急で変更する" }).click();
    await expect(page.getByLabel("IP加入電話番号", { exact: true })).toHaveValue(line.number);
    await expect(page.getByLabel("緊急（パスワードが漏れたおそれがある場合）")).toBeChecked();

    // One notice a day, however often the scheduled work runs.
    // Two days on, so an earlier test's notice of the day does not count against this one.
    await setClock(api, new Date(line.requestAt.getTime() + 2 * 24 * 3_600_000));
    const earlier = (await mailsWith(api, "不正な接続の試み", line.number)).length;
    await runJob(api);
    await runJob(api);
    expect(await mailsWith(api, "不正な接続の試み", line.number)).toHaveLength(earlier + 1);

    // The customer's session has ended with the two days; the operator signs in on this browser.
    await context.clearCookies();
    await signIn(page, api, demo.admin);
    await page.goto(`/admin/changes?status=all&attempts=1&q=${line.number}`);
    await expect(page.getByTestId("change-row")).toHaveCount(1);
    await page.getByTestId("change-row").getByRole("link").first().click();
    await expect(page.getByTestId("admin-attempts")).toContainText("誤ったパスワード：10回");
    await expect(page.getByTestId("admin-attempts")).toContainText("127.0.0.2");
    // Lifting it is a step on the customer's page, with a reason.
    await page.getByRole("link", { name: "お客様のページを開く" }).click();
    const bans = page.getByTestId("admin-bans");
    await bans.getByLabel("理由", { exact: true }).selectOption("お客様からの電話");
    await bans.getByRole("button", { name: "拒否を解除する" }).click();
    await expect(page.getByText("接続拒否を解除しました。")).toBeVisible();
    await expect(page.getByTestId("audit-trail")).toContainText("接続拒否を管理者が解除");
    // The registrar reloads the bans in force every 5 seconds: the lift reaches it within that.
    await expect.poll(() => phoneFrom(line, line.old, "127.0.0.2"), { timeout: 12_000, intervals: [1_000] }).toBe(200);
    await context.close();
  });

  test("a device still on a retired password is never banned, is shown as the customer's own, and registers the moment it is updated", async ({
    browser,
  }) => {
    test.setTimeout(180_000);
    const line = openGate;
    const session = await portal(browser);
    const { context, api, page } = session;
    await change(session, line);
    await reflect(api, line);
    await endGrace(line);
    for (let i = 0; i < 20; i++) expect(await phoneFrom(line, line.old, "127.0.0.4")).toBe(403);

    // The first attempt is recorded at once; the registrar adds up the rest in memory and sends them when the
    // minute's count expires, a minute after the first.
    await expect.poll(() => previousAttemptsFrom(line, "127.0.0.4"), { timeout: 90_000, intervals: [5_000] }).toBe(20);
    await page.goto(`/ip-phone/devices?number=${line.number}`);
    const stale = page.getByTestId("stale-device");
    await expect(stale).toContainText("以前のパスワードで接続しようとしている機器があります");
    // The line's total: these 20, and any an earlier test's device made in the last day.
    const total = Number(/（(\d+)回）/.exec((await stale.textContent()) ?? "")?.[1]);
    expect(total).toBeGreaterThanOrEqual(20);
    await expect(stale).toContainText(`E2E-Phone/${line.kind}`);
    await expect(page.getByTestId("strangers")).toContainText("ありません");
    await expect(page.getByTestId("bans")).toHaveCount(0);
    expect(await phoneFrom(line, line.next, "127.0.0.4")).toBe(200);
    await page.reload();
    await expect(page.getByTestId("device")).toContainText("現在のパスワード");
    // Two days on (the customer's session has ended by then; the mail is read from the mailbox).
    await setClock(api, new Date(line.requestAt.getTime() + 2 * 24 * 3_600_000));
    const earlier = (await mailsWith(api, "以前のパスワードのままの機器があります", line.number)).length;
    await runJob(api);
    await runJob(api);
    expect(await mailsWith(api, "以前のパスワードのままの機器があります", line.number)).toHaveLength(earlier + 1);
    await context.close();
  });

  test("an address that tries five lines in an hour is refused for every line, and no other address is", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const { context } = await portal(browser);
    for (const number of ["05099990001", "05099990002", "05099990003", "05099990004"]) {
      expect(await phoneFrom({ number, kind: "b2bua" }, "scan1234", "127.0.0.5")).toBe(403);
    }
    expect(await phoneFrom(b2bua, "scan1234", "127.0.0.5")).toBe(403);
    // The fifth line made it a scanner: refused now for the lines' right passwords too, from that address only.
    expect(await phoneFrom(ipPhone, ipPhone.old, "127.0.0.5")).toBe(403);
    expect(await phoneFrom(openGate, openGate.old, "127.0.0.5")).toBe(403);
    expect(await phoneFrom(ipPhone, ipPhone.old, "127.0.0.6")).toBe(200);
    await context.close();
  });

  test("the admin sees which reflected changes await a device, the customer is reminded once, and a registrar that is down does not touch the portal", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const line = b2bua;
    const session = await portal(browser);
    const { context, api, page } = session;
    await change(session, line);
    await reflect(api, line);
    await page.getByRole("button", { name: "ログアウト", exact: true }).click();
    await expect(page).toHaveURL(/\/login\?signedOut/);

    await signIn(page, api, demo.admin);
    await page.goto(`/admin/changes?status=reflected-unregistered&q=${line.number}`);
    await expect(page.getByTestId("change-row")).toHaveCount(1);
    await expect(page.getByTestId("row-device")).toHaveText("機器未登録");

    // An hour on, still no device: one reminder, however often the job runs.
    await setClock(api, new Date(line.reflectionAt.getTime() + 61 * 60_000));
    await runJob(api);
    await runJob(api);
    // Each mail's own list item (the page's script repeats the text after the last one).
    const mails = (await (await api.get("/dev/mailbox")).text())
      .split('data-testid="mail"')
      .slice(1)
      .map((item) => item.split("</li>")[0]!);
    expect(mails.filter((mail) => mail.includes("機器の設定をご確認ください"))).toHaveLength(1);
    expect(await latestMail(api, line.account.email, "機器の設定をご確認ください")).toContain(line.number);

    await nextSecond();
    expect(await phone(line, line.next)).toBe(200);
    await page.reload();
    await expect(page.getByTestId("change-row")).toHaveCount(0);
    await page.goto(`/admin/changes?status=reflected&q=${line.number}`);
    await expect(page.getByTestId("row-device")).toContainText("機器登録済み");
    await page.getByTestId("change-row").getByRole("link").first().click();
    await expect(page.getByText("以前のパスワードは")).toContainText("に停止（新しいパスワードで登録）");

    // The registrar goes down: SIP goes unanswered, the portal carries on (it talks only to the database).
    await kamailio.stop();
    await expect(phone(line, line.next)).rejects.toThrow();
    const response = await page.goto(`/admin/changes?status=all&q=${line.number}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("row-device").first()).toContainText("機器登録済み");
    await context.close();
  });
});
