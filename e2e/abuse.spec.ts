// Defences tried as an attacker would: levers one person could pull against another customer must not move.
import type { APIRequestContext } from "@playwright/test";
import {
  codeMailMark,
  alert,
  demo,
  expect,
  fillChange,
  latestCode,
  otherClient,
  signIn,
  submitPassword,
  test,
} from "./fixtures";

const LOCKED = "このセルフケアIDでのログインを一時的に制限しています";
const NOTICE = "ログインを一時的に制限しました";

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

async function countMails(request: APIRequestContext, email: string, subject: string) {
  // Only the rendered list: the page's inline React payload repeats every mail's text.
  const html = (await (await request.get("/dev/mailbox")).text()).replace(/<script[\s\S]*?<\/script>/g, "");
  return html
    .split('data-testid="mail"')
    .slice(1)
    .filter((chunk) => chunk.includes(email) && chunk.includes(subject)).length;
}

test("a stranger's wrong passwords lock the ID for new browsers only; the owner's browser still signs in, and the owner is told once", async ({
  page,
  request,
  browser,
}) => {
  await signIn(page, request, demo.customer);
  await page.getByRole("button", { name: "ログアウト", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?signedOut/);
  const noticesBefore = await countMails(request, demo.customer.email, NOTICE);

  const attacker = await otherClient(browser, "203.0.113.201");
  for (let i = 0; i < 10; i++) {
    await submitPassword(attacker.page, demo.customer.id, `guess-${i}`);
    await expect(alert(attacker.page)).toBeVisible();
  }
  await expect(alert(attacker.page)).toContainText(LOCKED);
  // Even the right password is refused in a browser that never signed in as this ID.
  await submitPassword(attacker.page, demo.customer.id, demo.customer.password);
  await expect(alert(attacker.page)).toContainText(LOCKED);
  await attacker.context.close();

  // The owner's browser carries the device cookie from its last sign-in.
  const before = await codeMailMark(request, demo.customer.email);
  await submitPassword(page, demo.customer.id, demo.customer.password);
  await expect(page).toHaveURL(/\/login\/verify$/);
  await page.getByLabel("認証コード（6桁）").fill(await latestCode(request, demo.customer.email, before));
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(page).toHaveURL(/\/menu$/);

  // The notice leaves after the answer; however often the lock was hit, it goes out once.
  await expect.poll(() => countMails(request, demo.customer.email, NOTICE)).toBe(noticesBefore + 1);
});

test("one customer's wrong tries on another's number leave the owner free to change it", async ({
  page,
  request,
  browser,
}) => {
  await signIn(page, request, demo.customer);
  await page.goto("/ip-phone/password");
  for (let i = 0; i < 7; i++) {
    // One answer per try: the previous try's message is still on screen, so wait for this one's response, then for
    // the page it rendered (a refusal never keeps the current password), before typing the next try.
    const answered = page.waitForResponse((response) => response.request().method() === "POST");
    await fillChange(page, { number: "05011112222", current: `guess${i}x`, next: "k7m2x9qa" });
    await answered;
    await expect(page.getByLabel("現IP加入電話パスワード")).toHaveValue("");
  }
  // After five misses the trier is told about their own attempts, never about the number.
  await expect(alert(page)).toContainText("パスワード変更のお手続きが短時間に続いたため");
  await expect(alert(page)).not.toContainText("05011112222");

  const owner = await otherClient(browser, "203.0.113.202");
  await signIn(owner.page, owner.context.request, demo.other);
  await owner.page.goto("/ip-phone/password");
  await fillChange(owner.page, { number: "05011112222", current: "open2222", next: "k7m2x9qa" });
  await expect(owner.page).toHaveURL(/\/ip-phone\/password\/complete\//);
  await owner.context.close();
});
