// Every page against axe (WCAG 2.2 A/AA rules), at 360 px and at 200 % zoom, and the main journey by keyboard alone.
import type { Page } from "@playwright/test";
import {
  codeMailMark,
  demo,
  expect,
  expectNoSeriousViolations,
  fillChange,
  latestCode,
  reachCodePage,
  signIn,
  test,
} from "./fixtures";

/** Narrow screens (360 px phones) and 200 % zoom on a 1280 px window (640 CSS px) must not scroll sideways. */
async function expectReflow(page: Page, label: string) {
  for (const width of [360, 640]) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${label} at ${width} px`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function check(page: Page, label: string) {
  await expectNoSeriousViolations(page, label);
  await expectReflow(page, label);
}

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

test("the public pages, the login steps and their error states", async ({ page }) => {
  for (const path of [
    "/",
    "/login",
    "/login?expired=1",
    "/login?signedOut",
    "/login/help",
    "/unavailable",
    "/no-such-page",
  ]) {
    await page.goto(path);
    await check(page, path);
  }
  await page.goto("/login");
  await page.getByRole("button", { name: "送信" }).click();
  await expect(page.getByText("セルフケアIDを入力してください。").first()).toBeVisible();
  await check(page, "/login with field errors");

  await reachCodePage(page, demo.customer);
  await check(page, "/login/verify");
  await page.getByLabel("認証コード（6桁）").fill("12");
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(page.getByText("認証コードはメールに記載の6桁の数字で入力してください。").first()).toBeVisible();
  await check(page, "/login/verify with an error");
});

test("the customer's pages, with errors and after a change", async ({ page, request }) => {
  await signIn(page, request, demo.customer);
  await check(page, "/menu");
  await page.goto("/ip-phone/password");
  await check(page, "/ip-phone/password");
  await page.getByRole("button", { name: "更新" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toBeVisible();
  await check(page, "/ip-phone/password with errors");

  await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
  await expect(page).toHaveURL(/\/complete\//);
  await check(page, "/ip-phone/password/complete/[id]");
  await page.goto("/ip-phone/password/history");
  await check(page, "/ip-phone/password/history");
  await page.getByTestId("history-row").first().getByRole("link").click();
  await page.getByRole("button", { name: "この変更を取り消す" }).click();
  await expect(page.getByTestId("headline")).toHaveText("この変更は取り消しました。");
  await check(page, "/ip-phone/password/complete/[id] after a cancel");
  await page.goto("/ip-phone/devices");
  await check(page, "/ip-phone/devices without a registrar");
  await page.goto("/ip-phone/calls");
  await check(page, "/ip-phone/calls with the demo calls");
  await page.goto("/dev/mailbox");
  await check(page, "/dev/mailbox");
  await page.goto("/account/passkeys");
  await check(page, "/account/passkeys without a passkey");
  await page.goto("/account/verify?next=/ip-phone/password");
  await page.getByRole("button", { name: "認証コードを送信" }).click();
  await expect(page.getByLabel("認証コード（6桁）")).toBeVisible();
  await check(page, "/account/verify with the code form");
});

test("the admin pages", async ({ page, request }) => {
  await signIn(page, request, demo.customer);
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
  await expect(page).toHaveURL(/\/complete\//);
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();

  await request.delete("/api/test/rate-limits");
  await signIn(page, request, demo.admin);
  await check(page, "/admin/changes");
  await page.getByTestId("change-row").first().getByRole("link").first().click();
  await expect(page).toHaveURL(/\/admin\/changes\/[0-9a-f-]{36}$/);
  await check(page, "/admin/changes/[id]");
  await page.goto("/admin/api-keys");
  await check(page, "/admin/api-keys");
});

test("a customer signs in and reaches the change form with the keyboard alone", async ({ page, request }) => {
  await page.goto("/login");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "本文へ移動" })).toBeFocused();
  await page.keyboard.press("Enter");
  // From the skip link, Tab reaches the ID field, then the password; Enter submits.
  for (
    let i = 0;
    i < 10 && !(await page.getByLabel("セルフケアID").evaluate((field) => field === document.activeElement));
    i++
  ) {
    await page.keyboard.press("Tab");
  }
  await expect(page.getByLabel("セルフケアID")).toBeFocused();
  await page.keyboard.type(demo.customer.id);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("セルフケアパスワード")).toBeFocused();
  await page.keyboard.type(demo.customer.password);
  const before = await codeMailMark(request, demo.customer.email);
  await page.keyboard.press("Enter");

  await expect(page.getByLabel("認証コード（6桁）")).toBeVisible();
  await page.getByLabel("認証コード（6桁）").focus();
  await page.keyboard.type(await latestCode(request, demo.customer.email, before));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/menu$/);

  const link = page.getByRole("link", { name: "IP加入電話パスワードを変更する" });
  for (let i = 0; i < 15 && !(await link.evaluate((element) => element === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(link).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "IP加入電話パスワード変更" })).toBeVisible();
});
