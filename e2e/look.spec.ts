// The look and the words, page by page as customers and operators see them: at 360 px and 1280 px, with JavaScript
// on and off. Every page is saved as a full-page screenshot (test-results/screenshots/) for a reviewer to look at,
// and checked for horizontal scrolling and for the typography a Japanese reader trips over.
import path from "node:path";
import type { APIRequestContext, Page, TestInfo } from "@playwright/test";
import { typographyProblems } from "../test/typography";
import {
  codeMailMark,
  alert,
  demo,
  expect,
  fillChange,
  latestCode,
  reachCodePage,
  setClock,
  signIn,
  test,
} from "./fixtures";

const jst = (local: string) => new Date(`${local}+09:00`);
const widths = [360, 1280] as const;

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

/** Looks at the page as it stands at each width: no sideways scrolling, clean typography, and a screenshot. */
async function look(page: Page, testInfo: TestInfo, name: string) {
  const script = testInfo.titlePath.some((title) => title.includes("JavaScript off")) ? "js-off" : "js-on";
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    const text = await page.locator("body").innerText();
    expect(typographyProblems(text), `${name} at ${width} px`).toEqual([]);
    await page.screenshot({
      path: path.join(testInfo.project.outputDir, "screenshots", script, `${width}`, `${name}.png`),
      fullPage: true,
    });
  }
}

/** A customer's pending change for the operator to look at; the customer signs out afterwards. */
async function makeChange(page: Page, request: APIRequestContext) {
  await signIn(page, request, demo.customer);
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
  await expect(page).toHaveURL(/\/complete\//);
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`every page with JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
    test.use({ javaScriptEnabled });

    test("the customer's pages", async ({ page, request }, testInfo) => {
      test.setTimeout(120_000);
      await setClock(request, jst("2026-11-24T13:59:30"));
      for (const [name, url] of [
        ["top", "/"],
        ["login", "/login"],
        ["login-help", "/login/help"],
        ["unavailable", "/unavailable"],
        ["not-found", "/no-such-page"],
      ] as const) {
        await page.goto(url);
        await look(page, testInfo, name);
      }

      await page.goto("/login");
      await page.getByLabel("セルフケアID").fill(demo.customer.id);
      await page.getByLabel("セルフケアパスワード").fill("wrong-password");
      await page.getByRole("button", { name: "送信" }).click();
      await expect(alert(page)).toBeVisible();
      await look(page, testInfo, "login-refused");

      const before = await codeMailMark(request, demo.customer.email);
      await reachCodePage(page, demo.customer);
      await look(page, testInfo, "verify");
      await page.getByLabel("認証コード（6桁）").fill("000000");
      await page.getByRole("button", { name: "認証する" }).click();
      await expect(page.locator("#code-error")).toBeVisible();
      await look(page, testInfo, "verify-wrong-code");
      await page.getByLabel("認証コード（6桁）").fill(await latestCode(request, demo.customer.email, before));
      await page.getByRole("button", { name: "認証する" }).click();
      await expect(page).toHaveURL(/\/menu$/);
      await look(page, testInfo, "menu");

      await page.goto("/ip-phone/password");
      await look(page, testInfo, "change");
      await fillChange(page, { number: "05087654321", current: "wrong999", next: "k7m2x9qa" });
      await expect(alert(page)).toBeVisible();
      await look(page, testInfo, "change-refused");
      await page.getByRole("button", { name: "安全なパスワードを作成して入力" }).click();
      await expect(page.getByTestId("suggestion")).toContainText("作成したパスワード");
      await look(page, testInfo, "change-suggestion");
      await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
      await expect(page).toHaveURL(/\/complete\//);
      await look(page, testInfo, "complete");
      await page.goto("/ip-phone/password/history");
      await look(page, testInfo, "history");
      await page.goto("/menu");
      await look(page, testInfo, "menu-pending");
    });

    test("the operator's pages", async ({ page, request }, testInfo) => {
      test.setTimeout(120_000);
      await setClock(request, jst("2026-11-24T14:00:00"));
      await makeChange(page, request);
      await signIn(page, request, demo.admin);
      await look(page, testInfo, "admin-changes");
      await page.goto("/admin/changes?status=all");
      await look(page, testInfo, "admin-changes-all");
      await page.getByRole("link", { name: "今すぐ反映処理を実行…" }).click();
      // Without JavaScript the click is a full navigation: look at the page it loads, not the one it leaves.
      await expect(page.getByTestId("run-confirmation")).toBeVisible();
      await look(page, testInfo, "admin-run-confirmation");
      await page.goto("/admin/changes?status=all");
      await page.getByTestId("change-row").first().getByRole("link").click();
      await expect(page.getByRole("heading", { name: "変更の詳細" })).toBeVisible();
      await look(page, testInfo, "admin-change");
    });
  });
}

test("the operator's list is a table on a wide screen, with every date on one line", async ({ page, request }) => {
  await makeChange(page, request);
  await signIn(page, request, demo.admin);
  await page.setViewportSize({ width: 1280, height: 800 });
  const cell = page.getByTestId("row-reflection").first();
  const lineHeight = await cell.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
  const box = await cell.boundingBox();
  // One line of text plus the cell's padding.
  expect(box!.height).toBeLessThan(lineHeight * 2);
});
