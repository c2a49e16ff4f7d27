// The reflection proven against a real SIP registrar: Kamailio (deploy/kamailio/kamailio.cfg) authenticates REGISTER
// against what the reflection job writes, and SIPp plays the customer's phone. Before the reflection time the old
// password registers and the new one is refused; after the job, the other way round; and the portal sees the device
// come back. For each service kind. scripts/test-e2e.mjs installs the packages and prepares the database.
import type { APIRequestContext, Browser } from "@playwright/test";
import { demo, expect, fillChange, latestMail, setClock, signIn, test, testSecretHeader } from "./fixtures";
import { register, startKamailio, type Registrar } from "./registrar";
import { startServer, type Server } from "./servers";
import { serverSecrets } from "../test/server-env.mjs";

const portalDatabase = process.env.REGISTRAR_PORTAL_DATABASE_URL;
const registrarDatabase = process.env.REGISTRAR_DATABASE_URL;
const DOMAIN = "sip.example.jp";
const { CRON_SECRET } = serverSecrets;
const jst = (local: string) => new Date(`${local}+09:00`);

const lines = [
  {
    kind: "ip-phone",
    account: demo.customer,
    number: "05012345678",
    old: "abcd1234",
    next: "k7m2x9qa",
    requestAt: jst("2026-11-24T14:00:00"),
    reflectionAt: jst("2026-11-24T14:15:00"),
  },
  {
    kind: "b2bua",
    account: demo.customer,
    number: "05087654321",
    old: "pass5678",
    next: "q8w3n5zt",
    requestAt: jst("2026-11-24T14:00:00"),
    reflectionAt: jst("2026-11-24T17:30:00"),
  },
  {
    kind: "b2bua-opengate",
    account: demo.other,
    number: "05011112222",
    old: "open2222",
    next: "m4r7t2wx",
    requestAt: jst("2026-11-24T20:10:00"),
    reflectionAt: jst("2026-11-24T21:30:00"),
  },
] as const;
type Line = (typeof lines)[number];

test.describe("the real SIP registrar", () => {
  test.skip(
    !portalDatabase || !registrarDatabase,
    `Kamailio and SIPp are not available: ${process.env.REGISTRAR_SKIPPED ?? "run the suite with npm run test:e2e, which prepares them"}`,
  );
  test.describe.configure({ mode: "serial" });

  let server: Server;
  let kamailio: Registrar;
  let address = 200;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    server = await startServer(3107, {
      DATABASE_URL: portalDatabase,
      DATA_DIR: undefined,
      REGISTRATION_CHECK: "on",
      REGISTRATION_REMINDER_MINUTES: "60",
    });
    kamailio = await startKamailio({ databaseUrl: registrarDatabase!, sipDomain: DOMAIN });
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
  const phone = (line: Line, password: string) =>
    register(kamailio, { number: line.number, password, domain: DOMAIN, userAgent: `E2E-Phone/${line.kind}` });
  const runJob = async (api: APIRequestContext) => {
    const response = await api.get("/api/cron/reflect", { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
    expect(response.status()).toBe(200);
    return (await response.json()) as { reflected: number };
  };
  /** Kamailio keeps whole seconds: a registration counts from the second after the write (db/queries/registrations). */
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_100));

  for (const line of lines) {
    test(`${line.kind}: the new password works exactly from the reflection time, and the portal sees the device`, async ({
      browser,
    }) => {
      test.setTimeout(90_000);
      const { context, api, page } = await portal(browser);
      expect(await phone(line, line.old)).toBe(200);
      expect(await phone(line, line.next)).toBe(403);

      await setClock(api, line.requestAt);
      await signIn(page, api, line.account);
      await page.goto("/ip-phone/password");
      await fillChange(page, { number: line.number, current: line.old, next: line.next });
      await expect(page).toHaveURL(/\/complete\//);
      // Accepted, not reflected: the call-control system still has the old password.
      expect(await phone(line, line.old)).toBe(200);
      expect(await phone(line, line.next)).toBe(403);

      // A second before the reflection time the job leaves it alone.
      await setClock(api, new Date(line.reflectionAt.getTime() - 1_000));
      expect((await runJob(api)).reflected).toBe(0);
      expect(await phone(line, line.next)).toBe(403);

      await setClock(api, line.reflectionAt);
      expect((await runJob(api)).reflected).toBe(1);
      await nextSecond();
      await page.reload();
      await expect(page.getByTestId("device-registration")).toContainText("まだ確認できていません");

      expect(await phone(line, line.old)).toBe(403);
      expect(await phone(line, line.next)).toBe(200);
      await page.reload();
      await expect(page.getByTestId("device-registration")).toContainText("新しいパスワードで機器の登録を確認しました");
      await expect(page.getByTestId("device-registration")).toContainText(`機器：E2E-Phone/${line.kind}`);
      await page.goto("/ip-phone/password/history");
      await expect(page.getByTestId("history-device").first()).toContainText("機器の登録を確認済み");
      await context.close();
    });
  }

  test("the admin sees which reflected changes await a device, the customer is reminded once, and a registrar that is down does not touch the portal", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    const line = lines[1];
    const { context, api, page } = await portal(browser);
    await setClock(api, line.requestAt);
    await signIn(page, api, line.account);
    await page.goto("/ip-phone/password");
    await fillChange(page, { number: line.number, current: line.old, next: line.next });
    await expect(page).toHaveURL(/\/complete\//);
    await setClock(api, line.reflectionAt);
    expect((await runJob(api)).reflected).toBe(1);
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

    // The registrar goes down: SIP goes unanswered, the portal carries on (it talks only to the database).
    await kamailio.stop();
    await expect(phone(line, line.next)).rejects.toThrow();
    const response = await page.goto(`/admin/changes?status=all&q=${line.number}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByTestId("row-device").first()).toContainText("機器登録済み");
    await context.close();
  });
});
