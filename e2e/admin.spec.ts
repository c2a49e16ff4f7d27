import { demo, expect, fillChange, otherClient, setClock, signIn, test, testSecretHeader } from "./fixtures";
import { serverSecrets } from "../test/server-env.mjs";

const jst = (local: string) => new Date(`${local}+09:00`);
const { CRON_SECRET } = serverSecrets;

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

test("an admin sees a customer's change pending, runs the job past its time, and sees it reflected", async ({
  page,
  request,
  browser,
}) => {
  await setClock(request, jst("2026-11-24T14:00:00"));
  const customer = await browser.newContext({
    extraHTTPHeaders: { ...testSecretHeader, "X-Forwarded-For": "198.51.100.253" },
  });
  const customerPage = await customer.newPage();
  await signIn(customerPage, customer.request, demo.customer);
  await customerPage.goto("/ip-phone/password");
  await customerPage.getByLabel("IP加入電話番号", { exact: true }).fill("05087654321");
  await customerPage.getByLabel("現IP加入電話パスワード").fill("pass5678");
  await customerPage.getByLabel("新IP加入電話パスワード", { exact: true }).fill("k7m2x9qa");
  await customerPage.getByLabel("新IP加入電話パスワード(確認用)").fill("k7m2x9qa");
  await customerPage.getByRole("button", { name: "更新" }).click();
  await expect(customerPage.getByTestId("reflection-time")).toHaveText("2026年11月24日 17:30");
  await customer.close();

  await signIn(page, request, demo.admin);
  await expect(page).toHaveURL(/\/admin\/changes$/);
  await page.getByLabel("番号またはセルフケアID").fill("05087654321");
  await page.getByRole("button", { name: "表示" }).click();
  const row = page.getByTestId("change-row").first();
  await expect(row).toContainText("2026年11月24日 17:30");
  await expect(row).toContainText("反映待ち");
  await expect(row).not.toContainText("遅延");
  await expect(page.getByTestId("batches")).toContainText("2026年11月24日 17:30 のバッチ：1件");
  // The operator console: its own header, no words meant for customers.
  await expect(page.getByRole("banner")).toContainText("運用コンソール");
  await expect(page.getByRole("banner")).not.toContainText("ご利用中のお客さまへ");
  await expect(page.getByTestId("account-name")).toHaveText("ログイン中：管理者 一号");

  await setClock(request, jst("2026-11-24T17:36:00"));
  await page.reload();
  await expect(page.getByTestId("change-row").first()).toContainText("遅延");

  // The manual run asks first; stepping back runs nothing.
  await page.getByRole("link", { name: "今すぐ反映処理を実行…" }).click();
  await expect(page.getByTestId("run-confirmation")).toContainText("反映処理を今すぐ実行しますか");
  await page.getByRole("link", { name: "やめる" }).click();
  await expect(page.getByTestId("run-confirmation")).toHaveCount(0);
  await expect(page.getByTestId("change-row").first()).toContainText("反映待ち");
  await page.getByRole("link", { name: "今すぐ反映処理を実行…" }).click();
  await page.getByRole("button", { name: "実行する" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("反映1件");
  await page.goto("/admin/changes?status=reflected&q=05087654321");
  await expect(page.getByTestId("change-row").first()).toContainText("反映済み");

  await page.getByTestId("change-row").first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: "変更の詳細" })).toBeVisible();
  const trail = page.getByTestId("audit-trail");
  await expect(trail).toContainText("システムに反映");
  await expect(trail).toContainText("変更受付");
  await expect(trail).not.toContainText("change.");

  const csv = await page.request.get("/admin/changes/export?status=reflected&q=05087654321");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const body = await csv.text();
  expect(body).toContain("05087654321");
  expect(body).toContain("反映済み");
  expect(body).not.toMatch(/argon2|v1\./);
});

test("the admin's minute is the customer's minute for the same change, and a superseded change links to its successor", async ({
  page,
  request,
  browser,
}) => {
  // 7:30:30: the IP phone service reflects at 7:45:30, which everyone is shown as 7:46.
  await setClock(request, jst("2026-11-24T07:30:30"));
  const customer = await browser.newContext({
    extraHTTPHeaders: { ...testSecretHeader, "X-Forwarded-For": "198.51.100.251" },
  });
  const customerPage = await customer.newPage();
  await signIn(customerPage, customer.request, demo.customer);
  const change = async (current: string, next: string) => {
    await customerPage.goto("/ip-phone/password");
    await customerPage.getByLabel("IP加入電話番号", { exact: true }).fill("05012345678");
    await customerPage.getByLabel("現IP加入電話パスワード").fill(current);
    await customerPage.getByLabel("新IP加入電話パスワード", { exact: true }).fill(next);
    await customerPage.getByLabel("新IP加入電話パスワード(確認用)").fill(next);
    await customerPage.getByRole("button", { name: "更新" }).click();
    return (await customerPage.getByTestId("reflection-time").innerText()).match(/（(.+) まで）/)![1]!;
  };
  const first = await change("abcd1234", "k7m2x9qa");
  const told = await change("k7m2x9qa", "q8w3n5zt");
  await customer.close();

  await signIn(page, request, demo.admin);
  await page.goto("/admin/changes?status=all&q=05012345678");
  const shown = await page.getByTestId("row-reflection").allInnerTexts();
  expect(shown).toContain(told);
  expect(shown).toContain(first);

  await page.goto("/admin/changes?status=superseded&q=05012345678");
  await page.getByTestId("change-row").first().getByRole("link").click();
  await expect(page.getByTestId("audit-trail")).toContainText("新しい変更に置き換え");
  await page.getByTestId("audit-trail").getByRole("link", { name: "変更の詳細" }).click();
  await expect(page.getByTestId("audit-trail")).toContainText("変更受付");
  await expect(page.getByRole("definition").filter({ hasText: "反映待ち" })).toBeVisible();
});

test("a customer reaches neither the admin pages nor the export", async ({ page, request }) => {
  await signIn(page, request, demo.customer);
  for (const path of ["/admin/changes", "/admin/changes/export"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/menu$/);
  }
});

test("the cron endpoint refuses a missing or wrong secret and runs with the right one", async ({ request }) => {
  expect((await request.get("/api/cron/reflect")).status()).toBe(401);
  expect((await request.get("/api/cron/reflect", { headers: { Authorization: "Bearer wrong" } })).status()).toBe(401);
  const ok = await request.get("/api/cron/reflect", { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ ok: true, reflected: expect.any(Number) });
});

test("an operator ends every session of a change's customer at once, and the trail says who did", async ({
  page,
  request,
  browser,
}) => {
  const customer = await otherClient(browser, "198.51.100.252");
  await signIn(customer.page, request, demo.customer);
  await customer.page.goto("/ip-phone/password");
  await fillChange(customer.page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
  await expect(customer.page).toHaveURL(/\/complete\//);

  await signIn(page, request, demo.admin);
  await page.goto("/admin/changes?q=05087654321");
  await page.getByTestId("change-row").first().getByRole("link").click();
  // The change's page leads to the customer's, where the step is taken with a reason.
  await page.getByRole("link", { name: "お客様のページを開く" }).click();
  const sessions = page.locator("#sessions");
  await sessions.getByLabel("理由", { exact: true }).selectOption("不正利用の調査");
  await sessions.getByRole("button", { name: "すべての端末からログアウトさせる" }).click();
  await expect(page.getByRole("main").getByRole("status").first()).toContainText(
    "すべての端末からログアウトさせました",
  );
  await expect(page.getByTestId("audit-trail")).toContainText("管理者がお客様をすべての端末からログアウト");
  await expect(page.getByTestId("audit-trail")).toContainText("操作したオペレーター：管理者 一号");
  await expect(page.getByTestId("audit-trail")).toContainText("理由：不正利用の調査");
  // The operator is still signed in; the customer is not.
  await expect(page.getByTestId("account-name")).toBeVisible();
  await customer.page.goto("/menu");
  await expect(customer.page).toHaveURL(/\/login\?expired=1$/);
  await customer.context.close();
});
