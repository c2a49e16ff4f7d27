// Issue #35, a second admin's approval: admin0001 asks for a line's end from the line's page, sees it waiting and
// cannot approve it; admin0002 approves it (without JavaScript); the line is ended. The line's page also suspends
// and resumes at once.
import { expect as baseExpect, type APIRequestContext, type Page } from "@playwright/test";
import { demo, expect, expectNoSeriousViolations, otherClient, signIn, test } from "./fixtures";
import { freshCustomer } from "./provisioning";

/** A customer of this run with one active line, through the provisioning core (the test route). */
async function lineOfOurOwn(request: APIRequestContext) {
  const customer = freshCustomer();
  const number = customer.numbers[0]!;
  const response = await request.post("/api/test/provision", {
    data: {
      customers: [{ externalId: customer.externalId, body: customer.body }],
      lines: [
        {
          number,
          body: { customerExternalId: customer.externalId, serviceKind: "ip-phone", status: "active" },
        },
      ],
    },
  });
  baseExpect(response.ok()).toBe(true);
  return { number, name: customer.body.name };
}

async function giveReason(page: Page, prefix: string, ticket: string) {
  await page.locator(`#${prefix}-reason`).selectOption("お客様からの電話");
  await page.locator(`#${prefix}-ticket`).fill(ticket);
}

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

test("a line's end needs a second admin: the requester cannot approve it, admin0002 does, and the line is ended", async ({
  browser,
  page,
  request,
}) => {
  const { number, name } = await lineOfOurOwn(request);
  await signIn(page, request, demo.admin);
  await page.goto(`/admin/lines/${number}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`回線 ${number}`);
  await expect(page.getByTestId("line-status")).toHaveText("ご利用中");
  await expect(page.getByRole("link", { name: new RegExp(name) })).toBeVisible();

  // Suspend and resume act at once.
  const suspend = page.getByRole("region", { name: "利用を停止する" });
  await suspend.getByLabel("停止理由").selectOption({ label: "不正利用" });
  await giveReason(page, "suspend", "INC-35-1");
  await suspend.getByRole("button", { name: "利用を停止する" }).click();
  await expect(page.getByRole("status")).toHaveText("回線の利用を停止しました。機器の登録も解除しました。");
  await expect(page.getByTestId("line-status")).toHaveText("利用停止中（不正利用）");
  await giveReason(page, "resume", "INC-35-1");
  await page.getByRole("button", { name: "利用を再開する" }).click();
  await expect(page.getByTestId("line-status")).toHaveText("ご利用中");

  // The end is only asked for; a reason is required.
  const terminate = page.getByRole("region", { name: "解約を申請する" });
  await terminate.getByRole("button", { name: "解約を申請する" }).click();
  await expect(page.locator("#terminate-reason")).toHaveAttribute("aria-invalid", "true");
  await giveReason(page, "terminate", "INC-35-2");
  await terminate.getByRole("button", { name: "解約を申請する" }).click();
  await expect(page.getByRole("status")).toContainText("解約を申請しました");
  await expect(page.getByTestId("termination-pending")).toBeVisible();
  await expect(page.getByTestId("line-status")).toHaveText("ご利用中");
  await expectNoSeriousViolations(page, "the line's page");

  await page.getByRole("navigation", { name: "運用メニュー" }).getByRole("link", { name: "承認待ちの操作" }).click();
  const row = page.getByTestId("approval-row").filter({ hasText: number });
  await expect(row).toContainText("回線の解約");
  await expect(row).toContainText("お客様からの電話");
  await expect(row).toContainText("INC-35-2");
  await expect(row).toContainText("admin0001");
  await expect(row).toContainText("ご自身の申請のため、別の管理者が承認します");
  await expect(row.getByRole("link", { name: /承認する/ })).toHaveCount(0);
  await expectNoSeriousViolations(page, "the approvals page");

  // The second admin, without JavaScript: the confirmation, then the approval.
  const second = await otherClient(browser, "198.51.100.240", { javaScriptEnabled: false });
  await signIn(second.page, second.context.request, demo.secondAdmin);
  await second.page.goto("/admin/approvals");
  const theirRow = second.page.getByTestId("approval-row").filter({ hasText: number });
  await theirRow.getByRole("link", { name: /承認する/ }).click();
  const confirmation = second.page.getByTestId("decision-confirmation");
  await expect(confirmation).toContainText("回線の解約の申請を承認しますか？");
  await confirmation.getByLabel("コメント（任意）").fill("確認済み");
  await confirmation.getByRole("button", { name: "承認して実行する" }).click();
  await expect(second.page.getByRole("status")).toHaveText("承認し、操作を実行しました。");
  await expect(second.page.getByTestId("decided-approvals")).toContainText("admin0002");

  await second.page.goto(`/admin/lines/${number}`);
  await expect(second.page.getByTestId("line-status")).toContainText("ご解約済み");
  await expect(second.page.getByRole("button", { name: "解約を申請する" })).toHaveCount(0);
  await second.context.close();

  await page.reload();
  await expect(page.getByTestId("approval-row").filter({ hasText: number })).toHaveCount(0);
});
