// The support desk (issue #35): a customer calls, locked out; support finds them by the number they read out in
// full-width digits, sees why they are locked, and unlocks them with a reason; a viewer sees the same page but cannot
// unlock, not even by posting the action directly. And the pages against axe, and the search without JavaScript.
import type { Page } from "@playwright/test";
import { hiddenFieldsOfForm, multipart, multipartType } from "../test/forms";
import { alert, demo, expect, expectNoSeriousViolations, otherClient, signIn, submitPassword, test } from "./fixtures";

const ORIGIN = "http://localhost:3100";
const support = { id: "support0001", password: "Support-pass-0001", email: "support0001@example.jp" };
const viewer = { id: "viewer0001", password: "Viewer-pass-0001", email: "viewer0001@example.jp" };

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

/** The search, as support types it: the number read out over the phone, in full-width digits with hyphens. */
async function findByNumber(page: Page, typed: string) {
  await page.goto("/admin/customers");
  await page.getByLabel("セルフケアID・IP加入電話番号・メールアドレス・お客様番号").fill(typed);
  await page.getByRole("button", { name: "検索" }).click();
  const row = page.getByTestId("customer-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("demo0002");
  await expect(row).toContainText("IP加入電話番号");
  await row.getByRole("link", { name: "demo0002" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("demo0002");
}

test("a support call: locked out, found by a full-width number, unlocked with a reason; a viewer cannot unlock", async ({
  page,
  request,
  browser,
}) => {
  // 1. demo0002 locks their account with wrong passwords (a browser that never signed in as them: the ID's lock).
  const customer = await otherClient(browser, "198.51.100.241");
  for (let i = 0; i < 10; i++) await submitPassword(customer.page, demo.other.id, `wrong-password-${i}`);
  await expect(alert(customer.page)).toContainText("一時的に制限しています");

  // 2. support0001 finds them by their line number, typed in full-width digits.
  await signIn(page, request, support);
  await findByNumber(page, "０５０－１１１１－２２２２");
  const customerUrl = page.url();

  // 3. The page says 「ロック中」 and why.
  const lockState = page.getByTestId("lock-state");
  await expect(lockState).toContainText("ロック中");
  await expect(lockState).toContainText("セルフケアパスワードの誤り（15分間に10回まで）");
  await expect(lockState).toContainText("までログインできません");
  await expectNoSeriousViolations(page, "/admin/customers/[id], locked");

  // 4. Support unlocks them, with a reason (none given first: the form says so, at the field).
  const account = page.locator("#account");
  await account.getByRole("button", { name: "ロックを解除する" }).click();
  await expect(account.getByText("理由を選択してください。")).toBeVisible();
  await expect(account.getByLabel("理由", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousViolations(page, "/admin/customers/[id], a form error");
  await account.getByLabel("理由", { exact: true }).selectOption("お客様からの電話");
  await account.getByLabel("チケット番号（任意）").fill("INC-2026-001");
  await account.getByRole("button", { name: "ロックを解除する" }).click();
  await expect(page.getByRole("main").getByRole("status").first()).toContainText("ロックを解除しました");
  await expect(lockState).toContainText("ロックされていません");
  const trail = page.getByTestId("audit-trail");
  await expect(trail).toContainText("オペレーターがロックを解除");
  await expect(trail).toContainText("理由：お客様からの電話");
  await expect(trail).toContainText("チケット番号：INC-2026-001");
  await expect(trail).toContainText("オペレーターがお客様の情報を表示");

  // 5. demo0002 signs in.
  await signIn(customer.page, request, demo.other);
  await customer.context.close();

  // 6. viewer0001 sees the same page, without the unlock button, and the action refuses them if posted directly.
  const reader = await otherClient(browser, "198.51.100.242");
  await signIn(reader.page, request, viewer);
  await reader.page.goto(customerUrl);
  await expect(reader.page.getByTestId("lock-state")).toContainText("ロックされていません");
  await expect(reader.page.getByTestId("desk-lines")).toContainText("05011112222");
  for (const button of ["ロックを解除する", "すべての端末からログアウトさせる", "初期パスワードを再発行する"])
    await expect(reader.page.getByRole("button", { name: button })).toHaveCount(0);

  const supportHtml = await (await page.request.get(customerUrl)).text();
  const forged = await reader.page.request.post(customerUrl, {
    headers: { "content-type": multipartType, origin: ORIGIN },
    data: multipart({ ...hiddenFieldsOfForm(supportHtml, "ロックを解除する"), reason: "お客様からの電話" }),
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(303);
  expect(forged.headers().location).toMatch(/\/admin\/denied$/);
  // Nothing was unlocked by it: the trail still holds support's one unlock.
  await page.reload();
  await expect(page.getByTestId("audit-trail").getByText("オペレーターがロックを解除")).toHaveCount(1);
  await reader.context.close();
});

test("the search and the customer's page work without JavaScript", async ({ browser, request }) => {
  const desk = await otherClient(browser, "198.51.100.243", { javaScriptEnabled: false });
  const { page } = desk;
  await signIn(page, request, support);
  await page.goto("/admin/customers");
  // An email by its start, in capitals: case does not matter.
  await page.getByLabel("セルフケアID・IP加入電話番号・メールアドレス・お客様番号").fill("DEMO000");
  await page.getByRole("button", { name: "検索" }).click();
  await expect(page).toHaveURL(/\/admin\/customers\?q=DEMO000$/);
  await expect(page.getByTestId("customer-row")).toHaveCount(2);
  await expect(page.getByTestId("customer-results")).toContainText("d***1@example.jp");
  await expect(page.getByTestId("customer-results")).not.toContainText("support0001");
  await page.goto("/admin/customers?q=nobody-at-all");
  await expect(page.getByRole("status")).toContainText("該当するお客様はいません");

  await findByNumber(page, "05011112222");
  // An action without JavaScript: the reason missing, then given.
  const sessions = page.locator("#sessions");
  await sessions.getByRole("button", { name: "すべての端末からログアウトさせる" }).click();
  await expect(page.locator("#sessions").getByText("理由を選択してください。")).toBeVisible();
  await page.locator("#sessions").getByLabel("理由", { exact: true }).selectOption("その他");
  await page.locator("#sessions").getByRole("button", { name: "すべての端末からログアウトさせる" }).click();
  await expect(page.locator("#sessions").getByText("「その他」の理由を入力してください。")).toBeVisible();
  await page.locator("#sessions").getByLabel("理由（「その他」の場合）").fill("お客様の端末の紛失");
  await page.locator("#sessions").getByRole("button", { name: "すべての端末からログアウトさせる" }).click();
  await expect(page.getByRole("status").first()).toContainText("すべての端末からログアウトさせました");
  await expect(page.getByTestId("audit-trail")).toContainText("理由：お客様の端末の紛失");
  // The trail by kind: operators' steps only.
  await page.getByLabel("種類").selectOption("operators");
  await page.getByRole("button", { name: "表示", exact: true }).click();
  await expect(page).toHaveURL(/kind=operators/);
  await expect(page.getByTestId("audit-trail")).toContainText("管理者がお客様をすべての端末からログアウト");
  await expect(page.getByTestId("audit-trail")).not.toContainText("ログイン失敗");
  await desk.context.close();
});

test("the desk's pages pass axe (WCAG 2.2 A/AA), as support and as a viewer", async ({ page, request, browser }) => {
  await signIn(page, request, support);
  await page.goto("/admin/customers");
  await expectNoSeriousViolations(page, "/admin/customers");
  await page.goto("/admin/customers?q=DEMO000");
  await expect(page.getByTestId("customer-row")).toHaveCount(2);
  await expectNoSeriousViolations(page, "/admin/customers with results");
  await page.goto("/admin/customers?q=nobody-at-all");
  await expectNoSeriousViolations(page, "/admin/customers with no results");
  await findByNumber(page, "05011112222");
  await expectNoSeriousViolations(page, "/admin/customers/[id] as support");
  await page.getByLabel("種類").selectOption("sign-in");
  await page.getByRole("button", { name: "表示", exact: true }).click();
  await expect(page).toHaveURL(/kind=sign-in/);
  await expectNoSeriousViolations(page, "/admin/customers/[id] with the trail filtered");
  const customerUrl = page.url().split("?")[0]!;

  const reader = await otherClient(browser, "198.51.100.244");
  await signIn(reader.page, request, viewer);
  await reader.page.goto(customerUrl);
  await expect(reader.page.getByTestId("lock-state")).toBeVisible();
  await expectNoSeriousViolations(reader.page, "/admin/customers/[id] as a viewer");
  await reader.context.close();
});
