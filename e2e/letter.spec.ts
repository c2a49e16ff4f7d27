// What the journey (e2e/provisioning.spec.ts) leaves to the letters and the first sign-in: a letter is printable
// once and marks a suspended line; a line added afterwards waits on 「追加回線のご案内」; the forced change holds on
// every page and refuses the letter's password, with and without JavaScript; a suspended line on the menu; a
// re-issue ends the customer's sessions.
import type { APIRequestContext } from "@playwright/test";
import { demo, expect, expectNoSeriousViolations, otherClient, signIn, test } from "./fixtures";
import { changeOwnPassword, firstSignIn, OWN_PASSWORD, printLetter } from "./provisioning";

const run = Date.now().toString().slice(-7);

type Fixture = {
  externalId: string;
  selfCareId: string;
  email: string;
  name: string;
  password: string;
  number: string;
  suspended: string;
};

type Provisioned = { customers: { initialPassword: string }[]; lines: { sipPassword: string }[] };

/** The provisioning core, as the API calls it (the test route): the outcomes, with the generated passwords. */
async function provisionDirectly(request: APIRequestContext, data: { customers?: object[]; lines?: object[] }) {
  const response = await request.post("/api/test/provision", { data: { customers: [], lines: [], ...data } });
  expect(response.ok()).toBe(true);
  return (await response.json()) as Provisioned;
}

/** A customer of this run with an active and a suspended line. */
async function provision(request: APIRequestContext, tag: string): Promise<Fixture> {
  const selfCareId = `e2eletter${tag}${run}`;
  const email = `${selfCareId}@example.jp`;
  const name = `手紙 ${tag}太郎`;
  const number = `050${tag === "a" ? "1" : "2"}${run}`;
  const suspended = `050${tag === "a" ? "3" : "4"}${run}`;
  const externalId = `E2E-LETTER-${tag}-${run}`;
  const { customers } = await provisionDirectly(request, {
    customers: [{ externalId, body: { selfCareId, name, email } }],
    lines: [
      { number, body: { customerExternalId: externalId, serviceKind: "ip-phone", status: "active" } },
      {
        number: suspended,
        body: {
          customerExternalId: externalId,
          serviceKind: "b2bua",
          status: "suspended",
          suspensionReason: "non-payment",
        },
      },
    ],
  });
  return { externalId, selfCareId, email, name, password: customers[0]!.initialPassword, number, suspended };
}

test.describe.configure({ mode: "serial" });

test("a letter is printed once; a line added later waits on 「追加回線のご案内」; the forced change holds everywhere; a re-issue ends the sessions", async ({
  browser,
  page,
  request,
}) => {
  const customer = await provision(request, "a");
  await signIn(page, request, demo.admin);
  await page.goto("/admin/letters");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("サービス開始のご案内");
  await expectNoSeriousViolations(page, "/admin/letters");

  const [letter] = await printLetter(page, customer.selfCareId);
  expect(letter).toContain(`${customer.suspended}（利用停止中）`);
  // Printable once: the secrets are gone, the customer is no longer waiting.
  await page.reload();
  await expect(page.getByRole("button", { name: `印刷（PDF）：${customer.selfCareId}` })).toHaveCount(0);

  // The billing system adds a line: the customer waits again, for that line's SIP password only.
  const added = `0505${run}`;
  const { lines } = await provisionDirectly(request, {
    lines: [
      { number: added, body: { customerExternalId: customer.externalId, serviceKind: "ip-phone", status: "active" } },
    ],
  });
  await page.reload();
  await expect(
    page.getByTestId("waiting-letter").filter({ hasText: customer.selfCareId }).getByTestId("letter-kind"),
  ).toHaveText("追加回線のご案内（1番号）");
  const [addedLetter] = await printLetter(page, customer.selfCareId);
  for (const expected of ["追加回線のご案内", customer.selfCareId, added, lines[0]!.sipPassword, customer.number]) {
    expect(addedLetter, expected).toContain(expected);
  }
  expect(addedLetter).not.toContain(customer.password);

  const { context, page: own } = await otherClient(browser, "203.0.113.81");
  await firstSignIn(own, request, customer);
  await expectNoSeriousViolations(own, "/account/password (first sign-in)");
  // Every other page sends the customer back, and its action refuses.
  for (const path of ["/ip-phone/password", "/ip-phone/password/history", "/ip-phone/calls", "/account/passkeys"]) {
    await own.goto(path);
    await expect(own, path).toHaveURL(/\/account\/password$/);
  }
  // The new password must not be the letter's.
  await changeOwnPassword(own, customer.password, customer.password);
  await expect(own.getByLabel("新しいセルフケアパスワード", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await changeOwnPassword(own, customer.password, OWN_PASSWORD);
  await expect(own.getByRole("main").getByRole("status")).toContainText("セルフケアパスワードを変更しました");

  await own.goto("/menu");
  await expect(own).toHaveURL(/\/menu$/);
  // The suspended line: why, in the customer's words, and whom to call; the change form leaves it out.
  await expect(own.getByTestId("line-suspended")).toHaveText("利用停止中");
  await expect(own.getByRole("main")).toContainText("ご利用料金のお支払いが確認できないため");
  await expectNoSeriousViolations(own, "/menu with a suspended line");
  await own.goto("/ip-phone/password");
  await expect(own.getByTestId("line-prediction")).toHaveCount(2);
  await expect(own.getByTestId("suspended-lines-note")).toContainText(customer.suspended);

  // A re-issue: the customer's session ends at once, and the next sign-in is forced again.
  await page.goto(`/admin/letters?reissue=${customer.selfCareId}`);
  await expect(page.getByTestId("reissue-confirmation")).toContainText(customer.name);
  await expectNoSeriousViolations(page, "/admin/letters (re-issue confirmation)");
  await page.locator("#reissue-reason").selectOption("お客様からの電話");
  await page.getByRole("button", { name: "再発行する" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("再発行しました");
  await own.goto("/menu");
  await expect(own).toHaveURL(/\/login\?expired=1$/);
  await context.close();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the first sign-in is forced through the password change, then the menu opens", async ({ page, request }) => {
    const customer = await provision(request, "b");
    await firstSignIn(page, request, customer);
    await page.goto("/ip-phone/devices");
    await expect(page).toHaveURL(/\/account\/password$/);
    await changeOwnPassword(page, customer.password, OWN_PASSWORD);
    await expect(page.getByRole("main").getByRole("status")).toContainText("セルフケアパスワードを変更しました");
    await page.goto("/menu");
    await expect(page).toHaveURL(/\/menu$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("メニュー");
  });
});
