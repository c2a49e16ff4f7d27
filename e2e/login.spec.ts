import {
  codeMailMark,
  alert,
  demo,
  expect,
  latestCode,
  otherClient,
  reachCodePage,
  setClock,
  signIn,
  submitPassword,
  test,
} from "./fixtures";

const WRONG = "セルフケアIDまたはセルフケアパスワードが正しくありません";

for (const javaScriptEnabled of [true, false]) {
  test.describe(`signing in with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("a customer signs in with the emailed code and reaches the menu", async ({ page, request }) => {
      const before = await codeMailMark(request, demo.customer.email);
      await submitPassword(page, demo.customer.id, demo.customer.password);
      await expect(page).toHaveURL(/\/login\/verify$/);
      await expect(page.getByText("d***1@example.jp")).toBeVisible();
      await page.getByLabel("認証コード（6桁）").fill(await latestCode(request, demo.customer.email, before));
      await page.getByRole("button", { name: "認証する" }).click();
      await expect(page).toHaveURL(/\/menu$/);
      await expect(page.getByRole("heading", { name: "メニュー" })).toBeVisible();
      await expect(page.getByText("05012345678")).toBeVisible();
      await expect(page.getByText("05087654321")).toBeVisible();
      await expect(page.getByRole("link", { name: "IP加入電話パスワードを変更する" })).toHaveAttribute(
        "href",
        "/ip-phone/password",
      );
    });

    test("the code step signs in although a signed-out session's cookie came back after the password step", async ({
      page,
      request,
    }) => {
      await signIn(page, request, demo.customer);
      const signedOut = (await page.context().cookies()).find((cookie) => cookie.name === "authjs.session-token")!;
      await page.getByRole("button", { name: "ログアウト", exact: true }).click();
      await expect(page).toHaveURL(/\/login\?signedOut/);

      const before = await codeMailMark(request, demo.customer.email);
      await reachCodePage(page, demo.customer);
      // An answer sent before the sign-out and arriving only now (a prefetch, a refreshed cookie) puts the revoked
      // token back: the proxy decodes it as a session, but the code step is still this browser's way in.
      await page.context().addCookies([signedOut]);
      await page.getByLabel("認証コード（6桁）").fill(await latestCode(request, demo.customer.email, before));
      await page.getByRole("button", { name: "認証する" }).click();
      await expect(page).toHaveURL(/\/menu$/);
      await expect(page.getByRole("heading", { name: "メニュー" })).toBeVisible();
    });

    test("a wrong password and an unknown ID get the same message", async ({ page }) => {
      await submitPassword(page, demo.customer.id, "wrong-password");
      await expect(alert(page)).toContainText(WRONG);
      const known = await alert(page).textContent();
      await expect(page.getByLabel("セルフケアID")).toHaveValue(demo.customer.id);
      await expect(page.getByLabel("セルフケアパスワード")).toHaveValue("");

      await submitPassword(page, "nobody9999", "wrong-password");
      await expect(alert(page)).toContainText(WRONG);
      expect(await alert(page).textContent()).toBe(known);
    });

    test("empty fields are reported next to each field", async ({ page }) => {
      await page.goto("/login");
      await page.getByRole("button", { name: "送信" }).click();
      await expect(page.getByLabel("セルフケアID")).toHaveAttribute("aria-invalid", "true");
      await expect(page.getByText("セルフケアIDを入力してください。").first()).toBeVisible();
      await expect(page.locator("#password-error")).toHaveText("セルフケアパスワードを入力してください。");
    });
  });
}

test("the first invalid field receives focus", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "送信" }).click();
  await expect(page.getByLabel("セルフケアID")).toBeFocused();
});

test("five wrong codes end the challenge and the code page says to start over", async ({ page, request }) => {
  const before = await codeMailMark(request, demo.customer.email);
  await reachCodePage(page, demo.customer);
  const code = await latestCode(request, demo.customer.email, before);
  const wrong = code === "000000" ? "111111" : "000000";
  for (let left = 4; left >= 1; left--) {
    await page.getByLabel("認証コード（6桁）").fill(wrong);
    await page.getByRole("button", { name: "認証する" }).click();
    await expect(page.locator("#code-error")).toContainText(`あと${left}回`);
  }
  await page.getByLabel("認証コード（6桁）").fill(wrong);
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(alert(page)).toContainText("この認証手続きは無効になりました");
  await page.reload();
  await expect(alert(page)).toContainText("有効な認証手続きがありません");
  await expect(page.getByLabel("認証コード（6桁）")).toHaveCount(0);
});

test("an expired code is refused", async ({ page, request }) => {
  const before = await codeMailMark(request, demo.customer.email);
  await reachCodePage(page, demo.customer);
  const code = await latestCode(request, demo.customer.email, before);
  await setClock(request, new Date(Date.now() + 11 * 60_000));
  await page.getByLabel("認証コード（6桁）").fill(code);
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(alert(page)).toContainText("有効期限が切れました");
  await expect(page).toHaveURL(/\/login\/verify$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("resending waits 60 seconds, then mails a new code that works", async ({ page, request }) => {
    // The test clock runs on once set: the code goes out a few seconds after 13:59:30, so the resend opens at 14:00:3x.
    await setClock(request, new Date("2026-11-24T04:59:30Z"));
    const beforeFirst = await codeMailMark(request, demo.customer.email);
    await reachCodePage(page, demo.customer);
    const first = await latestCode(request, demo.customer.email, beforeFirst);
    // The page states the server's time; the server answers the same rule.
    await expect(page.getByTestId("resend-note")).toContainText("再送信は2026年11月24日 14:01以降");
    await page.getByRole("button", { name: "認証コードを再送信" }).click();
    await expect(alert(page)).toContainText("認証コードの再送信は2026年11月24日 14:01以降");

    await setClock(request, new Date("2026-11-24T05:01:00Z"));
    const beforeSecond = await codeMailMark(request, demo.customer.email);
    await page.getByRole("button", { name: "認証コードを再送信" }).click();
    await expect(page.getByRole("main").getByRole("status").filter({ hasText: "再送信しました" })).toBeVisible();
    const second = await latestCode(request, demo.customer.email, beforeSecond);
    expect(second).toMatch(/^\d{6}$/);
    if (second !== first) {
      await page.getByLabel("認証コード（6桁）").fill(first);
      await page.getByRole("button", { name: "認証する" }).click();
      await expect(page.locator("#code-error")).toContainText("正しくありません");
    }
    await page.getByLabel("認証コード（6桁）").fill(second);
    await page.getByRole("button", { name: "認証する" }).click();
    await expect(page).toHaveURL(/\/menu$/);
  });

  test("the code page's count of tries agrees with the server after a wrong code", async ({ page }) => {
    await reachCodePage(page, demo.customer);
    await expect(page.locator("#code-hint")).toContainText("入力を5回間違えると");
    await page.getByLabel("認証コード（6桁）").fill("000000");
    await page.getByRole("button", { name: "認証する" }).click();
    await expect(page.locator("#code-error")).toContainText("あと4回");
    await expect(page.locator("#code-hint")).toHaveCount(0);
    await page.goto("/login/verify");
    await expect(page.locator("#code-hint")).toContainText("入力を4回間違えると");
  });
});

test("with JavaScript the resend button counts down on the server's clock and is disabled until then", async ({
  page,
  request,
}) => {
  // The server's clock is days away from the browser's: the countdown must follow the server.
  await setClock(request, new Date("2026-11-24T05:00:00Z"));
  await reachCodePage(page, demo.customer);
  const button = page.getByRole("button", { name: "認証コードを再送信" });
  await expect(button).toBeDisabled();
  await expect(page.getByTestId("resend-note")).toContainText(/再送信は(60|5\d)秒後から/);

  await setClock(request, new Date("2026-11-24T05:01:30Z"));
  await page.reload();
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page.getByRole("main").getByRole("status").filter({ hasText: "再送信しました" })).toBeVisible();
  await expect(button).toBeDisabled();
  await expect(page.getByTestId("resend-note")).toContainText(/再送信は(60|5\d)秒後から/);

  await page.getByLabel("認証コード（6桁）").fill("000000");
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(page.locator("#code-error")).toContainText("あと4回");
  await expect(page.getByRole("main")).not.toContainText("5回間違えると");
});

test("protected pages send visitors to the login page", async ({ page }) => {
  for (const path of ["/menu", "/ip-phone/password", "/admin/changes"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login/);
  }
});

test("a signed-in customer cannot open the admin pages and skips the login page", async ({ page, request }) => {
  await signIn(page, request, demo.customer);
  await expect(page).toHaveURL(/\/menu$/);
  await page.goto("/admin/changes");
  await expect(page).toHaveURL(/\/menu$/);
  await page.goto("/login");
  await expect(page).toHaveURL(/\/menu$/);
});

test("signing out ends the session", async ({ page, request }) => {
  await signIn(page, request, demo.customer);
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?signedOut/);
  await expect(page.getByText("ログアウトしました。")).toBeVisible();
  await page.goto("/menu");
  await expect(page).toHaveURL(/\/login/);
});

test.describe("without JavaScript (no prefetch in the background moves the clock's first request)", () => {
  test.use({ javaScriptEnabled: false });

  test("a session ends 12 hours after a customer's sign-in and 8 after an operator's, however busy", async ({
    browser,
    page,
    request,
  }) => {
    const jst = (local: string) => new Date(`${local}+09:00`);
    await setClock(request, jst("2026-11-24T08:00:00"));
    await signIn(page, request, demo.customer);
    const { context: operator, page: admin } = await otherClient(browser, "203.0.113.61", { javaScriptEnabled: false });
    await signIn(admin, request, demo.admin);

    // Busy all day: each request re-issues the token, but the end stays where the sign-in put it.
    await setClock(request, jst("2026-11-24T15:59:00"));
    expect((await admin.goto("/admin/changes"))?.status()).toBe(200);
    await expect(admin).toHaveURL(/\/admin\/changes$/);
    await setClock(request, jst("2026-11-24T16:00:30"));
    await admin.goto("/admin/changes");
    await expect(admin).toHaveURL(/\/login\?expired=1$/);

    await setClock(request, jst("2026-11-24T19:59:00"));
    await page.goto("/menu");
    await expect(page).toHaveURL(/\/menu$/);
    await setClock(request, jst("2026-11-24T20:00:30"));
    await page.goto("/menu");
    await expect(page).toHaveURL(/\/login\?expired=1$/);
    await expect(page.getByRole("status")).toContainText("セッションの有効期限が切れました");
    await operator.close();
  });
});

test("the menu's 「すべての端末からログアウト」 ends the session in every browser", async ({
  browser,
  page,
  request,
}) => {
  await signIn(page, request, demo.customer);
  const { context: elsewhere, page: other } = await otherClient(browser, "203.0.113.62");
  await signIn(other, request, demo.customer);

  await page.goto("/menu");
  await page.getByRole("button", { name: "すべての端末からログアウト" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut/);
  await other.goto("/menu");
  await expect(other).toHaveURL(/\/login\?expired=1$/);
  await elsewhere.close();
});
