// Passkeys in Chromium's virtual authenticator (CDP WebAuthn): registered from 「パスキー」 after a step-up, a sign-in
// with no password and no emailed code, the step-up an emergency change asks for, removal (ending other sessions),
// the passkeys a sign-out everywhere takes with it, and the answers the server must refuse.
import type { APIRequestContext, Page } from "@playwright/test";
import {
  demo,
  expect,
  expectNoSeriousViolations,
  latestCode,
  latestMail,
  otherClient,
  setClock,
  signIn,
  test,
} from "./fixtures";

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
  await setClock(request, null);
});

/**
 * A platform authenticator with user verification (the device's screen lock), as a phone or a laptop has. Chromium's
 * virtual authenticator answers the ID field's autofill (conditional UI) by itself, where a person would choose the
 * passkey; unless `autofill`, the page is told the browser has no autofill, so the test presses the button.
 */
async function virtualAuthenticator(page: Page, { autofill = false } = {}) {
  if (!autofill) {
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
  }
  const client = await page.context().newCDPSession(page);
  await client.send("WebAuthn.enable");
  await client.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** 「ご本人の確認」 with the emailed code (the way without a passkey, and without JavaScript), back to `next`. */
async function stepUpWithCode(page: Page, request: APIRequestContext) {
  await expect(page.getByRole("heading", { name: "ご本人の確認" })).toBeVisible();
  const previous = await latestCode(request, demo.customer.email);
  await page.getByRole("button", { name: "認証コードを送信" }).click();
  await expect(page.getByText("認証コードをお送りしました")).toBeVisible();
  // The mail goes out after the answer, and the sign-in's may be the only one before it: wait for a new code.
  let code = previous;
  await expect.poll(async () => (code = await latestCode(request, demo.customer.email))).not.toBe(previous);
  await page.getByLabel("認証コード（6桁）").fill(code);
  await page.getByRole("button", { name: "確認する" }).click();
}

/** Adding a passkey asks for a step-up first, however fresh the sign-in; the emailed code gives it (no passkey yet). */
async function addPasskey(page: Page, request: APIRequestContext, name: string) {
  await page.goto("/account/passkeys");
  await page.getByLabel("パスキーの名前").fill(name);
  await page.getByRole("button", { name: "この端末のパスキーを登録" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("もう一度ご本人の確認が必要です");
  await expect(page.getByTestId("passkey").filter({ hasText: name })).toHaveCount(0);
  await page.getByRole("link", { name: "ご本人の確認へ進む" }).click();
  await stepUpWithCode(page, request);
  await expect(page).toHaveURL(/\/account\/passkeys$/);
  await page.getByLabel("パスキーの名前").fill(name);
  await page.getByRole("button", { name: "この端末のパスキーを登録" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("パスキーを登録しました");
  await expect(page.getByTestId("passkey").filter({ hasText: name })).toContainText("まだ使われていません");
}

async function signOut(page: Page) {
  await page.goto("/menu");
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  await expect(page.getByText("ログアウトしました。")).toBeVisible();
}

const passkeySignIn = async (page: Page) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "パスキーでログイン" }).click();
};

test("a passkey signs in without password or code, steps up an emergency change, and stops working once removed", async ({
  browser,
  page,
  request,
}) => {
  await virtualAuthenticator(page);
  await signIn(page, request, demo.customer);
  await addPasskey(page, request, "テスト端末");
  await expectNoSeriousViolations(page, "/account/passkeys with a passkey");
  expect(await latestMail(request, demo.customer.email, "パスキー登録のお知らせ")).toContain("テスト端末");
  await signOut(page);
  // Six minutes on, the emailed code's step-up that let the passkey be added has lapsed.
  await setClock(request, new Date(Date.now() + 6 * 60_000));

  // Signed in by the passkey alone: the code page is never shown.
  const codePages: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame.url().includes("/login/verify")) codePages.push(frame.url());
  });
  await passkeySignIn(page);
  await expect(page).toHaveURL(/\/menu$/);
  expect(codePages).toEqual([]);
  await page.goto("/account/passkeys");
  await expect(page.getByTestId("passkey")).not.toContainText("まだ使われていません");

  // An emergency change asks for the passkey first, and comes back to the form with the line and the way chosen.
  await page.goto("/ip-phone/password");
  await page.getByLabel("IP加入電話番号", { exact: true }).fill("05012345678");
  await page.getByLabel("緊急（パスワードが漏れたおそれがある場合）").check();
  await page.getByLabel("現IP加入電話パスワード").fill("abcd1234");
  await page.getByLabel("新IP加入電話パスワード", { exact: true }).fill("q8w3n5zt");
  await page.getByLabel("新IP加入電話パスワード(確認用)").fill("q8w3n5zt");
  await page.getByRole("button", { name: "更新" }).click();
  await expect(page).toHaveURL(/\/account\/verify\?next=/);
  await expect(page.getByText("緊急のIP加入電話パスワード変更の前に")).toBeVisible();
  await expectNoSeriousViolations(page, "/account/verify with a passkey");
  await page.getByRole("button", { name: "パスキーで確認" }).click();
  await expect(page).toHaveURL(/\/ip-phone\/password\?number=05012345678&mode=emergency$/);
  await page.getByLabel("現IP加入電話パスワード").fill("abcd1234");
  await page.getByLabel("新IP加入電話パスワード", { exact: true }).fill("q8w3n5zt");
  await page.getByLabel("新IP加入電話パスワード(確認用)").fill("q8w3n5zt");
  await page.getByRole("button", { name: "更新" }).click();
  await expect(page).toHaveURL(/\/complete\//);
  await expect(page.getByTestId("switch-mode")).toHaveText("緊急");

  // Removing the last passkey needs a step-up: the one just made still holds (five minutes). The removal ends every
  // other session; this one stays.
  const elsewhere = await otherClient(browser, "203.0.113.73");
  await signIn(elsewhere.page, request, demo.customer);
  await page.goto("/account/passkeys");
  await page.getByRole("button", { name: "パスキー「テスト端末」を削除" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("パスキーを削除しました");
  expect(await latestMail(request, demo.customer.email, "パスキー削除のお知らせ")).toContain("テスト端末");
  await page.goto("/menu");
  await expect(page).toHaveURL(/\/menu$/);
  await elsewhere.page.goto("/menu");
  await expect(elsewhere.page).toHaveURL(/\/login\?expired=1$/);
  await elsewhere.context.close();
  await signOut(page);

  // The browser still holds the key, but the portal no longer knows it.
  await passkeySignIn(page);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("パスキーでログインできませんでした");
  await expect(page).toHaveURL(/\/login(\?|$)/);
});

test("the self-care ID field offers the passkey in its autofill (conditional UI)", async ({ page, request }) => {
  await virtualAuthenticator(page, { autofill: true });
  await signIn(page, request, demo.customer);
  await addPasskey(page, request, "オートフィル");
  await page.goto("/menu");
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  // Back on the sign-in page the ID field's autofill offers the passkey once the field has focus, and the virtual
  // authenticator picks it as a person would: signed in without pressing anything.
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel("セルフケアID").focus();
  await expect(page).toHaveURL(/\/menu$/, { timeout: 15_000 });
});

test("a replayed answer is refused", async ({ page, request }) => {
  await virtualAuthenticator(page);
  await signIn(page, request, demo.customer);
  await addPasskey(page, request, "リプレイ確認");
  await signOut(page);

  // The answer to the first challenge, sent a second time, signs nobody in.
  let captured: { body: string; headers: Record<string, string> } | undefined;
  page.on("request", (sent) => {
    const body = sent.postData();
    if (sent.method() === "POST" && body?.includes("authenticatorData")) {
      captured = { body, headers: sent.headers() };
    }
  });
  await passkeySignIn(page);
  await expect(page).toHaveURL(/\/menu$/);
  expect(captured).toBeDefined();
  const replay = await page.request.post("/login", {
    headers: { ...captured!.headers, cookie: captured!.headers.cookie ?? "" },
    data: captured!.body,
  });
  expect(await replay.text()).toContain("パスキーでログインできませんでした");
  // An answer to an expired challenge: lib/auth/passkeys.int.test.ts (the test clock cannot move between the
  // browser's two requests of one ceremony without racing it).
});

test("another customer's passkey is never offered for a step-up, and the page says why without JavaScript", async ({
  browser,
  page,
  request,
}) => {
  await virtualAuthenticator(page);
  await signIn(page, request, demo.customer);
  await addPasskey(page, request, "一郎の端末");
  await signOut(page);
  // The other customer in a browser of their own (Chromium's virtual authenticator answers the ID field's autofill by
  // itself, which a person would have to choose): no passkey of theirs, so the emailed code is the way.
  const other = await browser.newPage();
  await signIn(other, request, demo.other);
  await other.goto("/account/verify?next=/account/password");
  await expect(other.getByRole("button", { name: "パスキーで確認" })).toHaveCount(0);
  await expect(other.getByRole("button", { name: "認証コードを送信" })).toBeVisible();
  await other.close();

  const noScript = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noScript.newPage();
  await plain.goto("/login");
  await expect(plain.getByText("パスキーはJavaScriptが有効な場合にご利用いただけます。")).toBeVisible();
  await expect(plain.getByRole("button", { name: "パスキーでログイン" })).toHaveCount(0);
  await noScript.close();
});

test("「すべての端末からログアウト」 removes a passkey added in the last day, and the customer is told", async ({
  page,
  request,
}) => {
  await virtualAuthenticator(page);
  await signIn(page, request, demo.customer);
  await addPasskey(page, request, "盗まれたかもしれない端末");
  await page.goto("/menu");
  await page.getByRole("button", { name: "すべての端末からログアウト" }).click();
  await expect(page).toHaveURL(/\/login\?signedOut/);
  expect(await latestMail(request, demo.customer.email, "最近登録されたパスキー")).toContain(
    "盗まれたかもしれない端末",
  );

  // The passkey no longer signs in; the password and the emailed code do, and the list is empty.
  await passkeySignIn(page);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("パスキーでログインできませんでした");
  await signIn(page, request, demo.customer);
  await page.goto("/account/passkeys");
  await expect(page.getByText("登録済みのパスキーはありません。")).toBeVisible();
});

test("a step-up's return address that does not parse leads back to the menu, with JavaScript off too", async ({
  browser,
  page,
  request,
}) => {
  await signIn(page, request, demo.customer);
  for (const next of ["http://[", "http://[::1", "%E0%A4%A"]) {
    const response = await page.goto(`/account/verify?next=${encodeURIComponent(next)}`);
    expect(response?.status()).toBe(200);
    await expect(page.getByRole("link", { name: "戻る" })).toHaveAttribute("href", "/menu");
  }
  const plain = await otherClient(browser, "203.0.113.74", { javaScriptEnabled: false });
  await signIn(plain.page, request, demo.customer);
  expect((await plain.page.goto("/account/verify?next=http://[", { waitUntil: "commit" }))?.status()).toBe(200);
  await expect(plain.page.getByRole("heading", { name: "ご本人の確認" })).toBeVisible();
  await plain.context.close();
});
