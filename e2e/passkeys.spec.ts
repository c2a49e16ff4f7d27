// Passkeys in Chromium's virtual authenticator (CDP WebAuthn): registered from 「パスキー」, a sign-in with no password
// and no emailed code, the step-up an emergency change asks for, removal, and the answers the server must refuse.
import type { Page } from "@playwright/test";
import { demo, expect, expectNoSeriousViolations, latestMail, setClock, signIn, test } from "./fixtures";

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

async function addPasskey(page: Page, name: string) {
  await page.goto("/account/passkeys");
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
  page,
  request,
}) => {
  await virtualAuthenticator(page);
  await signIn(page, request, demo.customer);
  await addPasskey(page, "テスト端末");
  await expectNoSeriousViolations(page, "/account/passkeys with a passkey");
  expect(await latestMail(request, demo.customer.email, "パスキー登録のお知らせ")).toContain("テスト端末");
  await signOut(page);

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

  // Removing the last passkey needs a step-up: the one just made still holds (five minutes).
  await page.goto("/account/passkeys");
  await page.getByRole("button", { name: "パスキー「テスト端末」を削除" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("パスキーを削除しました");
  expect(await latestMail(request, demo.customer.email, "パスキー削除のお知らせ")).toContain("テスト端末");
  await signOut(page);

  // The browser still holds the key, but the portal no longer knows it.
  await passkeySignIn(page);
  await expect(page.getByRole("main").getByRole("alert")).toContainText("パスキーでログインできませんでした");
  await expect(page).toHaveURL(/\/login(\?|$)/);
});

test("the self-care ID field offers the passkey in its autofill (conditional UI)", async ({ page, request }) => {
  await virtualAuthenticator(page, { autofill: true });
  await signIn(page, request, demo.customer);
  await addPasskey(page, "オートフィル");
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
  await addPasskey(page, "リプレイ確認");
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
  await addPasskey(page, "一郎の端末");
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
