import { demo, expect, setClock, signIn, test, testSecretHeader } from "./fixtures";

const jst = (local: string) => new Date(`${local}+09:00`);
const CRON_SECRET = "e2e-cron-secret-0123456789";

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
  await expect(page.getByTestId("batches")).toContainText("17:30 バッチ: 1件");

  await setClock(request, jst("2026-11-24T17:36:00"));
  await page.reload();
  await expect(page.getByTestId("change-row").first()).toContainText("遅延");

  await page.getByRole("button", { name: "今すぐ反映処理を実行" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("反映 1件");
  await page.goto("/admin/changes?status=reflected&q=05087654321");
  await expect(page.getByTestId("change-row").first()).toContainText("反映済み");

  await page.getByTestId("change-row").first().getByRole("link").click();
  await expect(page.getByRole("heading", { name: "変更の詳細" })).toBeVisible();
  await expect(page.getByText("change.reflected")).toBeVisible();
  await expect(page.getByText("change.requested")).toBeVisible();

  const csv = await page.request.get("/admin/changes/export?status=reflected&q=05087654321");
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const body = await csv.text();
  expect(body).toContain("05087654321");
  expect(body).toContain("反映済み");
  expect(body).not.toMatch(/argon2|v1\./);
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
