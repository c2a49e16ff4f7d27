// Issue #34, journey 6: an admin imports a CSV with broken rows from the console: the dry run's table with each
// reason, the rejected rows file, then the apply (asked for, and approved by a second admin) and its counts. With JavaScript and without it.
import fs from "node:fs";
import { demo, expect, expectNoSeriousViolations, otherClient, signIn, test } from "./fixtures";

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

for (const javaScriptEnabled of [true, false]) {
  test(`an admin checks a CSV with broken rows, downloads them with their reasons, and applies the rest (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
    browser,
  }) => {
    // Run-unique customers and numbers: the demo reset leaves provisioned customers in place.
    const run = String(Date.now() % 100_000).padStart(5, "0");
    const id = (n: number) => `E${run}-${n}`;
    const number = (n: number) => `05077${run}${n}`;
    const csv = [
      "お客様番号,セルフケアID,お名前,メールアドレス,IP加入電話番号,サービス種別,状態,停止理由",
      `${id(1)},e${run}a,山田 太郎,taro${run}@example.jp,${number(1)},ip-phone,active,`,
      `${id(1)},e${run}a,山田 太郎,taro${run}@example.jp,${number(2)},b2bua,suspended,non-payment`,
      `${id(2)},e${run}b,佐藤 花子,hana${run}@example.jp,,,,`,
      `${id(3)},e${run}c,鈴木 一郎,not-an-email,${number(3)},ip-phone,active,`,
      `${id(4)},demo0001,高橋 三郎,saburo${run}@example.jp,${number(4)},ip-phone,active,`,
    ].join("\r\n");
    const { context, page } = await otherClient(browser, `198.51.100.${javaScriptEnabled ? 201 : 202}`, {
      javaScriptEnabled,
    });
    await signIn(page, context.request, demo.admin);
    await page.getByRole("navigation", { name: "運用メニュー" }).getByRole("link", { name: "CSV取り込み" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("CSV取り込み");
    await expect(page.getByText("20MBまで")).toBeVisible();

    await page.getByLabel("CSVファイル").setInputFiles({
      name: "billing.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(`\uFEFF${csv}`, "utf8"),
    });
    await page.getByLabel("文字コード").selectOption("auto");
    await page.getByRole("button", { name: "確認する（まだ反映しません）" }).click();

    await expect(page).toHaveURL(/\/admin\/imports\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("CSV取り込みの確認結果");
    await expect(page.getByTestId("count-rows")).toHaveText("5行");
    await expect(page.getByTestId("count-accepted")).toHaveText("3行");
    await expect(page.getByTestId("count-rejected")).toContainText("2行");
    const table = page.getByRole("table", { name: /行ごとの結果（確認/ });
    const rowOf = (line: number) =>
      table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: String(line), exact: true }) });
    await expect(rowOf(2)).toContainText("作成");
    await expect(rowOf(4)).toContainText(id(2));
    await expect(rowOf(5)).toContainText("エラー");
    await expect(rowOf(5)).toContainText("メールアドレスの形式が正しくありません。");
    await expect(rowOf(6)).toContainText("セルフケアID「demo0001」は別のお客様が使用しています。");
    await expect(page.getByRole("link", { name: "「サービス開始のご案内」の印刷" })).toHaveAttribute(
      "href",
      "/admin/letters",
    );
    // axe runs in the page: only with JavaScript.
    if (javaScriptEnabled) await expectNoSeriousViolations(page, "the import's dry run");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "エラーの行をダウンロード（CSV・理由つき）" }).click(),
    ]);
    const rejected = fs.readFileSync((await download.path())!, "utf8");
    expect(rejected.startsWith("\uFEFF")).toBe(true);
    const lines = rejected.slice(1).trimEnd().split("\r\n");
    expect(lines).toEqual([
      '"お客様番号","セルフケアID","お名前","メールアドレス","IP加入電話番号","サービス種別","状態","停止理由","理由"',
      `"${id(3)}","e${run}c","鈴木 一郎","not-an-email","${number(3)}","ip-phone","active","","メールアドレスの形式が正しくありません。"`,
      `"${id(4)}","demo0001","高橋 三郎","saburo${run}@example.jp","${number(4)}","ip-phone","active","","セルフケアID「demo0001」は別のお客様が使用しています。"`,
    ]);
    // Applying needs a second admin (docs/operations.md, "Approvals"): admin0001 asks, admin0002 approves.
    await page.getByLabel("理由", { exact: true }).selectOption("契約内容の変更");
    await page.getByLabel("チケット番号（任意）").fill("INC-IMPORT");
    await page.getByRole("button", { name: "反映を申請する" }).click();
    await expect(page).toHaveURL(/\?requested=requested$/);
    await expect(page.getByRole("status").filter({ hasText: "反映を申請しました" })).toBeVisible();
    await expect(page.getByTestId("apply-pending")).toBeVisible();
    await expect(page.getByRole("button", { name: "反映を申請する" })).toHaveCount(0);
    const importUrl = page.url().replace(/\?.*$/, "");

    const second = await otherClient(browser, `198.51.100.${javaScriptEnabled ? 203 : 204}`, { javaScriptEnabled });
    await signIn(second.page, second.context.request, demo.secondAdmin);
    await second.page.goto("/admin/approvals");
    const row = second.page.getByTestId("approval-row").filter({ hasText: "billing.csv" });
    await expect(row).toContainText("CSV取り込みの反映");
    await row.getByRole("link", { name: /承認する/ }).click();
    await second.page.getByRole("button", { name: "承認して実行する" }).click();
    await expect(second.page.getByRole("status")).toHaveText("承認し、操作を実行しました。");
    await second.context.close();

    await page.goto(importUrl);
    await expect(page.getByTestId("count-accepted")).toHaveText("3行");
    await expect(page.getByTestId("count-rejected")).toContainText("2行");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("CSV取り込みの反映結果");
    await expect(page.getByRole("button", { name: "反映を申請する" })).toHaveCount(0);
    const applied = page.getByRole("table", { name: /行ごとの結果（反映/ });
    await expect(
      applied
        .getByRole("row")
        .filter({ hasText: id(1) })
        .first(),
    ).toContainText("作成");

    // The same file again: every good row is 変更なし, and it is a new import of its own.
    await page.goto("/admin/imports");
    await expect(page.getByRole("link", { name: "billing.csv" }).first()).toBeVisible();
    await page.getByLabel("CSVファイル").setInputFiles({
      name: "billing-again.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    await page.getByRole("button", { name: "確認する（まだ反映しません）" }).click();
    await expect(page.getByTestId("count-accepted")).toHaveText("3行");
    await expect(page.getByRole("table", { name: /行ごとの結果/ })).not.toContainText("作成");
    await context.close();
  });
}

test("a file without a usable header is refused with why", async ({ page, request }) => {
  await signIn(page, request, demo.admin);
  await page.goto("/admin/imports");
  await page.getByLabel("CSVファイル").setInputFiles({
    name: "wrong.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("id,name\r\nC-1,山田\r\n", "utf8"),
  });
  await page.getByRole("button", { name: "確認する（まだ反映しません）" }).click();
  await expect(page.getByText("見出し行の「id」は使用できない列名です（1列目）。")).toBeVisible();
  await expect(page.getByLabel("CSVファイル")).toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousViolations(page, "the import's refusal");
});

test("a customer reaches neither the imports nor a rejected rows file", async ({ page, request }) => {
  await signIn(page, request, demo.customer);
  await page.goto("/admin/imports");
  await expect(page).toHaveURL(/\/menu$/);
  const download = await page.request.get("/admin/imports/00000000-0000-4000-8000-000000000000/rejected", {
    maxRedirects: 0,
  });
  expect(download.status()).toBe(307);
});
