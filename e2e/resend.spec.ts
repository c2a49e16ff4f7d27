// Sign-in codes through the real `resend` SDK, pointed at a local fake of Resend's API by a second app server.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { testSecretHeader } from "./fixtures";
import { startFakeResend } from "./fake-resend";
import { startServer, type Server } from "./servers";

const port = 3101;
const baseURL = `http://localhost:${port}`;
const EMAIL_FROM = "IP加入電話 セルフケア <no-reply@selfcare.example.jp>";
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

test("when Resend fails the customer is told to try again and no challenge is left", async ({ page, request }) => {
  await request.delete("/api/test/rate-limits");
  fake.setFailing(true);
  try {
    await submitPassword(page);
    await expect(page.getByRole("main").getByRole("alert")).toContainText("認証コードのメールを送信できませんでした");
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/login/verify");
    await expect(page.getByRole("main").getByRole("alert")).toContainText("有効な認証手続きがありません");
  } finally {
    fake.setFailing(false);
  }
});

test("the development mailbox does not exist when Resend is configured", async ({ request }) => {
  expect((await request.get("/dev/mailbox")).status()).toBe(404);
});
