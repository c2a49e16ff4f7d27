// Operators and their roles: a viewer sees and reaches nothing an admin-only page holds (a direct post of an admin's
// action included); an admin creates an operator, disables one who is signed in elsewhere (signed out at their next
// request) and cannot disable themselves; a new operator without the code fallback registers a passkey at the first
// sign-in and signs in with it alone from then on.
import type { APIRequestContext, Page } from "@playwright/test";
import { hiddenFieldsOfForm, multipart, multipartType } from "../test/forms";
import {
  alert,
  codeMailMark,
  demo,
  expect,
  expectNoSeriousViolations,
  latestCode,
  otherClient,
  reachCodePage,
  signIn,
  test,
} from "./fixtures";

const support = { id: "support0001", password: "Support-pass-0001", email: "support0001@example.jp" };
const viewer = { id: "viewer0001", password: "Viewer-pass-0001", email: "viewer0001@example.jp" };
const ORIGIN = "http://localhost:3100";

test.describe.configure({ mode: "serial" });

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

const cookieHeader = async (page: Page) =>
  (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");

/** The operator's row's 「変更…」 link: the edit panel's URL, which carries the operator's id. */
async function editLink(page: Page, selfCareId: string): Promise<string> {
  await page.goto("/admin/operators");
  const href = await page
    .getByTestId("operator-row")
    .filter({ hasText: selfCareId })
    .getByRole("link", { name: /変更…/ })
    .getAttribute("href");
  return href!;
}

/** Fills the reason fields of the form holding `button` and presses it. */
async function submitWithReason(page: Page, button: string, reason = "人事異動のため", ticket = "OPS-42") {
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: button }) });
  await form.getByLabel("理由", { exact: true }).selectOption("その他");
  await form.getByLabel("理由（「その他」を選んだ場合）").fill(reason);
  await form.getByLabel("チケット番号（任意）").fill(ticket);
  await form.getByRole("button", { name: button }).click();
}

/** A plain post of the form whose markup contains `marker`, as a browser without JavaScript sends it. */
async function postForm(
  request: APIRequestContext,
  {
    path = "/admin/operators",
    html,
    marker,
    cookie,
    values,
  }: { path?: string; html: string; marker: string; cookie: string; values: Record<string, string> },
) {
  return request.post(path, {
    headers: { "content-type": multipartType, origin: ORIGIN, cookie },
    data: multipart({ ...hiddenFieldsOfForm(html, marker), ...values }),
    maxRedirects: 0,
  });
}

test("a viewer sees no admin-only links, is refused admin pages, and a direct post of an admin action", async ({
  page,
  request,
  browser,
}) => {
  const admin = await otherClient(browser, "203.0.113.81");
  await signIn(admin.page, admin.context.request, demo.admin);
  const supportEdit = await editLink(admin.page, support.id);
  const adminHtml = await (await admin.context.request.get(supportEdit)).text();
  await admin.context.close();

  await signIn(page, request, viewer);
  const nav = page.getByRole("navigation", { name: "運用メニュー" });
  await expect(nav.getByRole("link", { name: "パスワード変更の状況" })).toBeVisible();
  for (const hidden of ["オペレーター", "操作記録", "APIキー", "CSV取り込み"]) {
    await expect(nav.getByRole("link", { name: hidden, exact: true })).toHaveCount(0);
  }
  for (const path of ["/admin/operators", "/admin/operators/trail", "/admin/api-keys"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/admin\/denied$/);
    await expect(page.getByRole("heading", { name: "この操作の権限がありません" })).toBeVisible();
  }

  // The admin's own disable form, posted with the viewer's session: refused before it does anything.
  const refused = await postForm(request, {
    html: adminHtml,
    marker: 'value="disable"',
    cookie: await cookieHeader(page),
    values: { reason: "その他", reasonText: "なりすまし", ticket: "" },
  });
  expect(refused.status()).toBeGreaterThanOrEqual(300);
  expect(refused.status()).toBeLessThan(400);
  expect(refused.headers()["location"] ?? (await refused.text())).toContain("/admin/denied");

  // support0001 still signs in.
  const stillThere = await otherClient(browser, "203.0.113.82");
  await signIn(stillThere.page, stillThere.context.request, support);
  await stillThere.context.close();
});

test("an admin creates an operator, disables a signed-in one (signed out at once), and cannot disable themselves", async ({
  page,
  request,
  browser,
}) => {
  const supportClient = await otherClient(browser, "203.0.113.83");
  await signIn(supportClient.page, supportClient.context.request, support);

  await signIn(page, request, demo.admin);
  await page.getByRole("navigation", { name: "運用メニュー" }).getByRole("link", { name: "オペレーター" }).click();
  await expect(page.getByRole("heading", { name: "オペレーター", exact: true })).toBeVisible();
  await expectNoSeriousViolations(page, "/admin/operators");

  // A new operator: the initial password shows once.
  const newId = `ops${Date.now().toString(36)}`;
  await page.getByLabel("ID（ログインに使います）").fill(newId);
  await page.getByLabel("名前", { exact: true }).fill("新人 一号");
  await page.getByLabel("メールアドレス", { exact: true }).fill(`${newId}@example.jp`);
  await page.getByLabel("サポート（support）").check();
  await submitWithReason(page, "登録する", "新しい担当者");
  await expect(page.getByTestId("created-operator")).toContainText(`オペレーター「${newId}」を登録しました`);
  await expect(page.getByTestId("created-password")).toHaveValue(/^[A-Za-z0-9]{14}$/);
  await expect(page.getByTestId("operator-row").filter({ hasText: newId })).toContainText("サポート（support）");
  await page.reload();
  await expect(page.getByTestId("created-password")).toHaveCount(0);

  // Disabling support0001 ends their session at once: their next request finds them signed out.
  await page.goto(await editLink(page, support.id));
  await expectNoSeriousViolations(page, "/admin/operators (editing)");
  await submitWithReason(page, "無効にする");
  await expect(page.getByRole("main").getByRole("status")).toContainText("「support0001」を無効にしました");
  await expect(page.getByTestId("operator-row").filter({ hasText: support.id })).toContainText("無効");
  await supportClient.page.goto("/admin/changes");
  await expect(supportClient.page).toHaveURL(/\/login\?expired=1$/);
  // And cannot sign in again: the usual answer, nothing more.
  await supportClient.page.getByLabel("セルフケアID").fill(support.id);
  await supportClient.page.getByLabel("セルフケアパスワード").fill(support.password);
  await supportClient.page.getByRole("button", { name: "送信" }).click();
  await expect(alert(supportClient.page)).toContainText("セルフケアIDまたはセルフケアパスワードが正しくありません");
  await supportClient.context.close();

  // The admin's own row offers no change; a forged post of the disable form for them is refused by the server.
  const ownEdit = await editLink(page, demo.admin.id);
  await page.goto(ownEdit);
  await expect(page.getByTestId("operator-edit")).toContainText("ご自身のアカウントの役割の変更や無効化はできません");
  const adminId = new URL(ownEdit, ORIGIN).searchParams.get("edit")!;
  const newEdit = await editLink(page, newId);
  const html = await (await page.request.get(newEdit)).text();
  const forged = await postForm(page.request, {
    path: newEdit.replace(/#.*$/, ""),
    html,
    marker: 'value="disable"',
    cookie: await cookieHeader(page),
    values: { operatorId: adminId, reason: "その他", reasonText: "自分を無効に", ticket: "" },
  });
  expect(forged.status()).toBe(200);
  expect(await forged.text()).toContain("ご自身のアカウントの役割の変更・無効化などはできません");
  await page.goto("/admin/operators");
  await expect(page.getByTestId("operator-row").filter({ hasText: demo.admin.id })).toContainText("有効");

  // The operators' trail: the admin's actions with their reasons, filterable by kind.
  await page.getByRole("navigation", { name: "運用メニュー" }).getByRole("link", { name: "操作記録" }).click();
  await page.getByLabel("操作の種類").selectOption({ label: "オペレーターの無効化（すべての端末をログアウト）" });
  await page.getByRole("button", { name: "表示" }).click();
  const rows = page.getByTestId("trail-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("admin0001");
  await expect(rows.first()).toContainText("support0001");
  await expect(rows.first()).toContainText("人事異動のため");
  await expect(rows.first()).toContainText("OPS-42");
  await expectNoSeriousViolations(page, "/admin/operators/trail");
});

/** Chromium's virtual authenticator: a platform authenticator with the device's screen lock. */
async function virtualAuthenticator(page: Page) {
  await page.addInitScript(() => {
    PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
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

test("a new operator without the code fallback registers a passkey at the first sign-in, then signs in with it alone", async ({
  page,
  request,
  browser,
}) => {
  const admin = await otherClient(browser, "203.0.113.84");
  await signIn(admin.page, admin.context.request, demo.admin);
  await admin.page.goto("/admin/operators");
  const newId = `pk${Date.now().toString(36)}`;
  const account = { id: newId, email: `${newId}@example.jp`, password: "" };
  await admin.page.getByLabel("ID（ログインに使います）").fill(newId);
  await admin.page.getByLabel("名前", { exact: true }).fill("新任 管理者");
  await admin.page.getByLabel("メールアドレス", { exact: true }).fill(account.email);
  await admin.page.getByLabel("閲覧（viewer）").check();
  await submitWithReason(admin.page, "登録する", "新しい担当者");
  account.password = await admin.page.getByTestId("created-password").inputValue();
  await admin.context.close();

  // The first sign-in: the password and an emailed code, then nothing but the passkeys page until one is registered.
  await virtualAuthenticator(page);
  const before = await codeMailMark(request, account.email);
  await reachCodePage(page, account);
  await page.getByLabel("認証コード（6桁）").fill(await latestCode(request, account.email, before));
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(page).toHaveURL(/\/admin\/account\/passkeys$/);
  await expect(alert(page)).toContainText("初回のログインのため、この端末のパスキーを登録してください");
  await page.goto("/admin/changes");
  await expect(page).toHaveURL(/\/admin\/account\/passkeys$/);
  await expectNoSeriousViolations(page, "/admin/account/passkeys (forced)");
  await page.getByLabel("パスキーの名前").fill("業務PC");
  await page.getByRole("button", { name: "この端末のパスキーを登録" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("パスキーを登録しました");
  await page.getByRole("link", { name: "運用コンソールへ" }).click();
  await expect(page).toHaveURL(/\/admin\/changes$/);
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  await expect(page.getByText("ログアウトしました。")).toBeVisible();

  // From now on the password and code are refused, with the way that works.
  await page.getByLabel("セルフケアID").fill(account.id);
  await page.getByLabel("セルフケアパスワード").fill(account.password);
  await page.getByRole("button", { name: "送信" }).click();
  await expect(alert(page)).toContainText("「パスキーでログイン」ボタンからログインしてください");
  await page.getByRole("button", { name: "パスキーでログイン" }).click();
  await expect(page).toHaveURL(/\/admin\/changes$/);
});
