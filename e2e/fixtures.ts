// Shared e2e helpers: a fresh client address per test, the dev mailbox, the test clock, signing in, and axe.
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type APIRequestContext, type Browser, type Page } from "@playwright/test";

export const demo = {
  customer: { id: "demo0001", password: "Demo-pass-0001", email: "demo0001@example.jp" },
  other: { id: "demo0002", password: "Demo-pass-0002", email: "demo0002@example.jp" },
  admin: { id: "admin0001", password: "Admin-pass-0001", email: "admin0001@example.jp" },
  /** Approves what `admin` asks for (a line's end, an import's apply): never the requester. */
  secondAdmin: { id: "admin0002", password: "Admin-pass-0002", email: "admin0002@example.jp" },
};

let addressCounter = 0;

/** This run's secret for the test routes and the mailbox (scripts/test-e2e.mjs sets it for the server and us). */
export const testSecretHeader = { "x-test-secret": process.env.TEST_SECRET ?? "" };

/**
 * Another person's browser, from another address, able to read the mailbox as the suite does; on another server of
 * the spec's own when `baseURL` says so.
 */
export async function otherClient(
  browser: Browser,
  address: string,
  options: { javaScriptEnabled?: boolean; baseURL?: string } = {},
) {
  const context = await browser.newContext({
    ...options,
    extraHTTPHeaders: { ...testSecretHeader, "X-Forwarded-For": address },
  });
  return { context, page: await context.newPage() };
}

export const test = base.extend({
  // Each test looks like a different client address, and starts with no rate-limit counters.
  extraHTTPHeaders: async ({}, use) => {
    addressCounter += 1;
    await use({ ...testSecretHeader, "X-Forwarded-For": `198.51.100.${addressCounter % 250}` });
  },
  page: async ({ page, request }, use) => {
    expect((await request.delete("/api/test/rate-limits")).ok()).toBe(true);
    await use(page);
    await setClock(request, null);
  },
});

export { expect };

export async function setClock(request: APIRequestContext, at: Date | null) {
  const response = await request.post("/api/test/clock", { data: { at: at?.toISOString() ?? null } });
  expect(response.ok()).toBe(true);
}

/** The newest mail to `email` whose text contains `subject` in /dev/mailbox right now, if any. */
async function newestMail(request: APIRequestContext, email: string, subject: string): Promise<string | undefined> {
  const html = await (await request.get("/dev/mailbox")).text();
  // Each mail's own list item: the last one's chunk would run on into the page's script, which differs on every
  // request (its nonce), so a mark taken of it before an action never equals it after, and an old code passes for new.
  return html
    .split('data-testid="mail"')
    .slice(1)
    .map((chunk) => chunk.split("</li>")[0]!)
    .find((chunk) => chunk.includes(email) && chunk.includes(subject));
}

/**
 * The newest mail to `email` whose text contains `subject`, from /dev/mailbox. Mail goes out after the answer
 * (lib/mail/queue.ts), so the mailbox is read again for a few seconds until it is there, and, given the mail that
 * was newest before the action (`after`), until a newer one is.
 */
export async function latestMail(
  request: APIRequestContext,
  email: string,
  subject: string,
  after?: string,
): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const mail = await newestMail(request, email, subject);
    if (mail && mail !== after) return mail;
    if (attempt >= 40) throw new Error(`No new mail "${subject}" to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * What a code mail to `email` looks like before an action that sends one: its code is read after it (`latestCode`).
 * Reading a mail of a narrower `subject` after, take the mark with that subject: an older mail of it, newer than the
 * mark of another, would pass for new.
 */
export const codeMailMark = (request: APIRequestContext, email: string, subject = "認証コード") =>
  newestMail(request, email, subject);

/** The newest code mailed to `email` (newer than `after`, when given), read from /dev/mailbox. */
export async function latestCode(request: APIRequestContext, email: string, after?: string): Promise<string> {
  const code = (await latestMail(request, email, "認証コード", after)).match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`No code mailed to ${email}`);
  return code;
}

export async function submitPassword(page: Page, id: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("セルフケアID").fill(id);
  await page.getByLabel("セルフケアパスワード").fill(password);
  await page.getByRole("button", { name: "送信" }).click();
}

/** The password step, done: the code page is showing (so its mail has been sent and its challenge stored). */
export async function reachCodePage(page: Page, account: { id: string; password: string }) {
  await submitPassword(page, account.id, account.password);
  await expect(page.getByLabel("認証コード（6桁）")).toBeVisible();
}

export async function signIn(
  page: Page,
  request: APIRequestContext,
  account: { id: string; password: string; email: string },
) {
  const before = await codeMailMark(request, account.email);
  await reachCodePage(page, account);
  await page.getByLabel("認証コード（6桁）").fill(await latestCode(request, account.email, before));
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(page).toHaveURL(/\/(menu|admin\/changes)$/);
}

/**
 * Fills the password-change form and presses 更新. An emergency change first sends the customer to 「ご本人の確認」:
 * with `stepUp` the customer confirms with the emailed code there, and fills the form it leads back to again.
 */
export async function fillChange(
  page: Page,
  values: { number: string; current: string; next: string; confirm?: string; emergency?: boolean },
  stepUp?: { request: APIRequestContext; email: string },
) {
  const fill = async () => {
    await page.getByLabel("現IP加入電話パスワード").fill(values.current);
    await page.getByLabel("新IP加入電話パスワード", { exact: true }).fill(values.next);
    await page.getByLabel("新IP加入電話パスワード(確認用)").fill(values.confirm ?? values.next);
    await page.getByRole("button", { name: "更新" }).click();
  };
  await page.getByLabel("IP加入電話番号", { exact: true }).fill(values.number);
  if (values.emergency) await page.getByLabel("緊急（パスワードが漏れたおそれがある場合）").check();
  await fill();
  if (!values.emergency || !stepUp) return;
  await expect(page).toHaveURL(/\/account\/verify\?next=/);
  const before = await codeMailMark(stepUp.request, stepUp.email, "本人確認の認証コード");
  await page.getByRole("button", { name: "認証コードを送信" }).click();
  await expect(page.getByLabel("認証コード（6桁）")).toBeVisible();
  // The step-up's own mail, newer than any code mailed before.
  const mail = await latestMail(stepUp.request, stepUp.email, "本人確認の認証コード", before);
  await page.getByLabel("認証コード（6桁）").fill(mail.match(/\b(\d{6})\b/)![1]!);
  await page.getByRole("button", { name: "確認する" }).click();
  await expect(page).toHaveURL(/\/ip-phone\/password\?number=\d+&mode=emergency$/);
  await expect(page.getByLabel("緊急（パスワードが漏れたおそれがある場合）")).toBeChecked();
  await fill();
}

/** The page's own alert (Next.js adds a route announcer with the same role). */
export const alert = (page: Page) => page.getByRole("main").getByRole("alert");

/** axe's WCAG 2.2 A/AA rules on the page as it is: no serious or critical finding. */
export async function expectNoSeriousViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
  expect(serious, label).toEqual([]);
}
