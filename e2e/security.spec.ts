// Security headers, cookies, and what hostile or malformed requests get back: a clear answer, never a 500.
import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { hiddenFields, hiddenFieldsOfForm, multipart, multipartType } from "../test/forms";
import {
  codeMailMark,
  demo,
  expect,
  fillChange,
  latestCode,
  otherClient,
  reachCodePage,
  setClock,
  signIn,
  test,
} from "./fixtures";
import { serverSecrets } from "../test/server-env.mjs";

const ORIGIN = "http://localhost:3100";

const hostileValues: Record<string, string | Buffer> = {
  empty: "",
  "SQL injection": "' OR '1'='1'; DROP TABLE customers; --",
  "HTML and script": '<script>alert("x")</script><img src=x onerror=alert(1)>',
  "control characters": "demo\u0000\u0007\u001b[31m\r\n0001",
  "full-width": "ｄｅｍｏ０００１　０５０－１２３４－５６７８",
  "not UTF-8": Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xa0, 0xa1, 0x80]),
  "long (10 KB)": "9".repeat(10_000),
};

/** Posts a form the way a browser without JavaScript does, with the page's own hidden action fields. */
async function postForm(
  request: APIRequestContext,
  page: string,
  field: string,
  values: Record<string, string | Buffer>,
  cookie = "",
) {
  const html = await (await request.get(page, { headers: { cookie } })).text();
  return request.post(page, {
    headers: { "content-type": multipartType, origin: ORIGIN, cookie },
    data: multipart({ ...hiddenFields(html, field), ...values }),
    maxRedirects: 0,
  });
}

async function expectCalmAnswer(response: APIResponse) {
  expect(response.status(), `status for ${response.url()}`).toBeLessThan(500);
  const body = await response.text();
  expect(body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|Error: /);
  expect(body).not.toContain('<script>alert("x")</script>');
}

const cookieHeader = async (page: Page) =>
  (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");

test("pages carry a fresh CSP nonce on every script and the other security headers", async ({ request }) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const policy = first.headers()["content-security-policy"]!;
  const nonce = policy.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce).toBeTruthy();
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);

  const headers = first.headers();
  expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains; preload");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  expect(headers["x-powered-by"]).toBeUndefined();

  const api = await request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("signing in and changing a password run with no CSP violation", async ({ page, request }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/.test(message.text())) violations.push(message.text());
  });
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
  await signIn(page, request, demo.customer);
  await page.getByRole("link", { name: "IP加入電話パスワードを変更する" }).click();
  await page.getByRole("button", { name: "安全なパスワードを作成して入力" }).click();
  await expect(page.getByLabel("新IP加入電話パスワード", { exact: true })).not.toHaveValue("");
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  await expect(page).toHaveURL(/signedOut/);
  expect(violations).toEqual([]);
});

test("cookies are HttpOnly and SameSite=Lax; over https they are Secure and __Host-, deleted with the same attributes, and read under that name only", async ({
  page,
  request,
}) => {
  await signIn(page, request, demo.customer);
  const session = (await page.context().cookies()).find((cookie) => cookie.name === "authjs.session-token");
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });

  // Behind Vercel every request arrives as https: the same steps then set Secure, host-only, prefixed cookies.
  const https = { "x-forwarded-proto": "https" };
  const setCookie = (response: APIResponse, name: string) =>
    response
      .headersArray()
      .find((header) => header.name.toLowerCase() === "set-cookie" && header.value.startsWith(`${name}=`))?.value;
  const expectHostOnly = (value: string | undefined) => {
    expect(value).toMatch(/; Secure/i);
    expect(value).toMatch(/; HttpOnly/i);
    expect(value).toMatch(/; SameSite=lax/i);
    expect(value).toMatch(/; Path=\//i);
    expect(value).not.toMatch(/; Domain=/i);
  };
  const loginPage = await (await request.get("/login")).text();
  const step1 = await request.post("/login", {
    headers: { ...https, "content-type": multipartType, origin: ORIGIN },
    data: multipart({
      ...hiddenFields(loginPage, "selfCareId"),
      selfCareId: demo.other.id,
      password: demo.other.password,
    }),
    maxRedirects: 0,
  });
  expect(step1.status()).toBe(303);
  const binding = setCookie(step1, "__Host-selfcare-login");
  expectHostOnly(binding);
  const bindingCookie = binding!.split(";")[0]!;

  // On https the plain name is never read: a cookie tossed in under it finds no challenge.
  const plain = bindingCookie.replace("__Host-selfcare-login", "selfcare-login");
  const tossed = await (await request.get("/login/verify", { headers: { ...https, cookie: plain } })).text();
  expect(tossed).toContain("有効な認証手続きがありません");

  // A resend extends the challenge, and with it the cookie that binds it to this browser.
  await setClock(request, new Date(Date.now() + 61_000));
  const before = await codeMailMark(request, demo.other.email);
  const verifyPage = await (
    await request.get("/login/verify", { headers: { ...https, cookie: bindingCookie } })
  ).text();
  const resent = await request.post("/login/verify", {
    headers: { ...https, "content-type": multipartType, origin: ORIGIN, cookie: bindingCookie },
    data: multipart(hiddenFieldsOfForm(verifyPage, "認証コードを再送信")),
    maxRedirects: 0,
  });
  const refreshed = setCookie(resent, "__Host-selfcare-login");
  expectHostOnly(refreshed);
  expect(refreshed).toMatch(/; Max-Age=600/i);

  const step2 = await request.post("/login/verify", {
    headers: { ...https, "content-type": multipartType, origin: ORIGIN, cookie: bindingCookie },
    data: multipart({ ...hiddenFields(verifyPage, "code"), code: await latestCode(request, demo.other.email, before) }),
    maxRedirects: 0,
  });
  expectHostOnly(setCookie(step2, "__Host-authjs.session-token"));
  expectHostOnly(setCookie(step2, "__Host-selfcare-device"));
  // The binding's deletion carries Secure too, or the browser would ignore it.
  const deletion = setCookie(step2, "__Host-selfcare-login");
  expectHostOnly(deletion);
  expect(deletion).toMatch(/; Max-Age=0|; Expires=Thu, 01 Jan 1970/i);
});

test("next-auth's own endpoints are not served: the app's sign-out is the only one, and it ends every session", async ({
  request,
}) => {
  for (const path of ["/api/auth/signout", "/api/auth/session", "/api/auth/csrf", "/api/auth/providers"]) {
    expect((await request.get(path)).status()).toBe(404);
    expect((await request.post(path, { form: { csrfToken: "x" } })).status()).toBe(404);
  }
});

test("the login form answers hostile values with a message, never a 500 or an echoed script", async ({ request }) => {
  await request.delete("/api/test/rate-limits");
  for (const [name, value] of Object.entries(hostileValues)) {
    for (const field of ["selfCareId", "password"]) {
      const values = { selfCareId: "nobody9999", password: "Wrong-pass-9", [field]: value };
      const response = await postForm(request, "/login", "selfCareId", values);
      await test.step(`${field}: ${name}`, () => expectCalmAnswer(response));
      expect(response.status(), `${field}: ${name}`).toBe(200);
    }
  }
  // Missing fields and fields the form does not have.
  await expectCalmAnswer(await postForm(request, "/login", "selfCareId", {}));
  const extra = await postForm(request, "/login", "selfCareId", {
    selfCareId: "nobody9999",
    password: "x",
    role: "admin",
    isAdmin: "true",
  });
  await expectCalmAnswer(extra);
  expect(await extra.text()).toContain("セルフケアIDまたはセルフケアパスワードが正しくありません");
});

test("the code and password-change forms answer hostile values calmly and write nothing", async ({ page, request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
  await reachCodePage(page, demo.customer);
  const binding = await cookieHeader(page);
  for (const [name, value] of Object.entries(hostileValues)) {
    const response = await postForm(request, "/login/verify", "code", { code: value }, binding);
    await test.step(`code: ${name}`, () => expectCalmAnswer(response));
  }

  await request.delete("/api/test/rate-limits");
  await signIn(page, request, demo.customer);
  const session = await cookieHeader(page);
  const valid = {
    number: "05087654321",
    currentPassword: "wrong-guess",
    newPassword: "k7m2x9qa",
    confirmPassword: "k7m2x9qa",
  };
  for (const [name, value] of Object.entries(hostileValues)) {
    for (const field of ["number", "newPassword", "requestToken"]) {
      const response = await postForm(
        request,
        "/ip-phone/password",
        "newPassword",
        { ...valid, [field]: value },
        session,
      );
      await test.step(`${field}: ${name}`, () => expectCalmAnswer(response));
      expect(response.status(), `${field}: ${name}`).toBe(200);
    }
  }
  // Nothing moved: the original current password still works.
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
  await expect(page).toHaveURL(/\/complete\//);
});

test("forged action ids, foreign origins and oversized or unsized bodies get a 4xx", async ({ request }) => {
  const forged = await request.post("/login", {
    headers: { "content-type": multipartType, origin: ORIGIN },
    data: multipart({
      $ACTION_REF_1: "",
      "$ACTION_1:0": '{"id":"00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00","bound":"$@1"}',
      "$ACTION_1:1": "[{}]",
    }),
  });
  expect(forged.status()).toBeGreaterThanOrEqual(400);
  expect(forged.status()).toBeLessThan(500);
  const forgedFetch = await request.post("/login", {
    headers: {
      "next-action": "00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00",
      "content-type": "text/plain;charset=UTF-8",
      origin: ORIGIN,
    },
    data: "[]",
  });
  expect(forgedFetch.status()).toBeGreaterThanOrEqual(400);
  expect(forgedFetch.status()).toBeLessThan(500);

  const html = await (await request.get("/login")).text();
  const crossSite = await request.post("/login", {
    headers: { "content-type": multipartType, origin: "https://evil.example" },
    data: multipart({ ...hiddenFields(html, "selfCareId"), selfCareId: "demo0001", password: "Demo-pass-0001" }),
  });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toContain("他のサイトから送信されたフォームは受け付けていません");

  const huge = await request.post("/login", {
    headers: { "content-type": multipartType, origin: ORIGIN },
    data: multipart({ ...hiddenFields(html, "selfCareId"), selfCareId: "a".repeat(1024 * 1024), password: "x" }),
  });
  expect(huge.status()).toBe(413);
  expect(await huge.text()).toContain("送信内容が大きすぎます");
  const hugeAuth = await request.post("/api/auth/callback/email-otp", { form: { code: "1".repeat(1024 * 1024) } });
  expect(hugeAuth.status()).toBe(413);
});

test("route handlers answer hostile requests with 4xx, never a 500", async ({ request }) => {
  for (const query of ["?x=<script>", "?%ff%fe", "?'%20OR%201=1--"]) {
    expect((await request.get(`/api/health${query}`)).status()).toBe(200);
  }
  expect((await request.post("/api/health", { data: "x" })).status()).toBe(405);
  for (const authorization of [
    "",
    "Bearer ",
    "Bearer ' OR 1=1 --",
    `Bearer ${"x".repeat(4000)}`,
    "Basic Zm9vOmJhcg==",
  ]) {
    expect((await request.get("/api/cron/reflect", { headers: { authorization } })).status()).toBe(401);
  }
  expect((await request.post("/api/cron/reflect")).status()).toBe(405);
  const junk = await request.post("/api/auth/callback/email-otp", { form: { code: "<script>", csrfToken: "forged" } });
  expect(junk.status()).toBeLessThan(500);
  expect((await request.get("/api/auth/%ff")).status()).toBeLessThan(500);
});

test("guessing the cron secret is stopped with 429 and Retry-After; the scheduler's right secret still runs", async ({
  request,
}) => {
  const headers = { "X-Forwarded-For": "203.0.113.77", authorization: "Bearer guess" };
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) statuses.push((await request.get("/api/cron/reflect", { headers })).status());
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
  const limited = await request.get("/api/cron/reflect", { headers });
  expect(limited.status()).toBe(429);
  expect(Number(limited.headers()["retry-after"])).toBeGreaterThan(0);
  // The guesser shares the scheduler's address: reflections must not stop.
  const scheduler = await request.get("/api/cron/reflect", {
    headers: { "X-Forwarded-For": "203.0.113.77", authorization: `Bearer ${serverSecrets.CRON_SECRET}` },
  });
  expect(scheduler.status()).toBe(200);
  expect(await scheduler.json()).toMatchObject({ ok: true });
});

test("concurrent changes of one line never fail with a 500: one wins, the others are told why", async ({
  page,
  request,
}) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
  await signIn(page, request, demo.customer);
  const session = await cookieHeader(page);
  const html = await (await request.get("/ip-phone/password", { headers: { cookie: session } })).text();
  const send = (next: string) =>
    request.post("/ip-phone/password", {
      headers: { "content-type": multipartType, origin: ORIGIN, cookie: session },
      data: multipart({
        ...hiddenFields(html, "newPassword"),
        requestToken: crypto.randomUUID(),
        number: "05087654321",
        currentPassword: "pass5678",
        newPassword: next,
        confirmPassword: next,
      }),
      maxRedirects: 0,
    });
  const responses = await Promise.all(["k7m2x9qa", "q4w8e2r6", "h2p9v6c3"].map(send));
  const statuses = responses.map((response) => response.status());
  expect(statuses.filter((status) => status === 303)).toHaveLength(1);
  for (const response of responses.filter((candidate) => candidate.status() !== 303)) {
    expect(response.status()).toBe(200);
    expect(await response.text()).toMatch(/同時に行われた|正しくありません/);
  }
});

test("a session ended elsewhere sends the visitor to a session-expired notice", async ({ browser, page, request }) => {
  await signIn(page, request, demo.customer);
  const copy = await browser.newContext({ baseURL: ORIGIN });
  await copy.addCookies(await page.context().cookies());
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  await expect(page).toHaveURL(/signedOut/);

  const other = await copy.newPage();
  await other.goto("/menu");
  await expect(other).toHaveURL(/\/login\?expired=1$/);
  await expect(other.getByRole("status")).toContainText("セッションの有効期限が切れました");
  // Signing in again from here works: the password step drops the revoked token.
  await signIn(other, request, demo.customer);
  await copy.close();
});

test("an answer still in flight at sign-out does not put the session cookie back", async ({ page, request }) => {
  await signIn(page, request, demo.customer);
  const session = (await page.context().cookies()).find((cookie) => cookie.name === "authjs.session-token")!;
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  await expect(page).toHaveURL(/signedOut/);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(session.name);

  // A link's prefetch sent before the sign-out, answered after it: it carried the token the browser had then.
  const straggler = await page.request.get("/ip-phone/password", {
    headers: { cookie: `${session.name}=${session.value}` },
    maxRedirects: 0,
  });
  expect(straggler.headersArray().filter((header) => header.value.startsWith(`${session.name}=`))).toEqual([]);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).not.toContain(session.name);
  // So the sign-in page is the sign-in page, not a detour through the menu to the session-expired notice.
  await page.goto("/login");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByLabel("セルフケアID")).toBeVisible();
});

test("opening the session-expired notice does not sign a valid session out (no state change on GET)", async ({
  page,
  request,
}) => {
  await signIn(page, request, demo.customer);
  await page.goto("/login?expired=1");
  await expect(page).toHaveURL(/\/menu$/);
  await page.goto("/ip-phone/password");
  await expect(page).toHaveURL(/\/ip-phone\/password$/);
});

test("a crafted page cursor (year 0, +10000, negative years, a non-UUID id) shows the first page, never a 500", async ({
  browser,
  page,
  request,
}) => {
  const token = (text: string) => Buffer.from(text).toString("base64url");
  const id = "8d69a42e-9efd-406d-88a4-204a7802db67";
  const cursors = [
    token(`0000-01-01T00:00:00.000Z|${id}`),
    token(`+010000-01-01T00:00:00.000Z|${id}`),
    token(`-000001-01-01T00:00:00.000Z|${id}`),
    token("2026-11-24T08:30:00.000Z|not-a-uuid"),
  ];
  await signIn(page, request, demo.customer);
  for (const cursor of cursors) {
    const response = await page.goto(`/ip-phone/password/history?before=${cursor}`);
    expect(response!.status()).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  }
  const admin = await otherClient(browser, "203.0.113.91");
  await signIn(admin.page, request, demo.admin);
  for (const cursor of cursors) {
    const response = await admin.page.goto(`/admin/changes?status=all&after=${cursor}`);
    expect(response!.status()).toBe(200);
    await expect(admin.page.getByRole("heading", { name: "パスワード変更の状況" })).toBeVisible();
  }
  await admin.context.close();
});
