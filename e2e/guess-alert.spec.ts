// A password-guessing flood spread over many addresses, each below the registrar's bans: the customer's
// 「機器の接続状況」 says so with what to do, the owner is mailed once a day, and the console flags the line and filters
// on it. The registrar's records are written straight into a PostgreSQL database of this spec's own (no Kamailio
// needed: e2e/registrar.spec.ts proves how they are recorded), with a portal server on it with REGISTRATION_CHECK=on.
import type { APIRequestContext, Browser } from "@playwright/test";
import postgres from "postgres";
import { demo, expect, expectNoSeriousViolations, signIn, test, testSecretHeader } from "./fixtures";
import { seededDatabase, startServer, type Server } from "./servers";
import { serverSecrets } from "../test/server-env.mjs";

// "test" in the name: the portal's test mode runs only on a throwaway database.
const DATABASE = "selfcare_guess_alert_test";
const FLOODED = "05087654321";
const QUIET = "05012345678";
const SUBJECT = "パスワードを推測しようとする試みが続いています";

test.describe("a guessing flood from many addresses", () => {
  test.describe.configure({ mode: "serial" });
  let server: Server;
  let sql: postgres.Sql;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const url = await seededDatabase(DATABASE);
    test.skip(!url, "no PostgreSQL answers on 127.0.0.1:5432 and none can be installed here");
    sql = postgres(url!, { max: 1, onnotice: () => {} });
    server = await startServer(3108, { DATABASE_URL: url!, DATA_DIR: undefined, REGISTRATION_CHECK: "on" });
  });
  test.afterAll(async () => {
    server?.stop();
    await sql?.end();
  });

  /** `perAddress` wrong passwords from each of `addresses` addresses on `number`, this minute by the database's clock. */
  const guesses = (number: string, addresses: number, perAddress: number) => sql`
    insert into sip_auth_failures (username, address, class, minute, count, port)
    select ${number}, '203.0.113.' || g, 'wrong', date_trunc('minute', now()), ${perAddress}, 5060
    from generate_series(1, ${addresses}) g`;

  async function portal(browser: Browser, options: { javaScriptEnabled?: boolean } = {}) {
    const context = await browser.newContext({
      ...options,
      baseURL: server.baseURL,
      extraHTTPHeaders: { ...testSecretHeader, "X-Forwarded-For": "198.51.100.77" },
    });
    return { context, api: context.request, page: await context.newPage() };
  }
  const floodMails = async (api: APIRequestContext) =>
    (await (await api.get("/dev/mailbox")).text())
      .split('data-testid="mail"')
      .slice(1)
      // Each mail ends with its item: the page's payload after the last one repeats every mail's text.
      .map((item) => item.split("</li>")[0]!)
      .filter((mail) => mail.includes(SUBJECT) && mail.includes(FLOODED));
  const runJob = async (api: APIRequestContext) =>
    expect(
      (await api.get("/api/cron/reflect", { headers: { Authorization: `Bearer ${serverSecrets.CRON_SECRET}` } })).ok(),
    ).toBe(true);

  test("the customer sees the alert on the line and is mailed once; the console filters and flags the line", async ({
    browser,
  }) => {
    test.setTimeout(90_000);
    // A change on each of the customer's lines, so the console has rows for both.
    await sql`insert into password_changes (line_id, customer_id, service_kind, requested_at, reflection_at, status, idempotency_key)
      select id, customer_id, service_kind, now(), now(), 'reflected', 'guess-' || number from ip_phone_lines
      where number in (${FLOODED}, ${QUIET})`;
    // 60 addresses, 2 wrong passwords each (no ban is near); the other line one short of the alert.
    await guesses(FLOODED, 60, 2);
    await guesses(QUIET, 33, 3);

    const { context, api, page } = await portal(browser);
    await signIn(page, api, demo.customer);
    await page.goto("/ip-phone/devices");
    const flooded = page.getByRole("region", { name: FLOODED });
    const alert = flooded.getByRole("region", { name: SUBJECT });
    await expect(alert).toContainText("60か所");
    await expect(alert).toContainText("合計120回");
    await expect(alert).toContainText("パスワードが漏れたとわかっているわけではありません");
    await expect(page.getByRole("region", { name: QUIET }).getByTestId("guess-flood")).toHaveCount(0);
    await expectNoSeriousViolations(page, "/ip-phone/devices with a guessing flood");
    await alert.getByRole("link", { name: "緊急のパスワード変更" }).click();
    await expect(page.getByLabel("IP加入電話番号", { exact: true })).toHaveValue(FLOODED);
    await expect(page.getByLabel("緊急（パスワードが漏れたおそれがある場合）")).toBeChecked();

    // One mail a day, however often the scheduled work runs.
    await runJob(api);
    await runJob(api);
    const mails = await floodMails(api);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toContain("合計120回、60か所の接続元から");

    await context.clearCookies();
    await signIn(page, api, demo.admin);
    await page.goto("/admin/changes?status=all");
    await expect(page.getByTestId("change-row")).toHaveCount(2);
    await page.getByLabel(/パスワード推測の集中/).check();
    await page.getByRole("button", { name: "表示" }).click();
    await expect(page).toHaveURL(/guesses=1/);
    const row = page.getByTestId("change-row");
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(FLOODED);
    await expect(row.getByTestId("row-guess-flood")).toHaveText("推測の集中：120回・60か所");
    await expectNoSeriousViolations(page, "/admin/changes?guesses=1");
    await row.getByRole("link", { name: FLOODED }).click();
    await expect(page.getByTestId("admin-guess-flood")).toContainText("誤ったパスワード 120回、接続元 60か所");
    await context.close();
  });

  test("the alert reads the same with JavaScript off", async ({ browser }) => {
    const { context, api, page } = await portal(browser, { javaScriptEnabled: false });
    await signIn(page, api, demo.customer);
    await page.goto(`/ip-phone/devices?number=${FLOODED}`);
    await expect(page.getByRole("region", { name: SUBJECT })).toContainText("合計120回");
    await context.close();
  });
});
