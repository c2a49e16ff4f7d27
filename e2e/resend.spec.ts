// Sign-in codes through the real `resend` SDK, pointed at a local fake of Resend's API by a second app server.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { serverSecrets } from "../test/server-env.mjs";
import { setClock, testSecretHeader } from "./fixtures";
import { startFakeResend } from "./fake-resend";
import { startServer, type Server } from "./servers";

const port = 3101;
const baseURL = `http://localhost:${port}`;
const EMAIL_FROM = "IP加入電話 セルフケア <no-reply@selfcare.example.jp>";
const { CRON_SECRET } = serverSecrets;
let fake: Awaited<ReturnType<typeof startFakeResend>>;
let server: Server;

test.describe.configure({ mode: "serial" });
test.use({ baseURL, extraHTTPHeaders: { ...testSecretHeader, "X-Forwarded-For": "198.51.100.251" } });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const taken = await fetch(`${baseURL}/api/health`).then(
    () => true,
    () => false,
  );
  if (taken) throw new Error(`Port ${port} is already serving something: stop it before running this spec.`);
  fake = await startFakeResend();
  const dataDir = path.resolve(".data/e2e-resend-test");
  fs.rmSync(dataDir, { recursive: true, force: true });
  server = await startServer(port, {
    DATA_DIR: dataDir,
    RESEND_API_KEY: "re_fake_key",
    RESEND_BASE_URL: fake.url,
    EMAIL_FROM,
  });
});

test.afterAll(async () => {
  server?.stop();
  await fake?.close();
});

async function submitPassword(page: import("@playwright/test").Page) {
  await page.goto("/login");
  await page.getByLabel("セルフケアID").fill("demo0002");
  await page.getByLabel("セルフケアパスワード").fill("Demo-pass-0002");
  await page.getByRole("button", { name: "送信" }).click();
}

test("the code goes out through the Resend SDK and signs the customer in", async ({ page, request }) => {
  await request.delete("/api/test/rate-limits");
  await submitPassword(page);
  await expect(page).toHaveURL(/\/login\/verify$/);

  // The mail goes out after the answer.
  await expect.poll(() => fake.received.length).toBeGreaterThan(0);
  const sent = fake.received.at(-1)!;
  expect(sent.path).toBe("/emails");
  expect(sent.authorization).toBe("Bearer re_fake_key");
  expect(sent.body.to).toBe("demo0002@example.jp");
  expect(sent.body.from).toBe(EMAIL_FROM);
  expect(sent.body.subject).toContain("認証コード");
  const code = String(sent.body.text).match(/\b(\d{6})\b/)?.[1];
  expect(code).toMatch(/^\d{6}$/);
  expect(String(sent.body.html)).toContain(code!);

  await page.getByLabel("認証コード（6桁）").fill(code!);
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(page).toHaveURL(/\/menu$/);
});

test("when Resend fails the code page says so, and the mail is tried again until it goes out", async ({
  page,
  request,
}) => {
  await request.delete("/api/test/rate-limits");
  fake.setFailing(true);
  const before = fake.received.length;
  let attempted = 0;
  try {
    await submitPassword(page);
    // The answer does not wait for the mail: the code page comes at once, and says so once the send has failed.
    await expect(page).toHaveURL(/\/login\/verify$/);
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("main").getByRole("alert")).toContainText(
        "認証コードのメールを送信できませんでした",
        { timeout: 1000 },
      );
    }).toPass({ timeout: 15_000 });
    // Resend was asked (and refused): the portal tried.
    attempted = fake.received.length;
    expect(attempted).toBeGreaterThan(before);
  } finally {
    fake.setFailing(false);
  }
  // The scheduled work tries again a minute on (the test clock stands for the minute).
  await setClock(request, new Date(Date.now() + 2 * 60_000));
  try {
    const run = await request.get("/api/cron/reflect", { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
    expect(run.ok()).toBe(true);
    expect(fake.received.length).toBeGreaterThan(attempted);
    const sent = fake.received.at(-1)!;
    expect(sent.body.to).toBe("demo0002@example.jp");
    const code = String(sent.body.text).match(/\b(\d{6})\b/)![1]!;
    await page.reload();
    await expect(page.getByText("認証コードをお送りしました")).toBeVisible();
    await page.getByLabel("認証コード（6桁）").fill(code);
    await page.getByRole("button", { name: "認証する" }).click();
    await expect(page).toHaveURL(/\/menu$/);
  } finally {
    await setClock(request, null);
  }
});

/** demo0002 signed in with the code the fake received. */
async function signIn(page: import("@playwright/test").Page) {
  const before = fake.received.length;
  await submitPassword(page);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await expect.poll(() => fake.received.length).toBeGreaterThan(before);
  await page.getByLabel("認証コード（6桁）").fill(String(fake.received.at(-1)!.body.text).match(/\b(\d{6})\b/)![1]!);
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(page).toHaveURL(/\/menu$/);
}

/**
 * 「認証コードを送信」 on a signed-in customer's page while Resend fails: the page comes back at once, and says the mail
 * has failed once it has (and not 「お送りしました」). The scheduled work then sends what failed, a few minutes after
 * `at`, so the customer's later mail is not held behind it.
 */
async function sendCodeWhileResendFails(
  page: import("@playwright/test").Page,
  request: import("@playwright/test").APIRequestContext,
  at: Date,
) {
  fake.setFailing(true);
  const before = fake.received.length;
  try {
    await page.getByRole("button", { name: "認証コードを送信" }).click();
    await expect(page).toHaveURL(/[?&]code=sent$/);
    await expect(async () => {
      await page.reload();
      await expect(page.getByRole("main").getByRole("alert")).toContainText(
        "認証コードのメールを送信できませんでした。自動で送信し直していますが、しばらくたっても届かない場合は、下の「認証コードを送信」をお試しください。",
        { timeout: 1000 },
      );
    }).toPass({ timeout: 15_000 });
    await expect(page.getByText("認証コードをお送りしました")).toHaveCount(0);
    expect(fake.received.length).toBeGreaterThan(before);
  } finally {
    fake.setFailing(false);
  }
  await setClock(request, new Date(at.getTime() + 2 * 60_000));
  const run = await request.get("/api/cron/reflect", { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
  expect(run.ok()).toBe(true);
  // Gone out now: the page says the code was sent.
  await page.reload();
  await expect(page.getByText("認証コードをお送りしました")).toBeVisible();
}

test("when Resend fails the step-up page says so", async ({ page, request }) => {
  await request.delete("/api/test/rate-limits");
  await signIn(page);
  await page.goto("/account/verify?next=/account/password");
  try {
    await sendCodeWhileResendFails(page, request, new Date());
  } finally {
    await setClock(request, null);
  }
});

test("when Resend fails the self-care password page says so", async ({ page, request }) => {
  await request.delete("/api/test/rate-limits");
  await signIn(page);
  // Eleven minutes after the sign-in, a new self-care password needs an emailed code on its own page.
  const later = new Date(Date.now() + 11 * 60_000);
  await setClock(request, later);
  try {
    await page.goto("/account/password");
    await expect(page.getByRole("heading", { name: "ご本人の確認" })).toBeVisible();
    await sendCodeWhileResendFails(page, request, later);
  } finally {
    await setClock(request, null);
  }
});
