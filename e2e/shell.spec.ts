import { expect, test } from "@playwright/test";

test("the home page shows the self-care site shell in Japanese", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(/カスタマー・セルフケア・サービス/);
  const header = page.getByRole("banner");
  await expect(header).toContainText("カスタマー・セルフケア・サービス");
  await expect(header).toContainText("IP加入電話");
  await expect(page.getByRole("main")).toBeVisible();
  await expect(page.getByRole("contentinfo")).toBeVisible();
  await expect(page.getByRole("link", { name: "セルフケアログイン" })).toBeVisible();
});

test("the shell fits a 360 px wide screen without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test("/api/health answers 200 when the database answers", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
});

test("an unknown page gets the Japanese 404 page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "ページが見つかりません" })).toBeVisible();
});
