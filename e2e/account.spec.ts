// The customer's own self-care password: changed from the menu, with and without JavaScript; every other session ends,
// this one stays; after ten minutes a fresh emailed code is asked for first.
import type { Page } from "@playwright/test";
import {
  codeMailMark,
  alert,
  demo,
  expect,
  latestCode,
  latestMail,
  otherClient,
  setClock,
  signIn,
  submitPassword,
  test,
} from "./fixtures";

const NEW_PASSWORD = "a long new passphrase 2026";
const jst = (local: string) => new Date(`${local}+09:00`);

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

async function fillSelfCarePassword(page: Page, values: { current: string; next: string; confirm?: string }) {
  await page.getByLabel("現在のセルフケアパスワード").fill(values.current);
  await page.getByLabel("新しいセルフケアパスワード", { exact: true }).fill(values.next);
  await page.getByLabel("新しいセルフケアパスワード（確認用）").fill(values.confirm ?? values.next);
  await page.getByRole("button", { name: "変更する" }).click();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a customer changes the self-care password: other sessions end, this one stays, and only the new one signs in", async ({
      browser,
      page,
      request,
    }) => {
      await signIn(page, request, demo.customer);
      const elsewhere = await otherClient(browser, "203.0.113.71", { javaScriptEnabled });
      await signIn(elsewhere.page, request, demo.customer);

      await page.goto("/menu");
      await page.getByRole("link", { name: "セルフケアパスワードの変更" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("セルフケアパスワードの変更");
      // A fresh sign-in needs no second code.
      await expect(page.getByRole("button", { name: "認証コードを送信" })).toHaveCount(0);

      await fillSelfCarePassword(page, { current: demo.customer.password, next: "short1" });
      await expect(page.getByLabel("新しいセルフケアパスワード", { exact: true })).toHaveAttribute(
        "aria-invalid",
        "true",
      );
      await fillSelfCarePassword(page, { current: "not-the-password", next: NEW_PASSWORD });
      await expect(page.getByLabel("現在のセルフケアパスワード")).toHaveAttribute("aria-invalid", "true");
      await fillSelfCarePassword(page, { current: demo.customer.password, next: NEW_PASSWORD });
      await expect(page.getByRole("main").getByRole("status")).toContainText("セルフケアパスワードを変更しました");

      await page.goto("/menu");
      await expect(page).toHaveURL(/\/menu$/);
      await elsewhere.page.goto("/menu");
      await expect(elsewhere.page).toHaveURL(/\/login\?expired=1$/);
      await elsewhere.context.close();

      const mail = await latestMail(request, demo.customer.email, "セルフケアパスワード変更のお知らせ");
      expect(mail).not.toContain(NEW_PASSWORD);
      expect(mail).not.toContain(demo.customer.password);

      await page.getByRole("button", { name: "ログアウト", exact: true }).click();
      await expect(page).toHaveURL(/\/login\?signedOut/);
      await submitPassword(page, demo.customer.id, demo.customer.password);
      await expect(alert(page)).toContainText("正しくありません");
      await signIn(page, request, { ...demo.customer, password: NEW_PASSWORD });
      await expect(page).toHaveURL(/\/menu$/);
    });
  });
}

test("a sign-in older than ten minutes needs a fresh emailed code first, and a wrong one changes nothing", async ({
  page,
  request,
}) => {
  await setClock(request, jst("2026-11-24T09:00:00"));
  await signIn(page, request, demo.customer);
  await setClock(request, jst("2026-11-24T09:11:00"));
  await page.goto("/account/password");
  await expect(page.getByRole("heading", { name: "ご本人の確認" })).toBeVisible();

  await fillSelfCarePassword(page, { current: demo.customer.password, next: NEW_PASSWORD });
  await expect(page.getByLabel("認証コード（6桁）")).toHaveAttribute("aria-invalid", "true");

  const before = await codeMailMark(request, demo.customer.email);
  await page.getByRole("button", { name: "認証コードを送信" }).click();
  await expect(page.getByText("認証コードをお送りしました")).toBeVisible();
  const code = await latestCode(request, demo.customer.email, before);
  const wrong = code === "000000" ? "111111" : "000000";
  await page.getByLabel("認証コード（6桁）").fill(wrong);
  await fillSelfCarePassword(page, { current: demo.customer.password, next: NEW_PASSWORD });
  await expect(page.getByLabel("認証コード（6桁）")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("認証コード（6桁）").fill(code);
  await fillSelfCarePassword(page, { current: demo.customer.password, next: NEW_PASSWORD });
  await expect(page.getByRole("main").getByRole("status")).toContainText("セルフケアパスワードを変更しました");
});
