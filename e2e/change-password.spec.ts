import { alert, demo, expect, fillChange, latestMail, setClock, signIn, test, testSecretHeader } from "./fixtures";

const jst = (local: string) => new Date(`${local}+09:00`);

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`changing the password with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a B2BUA change at 14:00 is reflected at 17:30, and the page survives a reload", async ({ page, request }) => {
      await signIn(page, request, demo.customer);
      await page.getByRole("link", { name: "IP加入電話パスワードを変更する" }).click();
      await expect(page.getByRole("heading", { name: "IP加入電話パスワード変更" })).toBeVisible();
      await expect(page.getByRole("table", { name: "B2BUAサービス・B2BUA OpenGateサービス" })).toContainText(
        "2:00～17:0017:30",
      );

      await setClock(request, jst("2026-11-24T14:00:00"));
      await fillChange(page, { number: "050-8765-4321", current: "pass5678", next: "k7m2x9qa" });
      await expect(page).toHaveURL(/\/ip-phone\/password\/complete\/[0-9a-f-]{36}$/);
      await expect(page.getByText("IP加入電話パスワードの変更が完了しました。")).toBeVisible();
      await expect(page.getByTestId("reflection-time")).toHaveText("2026年11月24日 17:30");
      // Routine, the default: no interruption, and the old password's grace runs 72 hours from the reflection.
      await expect(page.getByTestId("switch-mode")).toHaveText("通常");
      await expect(page.getByTestId("outage")).toHaveText("ありません");
      await expect(page.getByTestId("timeline-old")).toContainText("遅くとも 2026年11月27日 17:30 まで");
      await expect(page.getByTestId("timeline-new")).toHaveText("2026年11月24日 17:30 から使えます");

      await page.reload();
      await expect(page.getByTestId("reflection-time")).toHaveText("2026年11月24日 17:30");
      const mail = await latestMail(request, demo.customer.email, "受付完了");
      expect(mail).toContain("2026年11月24日 17:30");
      expect(mail).toContain("お心当たりのない場合");
    });

    test("an emergency IP phone service change is reflected within 15 minutes, the line off the air until then, and cannot be taken back", async ({
      page,
      request,
    }) => {
      await signIn(page, request, demo.customer);
      await page.goto("/ip-phone/password");
      // The test clock runs on once set: the change is made a few seconds after 13:59:30, still in that minute.
      await setClock(request, jst("2026-11-24T13:59:30"));
      await fillChange(
        page,
        { number: "05012345678", current: "abcd1234", next: "q8w3n5zt", emergency: true },
        { request, email: demo.customer.email },
      );
      // Reflected on the whole minute at most 15 minutes on: 14:14, which every screen shows alike.
      await expect(page.getByTestId("reflection-time")).toHaveText("15分以内（2026年11月24日 14:14 まで）");
      await expect(page.getByTestId("switch-mode")).toHaveText("緊急");
      await expect(page.getByTestId("outage")).toHaveText(/^13:59 ～ 14:14$/);
      await expect(page.getByTestId("headline")).toContainText("今のパスワードは使えなくなりました");
      await expect(page.getByTestId("no-cancel")).toContainText("漏れたおそれがある");
      await expect(page.getByRole("button", { name: "この変更を取り消す" })).toHaveCount(0);
      const mail = await latestMail(request, demo.customer.email, "（緊急）の受付完了");
      expect(mail).toContain("発着信できない時間：13:59 ～ 14:14");

      // The form now says the line is cut off, and a new change of it is an emergency change too.
      await page.goto("/ip-phone/password");
      await expect(page.getByTestId("line-prediction").filter({ hasText: "05012345678" })).toContainText(
        "緊急の変更で停止中です",
      );
    });

    test("every validation error appears next to its field, once, and what was right is kept", async ({
      page,
      request,
    }) => {
      await signIn(page, request, demo.customer);
      await page.goto("/ip-phone/password");
      await fillChange(page, { number: "0901234567", current: "", next: "ABCD1234", confirm: "abcd9999" });
      await expect(alert(page)).toContainText("入力内容に誤りがあります");
      await expect(page.locator("#number-error")).toContainText("050から始まる");
      await expect(page.locator("#currentPassword-error")).toContainText("入力してください");
      await expect(page.locator("#newPassword-error")).toContainText("英大文字は使えません");
      await expect(page.locator("#confirmPassword-error")).toContainText("一致しません");
      // The hint stays quiet while its field's error shows.
      await expect(page.locator("#newPassword-hint")).toHaveCount(0);
      await expect(page.getByLabel("IP加入電話番号", { exact: true })).toHaveValue("0901234567");
      await expect(page.getByLabel("IP加入電話番号", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("新IP加入電話パスワード", { exact: true })).toHaveValue("");

      // A weak new password: the number is kept, the refused password and the current password are not.
      await fillChange(page, { number: "05087654321", current: "pass5678", next: "12345678" });
      await expect(page.locator("#newPassword-error")).toContainText("連続した並び");
      await expect(page.getByLabel("IP加入電話番号", { exact: true })).toHaveValue("05087654321");
      await expect(page.getByLabel("現IP加入電話パスワード")).toHaveValue("");
      await expect(page.getByLabel("新IP加入電話パスワード", { exact: true })).toHaveValue("");

      // A wrong current password on the customer's own line: that field is marked, the new password is kept.
      await fillChange(page, { number: "05087654321", current: "wrong999", next: "k7m2x9qa" });
      await expect(alert(page)).toContainText("現IP加入電話パスワードが正しくありません");
      await expect(page.getByLabel("現IP加入電話パスワード")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("現IP加入電話パスワード")).toHaveValue("");
      await expect(page.getByLabel("IP加入電話番号", { exact: true })).toHaveValue("05087654321");
      await expect(page.getByLabel("IP加入電話番号", { exact: true })).not.toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("新IP加入電話パスワード", { exact: true })).toHaveValue("k7m2x9qa");
      await expect(page.getByLabel("新IP加入電話パスワード(確認用)")).toHaveValue("k7m2x9qa");

      // Another customer's number: the number is at fault, and nothing tells whether it exists.
      await fillChange(page, { number: "05011112222", current: "open2222", next: "k7m2x9qa" });
      await expect(alert(page)).toContainText("ご契約中の番号ではありません");
      await expect(page.getByLabel("IP加入電話番号", { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByLabel("新IP加入電話パスワード", { exact: true })).toHaveValue("k7m2x9qa");
    });

    test("the generator fills both new-password fields with one suggestion, shown once", async ({ page, request }) => {
      await signIn(page, request, demo.customer);
      await page.goto("/ip-phone/password");
      await expect(page.getByTestId("generator")).toContainText("控えてから更新してください");
      await expect(page.getByTestId("suggestion")).toHaveText("");
      await page.getByLabel("IP加入電話番号", { exact: true }).fill("05087654321");
      await page.getByRole("button", { name: "安全なパスワードを作成して入力" }).click();
      await expect(page.getByTestId("suggestion")).toContainText("作成したパスワード");
      const value = await page.getByLabel("新IP加入電話パスワード", { exact: true }).inputValue();
      expect(value).toMatch(/^[a-km-np-z2-9]{8}$/);
      await expect(page.getByLabel("新IP加入電話パスワード(確認用)")).toHaveValue(value);
      await expect(page.getByTestId("suggestion")).toHaveText(`作成したパスワード：${value}`);
      // What the customer had typed stays.
      await expect(page.getByLabel("IP加入電話番号", { exact: true })).toHaveValue("05087654321");
      // The page shows no other password than the one it filled in.
      const text = await page.getByRole("main").innerText();
      expect(text.match(/\b[a-z0-9]{8}\b/g)?.filter((word) => /\d/.test(word) && /[a-z]/.test(word)) ?? []).toEqual(
        /\d/.test(value) && /[a-z]/.test(value) ? [value] : [],
      );

      await page.getByLabel("現IP加入電話パスワード").fill("pass5678");
      await page.getByRole("button", { name: "更新" }).click();
      await expect(page).toHaveURL(/\/complete\//);
    });
  });
}

test("another customer's completion page is a 404", async ({ page, request, browser }) => {
  await signIn(page, request, demo.customer);
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
  await expect(page).toHaveURL(/\/complete\//);
  const url = page.url();

  const other = await browser.newContext({
    extraHTTPHeaders: { ...testSecretHeader, "X-Forwarded-For": "198.51.100.252" },
  });
  const otherPage = await other.newPage();
  await signIn(otherPage, other.request, demo.other);
  await expect(otherPage).toHaveURL(/\/menu$/);
  const response = await otherPage.goto(url);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "ページが見つかりません" })).toBeVisible();
  await other.close();
});
