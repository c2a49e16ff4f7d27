// 「国際電話の利用」 (issue #36): a customer of this run turns a line's international calling on with the emailed code
// (with JavaScript on and off), is mailed, and turns it off in one click; the menu and the page say 050 lines cannot
// reach emergency services. Support finds a line the velocity rule stopped in 「国際発信の異常」 and turns another of
// the customer's lines off; a viewer sees the same without the button. And axe on each page.
import type { APIRequestContext, Page } from "@playwright/test";
import postgres from "postgres";
import { serverSecrets } from "../test/server-env.mjs";
import { codeMailMark, expect, expectNoSeriousViolations, latestMail, otherClient, signIn, test } from "./fixtures";
import { changeOwnPassword, firstSignIn, freshCustomer, OWN_PASSWORD } from "./provisioning";

const databaseUrl = process.env.DATABASE_URL;
const cron = { Authorization: `Bearer ${serverSecrets.CRON_SECRET}` };
const support = { id: "support0001", password: "Support-pass-0001", email: "support0001@example.jp" };
const viewer = { id: "viewer0001", password: "Viewer-pass-0001", email: "viewer0001@example.jp" };

/** A customer of this run with two active lines (the demo lines are left to the other journeys). */
async function provisionCustomer(request: APIRequestContext) {
  const fresh = freshCustomer();
  const response = await request.post("/api/test/provision", {
    data: {
      customers: [{ externalId: fresh.externalId, body: fresh.body }],
      lines: fresh.numbers.map((number) => ({
        number,
        body: { customerExternalId: fresh.externalId, serviceKind: "ip-phone", status: "active" },
      })),
    },
  });
  expect(response.ok()).toBe(true);
  const { customers } = (await response.json()) as { customers: { initialPassword: string }[] };
  return {
    selfCareId: fresh.body.selfCareId,
    email: fresh.body.email,
    password: customers[0]!.initialPassword,
    numbers: fresh.numbers,
  };
}
type Customer = Awaited<ReturnType<typeof provisionCustomer>>;

/** Runs the statements on the app's PostgreSQL, one after another. */
async function inDatabase(statements: (sql: postgres.Sql) => postgres.PendingQuery<postgres.Row[]>[]) {
  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    for (const statement of statements(sql)) await statement;
  } finally {
    await sql.end();
  }
}

/** The first sign-in and its forced change of the letter's password, then the menu. */
async function signInNew(page: Page, request: APIRequestContext, customer: Customer) {
  await firstSignIn(page, request, customer);
  await changeOwnPassword(page, customer.password, OWN_PASSWORD);
  await expect(page).toHaveURL(/\/account\/password\?changed=1$/);
  await page.goto("/menu");
}

for (const javaScriptEnabled of [true, false]) {
  test(`a customer turns international calling on with the emailed code and off in one click (JavaScript ${
    javaScriptEnabled ? "on" : "off"
  })`, async ({ browser, request }) => {
    const customer = await provisionCustomer(request);
    const { context, page } = await otherClient(browser, `198.51.100.${javaScriptEnabled ? 231 : 232}`, {
      javaScriptEnabled,
    });
    const [number] = customer.numbers;
    await signInNew(page, request, customer);
    await expect(page.getByTestId("emergency-notice")).toContainText(
      "050番号から緊急通報（110・118・119）はできません",
    );
    await page.getByRole("link", { name: "国際電話の利用" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("国際電話の利用");
    await expect(page.getByTestId("emergency-notice")).toBeVisible();
    const line = page.getByTestId("international-line").filter({ hasText: number! });
    await expect(line.getByTestId("international-state")).toContainText("オフ（初期設定）");
    // axe runs in the page: with JavaScript on only.
    if (javaScriptEnabled) await expectNoSeriousViolations(page, "/ip-phone/international");

    // On: first 「ご本人の確認」 with the emailed code, back to this line's form.
    await line.getByRole("button", { name: `${number} の国際電話の利用をオンにする` }).click();
    await expect(page).toHaveURL(/\/account\/verify\?next=/);
    await expect(page.getByText("国際電話の利用をオンにする手続きの前に")).toBeVisible();
    const before = await codeMailMark(request, customer.email);
    await page.getByRole("button", { name: "認証コードを送信" }).click();
    const code = (await latestMail(request, customer.email, "本人確認の認証コード", before)).match(/\b(\d{6})\b/)![1]!;
    await page.getByLabel("認証コード（6桁）").fill(code);
    await page.getByRole("button", { name: "確認する" }).click();
    await expect(page).toHaveURL(new RegExp(`/ip-phone/international\\?number=${number}$`));
    await expect(line).toContainText("ご本人の確認ができました");
    await line.getByRole("button", { name: `${number} の国際電話の利用をオンにする` }).click();
    await expect(page.getByRole("main").getByRole("status").first()).toContainText("国際電話の利用をオンにしました");
    await expect(line.getByTestId("international-state")).toContainText(/オン（\d{4}年\d+月\d+日 \d+:\d{2}から）/);
    const onMail = await latestMail(request, customer.email, "国際電話の利用をオンにしました");
    expect(onMail).toContain(number);

    // Off: one click, no step-up, and a security notice.
    await line.getByRole("button", { name: `${number} の国際電話の利用をオフにする` }).click();
    await expect(page.getByRole("main").getByRole("status").first()).toContainText("国際電話の利用をオフにしました");
    await expect(line.getByTestId("international-state")).toContainText("オフ：お客様がオフにしました");
    await latestMail(request, customer.email, "国際電話の利用をオフにしました（セキュリティのお知らせ）");
    if (javaScriptEnabled) await expectNoSeriousViolations(page, "/ip-phone/international after turning off");
    await context.close();
  });
}

test("support sees a burst in 「国際発信の異常」 and turns another line off; the customer is mailed; a viewer cannot", async ({
  page,
  request,
  browser,
}) => {
  test.skip(!databaseUrl, "sets the velocity rule's flag in the database directly: needs DATABASE_URL");
  const customer = await provisionCustomer(request);
  const [stopped, live] = customer.numbers as [string, string];
  // What the registrar's velocity rule leaves on a line (sip_stop_international), and a line its customer turned on.
  await inDatabase((sql) => [
    sql`update ip_phone_lines set international_calling = false, international_off_reason = 'burst',
      international_changed_at = now(), international_burst_at = now(), international_burst_mailed_at = null
      where number = ${stopped}`,
    sql`update ip_phone_lines set international_calling = true, international_changed_at = now() where number = ${live}`,
  ]);
  // The scheduled work mails the customer of the burst, once.
  expect((await request.get("/api/cron/reflect", { headers: cron })).ok()).toBe(true);
  await latestMail(request, customer.email, "国際発信の異常を検知したため、国際電話の利用を停止しました");

  await signIn(page, request, support);
  await page.getByRole("navigation", { name: "運用メニュー" }).getByRole("link", { name: "国際発信の異常" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("国際発信の異常");
  const row = page.getByTestId("international-burst-row").filter({ hasText: stopped });
  await expect(row).toContainText("国際発信の異常を検知したため自動でオフ");
  await expect(row.getByTestId("international-burst")).toBeVisible();
  await expect(page.getByTestId("international-burst-row").first()).toContainText(stopped);
  await expectNoSeriousViolations(page, "/admin/international-bursts");

  await row.getByRole("link", { name: new RegExp(customer.selfCareId) }).click();
  const lines = page.getByTestId("desk-lines");
  await expect(lines.getByRole("row").filter({ hasText: stopped }).getByTestId("international-burst")).toBeVisible();
  await expect(lines.getByRole("row").filter({ hasText: live })).toContainText("オン");
  const form = page.getByRole("region", { name: `${live} の国際電話の利用をオフにする` });
  await form.getByRole("button", { name: "国際電話の利用をオフにする" }).click();
  await expect(form.getByText("理由を選択してください。")).toBeVisible();
  await form.getByLabel("理由", { exact: true }).selectOption("不正利用の調査");
  await form.getByLabel("チケット番号（任意）").fill("INC-36");
  await form.getByRole("button", { name: "国際電話の利用をオフにする" }).click();
  await expect(page.getByRole("main").getByRole("status").first()).toContainText("国際電話の利用をオフにしました");
  await expect(lines.getByRole("row").filter({ hasText: live })).toContainText("オフ：サポート窓口でオフにしました");
  await expect(page.getByTestId("audit-trail")).toContainText("国際電話の利用をオフにした");
  await expectNoSeriousViolations(page, "/admin/customers/[id] after turning international calling off");
  await latestMail(request, customer.email, "国際電話の利用をオフにしました（サポート窓口による手続き）");

  await page.goto(`/admin/lines/${stopped}`);
  await expect(page.getByTestId("line-summary").getByTestId("international-burst")).toBeVisible();
  await expectNoSeriousViolations(page, "/admin/lines/[number] with a burst");

  const reader = await otherClient(browser, "198.51.100.233");
  await signIn(reader.page, request, viewer);
  await reader.page.goto("/admin/international-bursts");
  await expect(reader.page.getByTestId("international-burst-row").filter({ hasText: stopped })).toBeVisible();
  await inDatabase((sql) => [
    sql`update ip_phone_lines set international_calling = true, international_changed_at = now() where number = ${live}`,
  ]);
  await reader.page.goto(`/admin/lines/${live}`);
  await expect(reader.page.getByTestId("international-state")).toContainText("オン");
  await expect(reader.page.getByRole("button", { name: "国際電話の利用をオフにする" })).toHaveCount(0);
  await reader.context.close();
});
