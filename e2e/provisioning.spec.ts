// Provisioning through the API, as a carrier's billing system does it. The journey: a key made in the
// console, a customer and two lines provisioned with it, their letter printed and read back, and the customer's first
// sign-in forced through the password change to the menu. Then the key's own life: shown once, read back, revoked.
// Steps live in e2e/provisioning.ts; e2e/letter.spec.ts covers the rest of the letters and the first sign-in.
import { demo, expect, expectNoSeriousViolations, otherClient, signIn, test } from "./fixtures";
import {
  changeOwnPassword,
  createKeyInConsole,
  firstSignIn,
  freshCustomer,
  getFromApi,
  OWN_PASSWORD,
  printLetter,
  provisionCustomerWithTwoLines,
  putCustomer,
  putLine,
} from "./provisioning";

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
});

test("a key made in the console provisions a customer and two lines; their letter is printed, and the first sign-in is forced through the password change to the menu", async ({
  browser,
  page,
  request,
}) => {
  await signIn(page, request, demo.admin);
  const key = await createKeyInConsole(page, `料金システム ${Date.now()}`);
  const customer = freshCustomer();
  const { initialPassword, sipPasswords } = await provisionCustomerWithTwoLines(request, key, customer);

  const [letter, ...rest] = await printLetter(page, customer.body.selfCareId);
  expect(rest).toHaveLength(0);
  for (const expected of [
    "サービス開始のご案内",
    `${customer.body.name}様`,
    customer.body.selfCareId,
    initialPassword,
    ...customer.numbers,
    ...sipPasswords,
    "/login",
    "大切に保管",
  ]) {
    expect(letter, expected).toContain(expected.replace(/\s/g, ""));
  }

  const { context, page: own } = await otherClient(browser, "203.0.113.82");
  const { selfCareId, email } = customer.body;
  await firstSignIn(own, request, { selfCareId, email, password: initialPassword });
  await own.goto("/menu");
  await expect(own).toHaveURL(/\/account\/password$/);
  await changeOwnPassword(own, initialPassword, OWN_PASSWORD);
  await expect(own.getByRole("main").getByRole("status")).toContainText("セルフケアパスワードを変更しました");
  await own.goto("/menu");
  await expect(own).toHaveURL(/\/menu$/);
  const lines = own.getByRole("region", { name: "ご契約中のIP加入電話番号" }).getByRole("listitem");
  await expect(lines).toHaveCount(2);
  for (const number of customer.numbers) await expect(lines.filter({ hasText: number })).toHaveCount(1);
  await context.close();
});

test("an admin makes a key, shown once; the billing system provisions a customer and two lines with it; revoked, it is refused", async ({
  page,
  request,
}) => {
  await signIn(page, request, demo.admin);
  const name = `料金システム ${Date.now()}`;
  const key = await createKeyInConsole(page, name);
  await expectNoSeriousViolations(page, "/admin/api-keys with a new key");
  // Shown once: the list keeps only its first characters, and a reload shows the key no more.
  const row = page.getByTestId("api-key-row").filter({ hasText: name });
  await expect(row).toContainText(`${key.slice(0, 10)}…`);
  await expect(row).toContainText("未使用");
  await page.reload();
  await expect(page.getByTestId("created-key")).toHaveCount(0);
  expect(await page.content()).not.toContain(key);

  // No key, or a session cookie alone (the admin's browser), opens nothing.
  const anonymous = await request.get("/api/provisioning/v1/customers");
  expect(anonymous.status()).toBe(401);
  expect(anonymous.headers()["www-authenticate"]).toMatch(/^Bearer/);
  expect((await page.request.get("/api/provisioning/v1/customers")).status()).toBe(401);

  const customer = freshCustomer();
  await provisionCustomerWithTwoLines(request, key, customer);
  // The same write again is an upsert: 200, and no password this time.
  const again = await putLine(request, key, customer.numbers[0]!, {
    customerExternalId: customer.externalId,
    serviceKind: "ip-phone",
    status: "active",
  });
  expect(again.status()).toBe(200);
  expect(await again.json()).not.toHaveProperty("sipPassword");

  const read = await getFromApi(request, key, `/customers/${customer.externalId}`);
  expect(read.status()).toBe(200);
  expect(read.headers()["cache-control"]).toBe("no-store");
  expect(await read.json()).toMatchObject({
    externalId: customer.externalId,
    ...customer.body,
    lines: [...customer.numbers].sort(),
  });
  const lines = await getFromApi(request, key, `/lines?customer=${customer.externalId}`);
  expect((await lines.json()).items).toEqual(
    [...customer.numbers].sort().map((number) => expect.objectContaining({ number, status: "active" })),
  );

  const openapi = await request.get("/api/provisioning/v1/openapi.json");
  expect((await openapi.json()).openapi).toBe("3.1.0");

  // The console shows the key's use, then revokes it after asking.
  await page.reload();
  await expect(row).not.toContainText("未使用");
  await row.getByRole("link", { name: /失効させる/ }).click();
  await expect(page.getByTestId("revoke-confirmation")).toContainText(`キー「${name}」を失効させますか`);
  await expectNoSeriousViolations(page, "/admin/api-keys asking to revoke");
  await page.getByRole("button", { name: "失効させる" }).click();
  await expect(page.getByRole("main").getByRole("status")).toContainText("キーを失効させました");
  await expect(row).toContainText("失効（");

  const refused = await putCustomer(request, key, customer.externalId, customer.body);
  expect(refused.status()).toBe(401);
  expect(refused.headers()["content-type"]).toBe("application/problem+json");
});

test("the key form works without JavaScript and shows the key in its answer only", async ({ browser, request }) => {
  const { context, page } = await otherClient(browser, "198.51.100.251", { javaScriptEnabled: false });
  await signIn(page, request, demo.admin);
  await page.goto("/admin/api-keys");
  const name = `読み取り専用 ${Date.now()}`;
  await page.getByLabel("キーの名前").fill(name);
  await page.getByRole("radio", { name: "読み取り" }).check();
  await page.getByRole("button", { name: "キーを発行する" }).click();
  const key = await page.getByTestId("created-key-value").inputValue();
  expect(page.url()).not.toContain(key);
  await expect(page.getByTestId("api-key-row").filter({ hasText: name })).toContainText("読み取り");

  const write = await putCustomer(request, key, "E2E-READONLY", {
    selfCareId: "e2ereadonly",
    name: "読み取り",
    email: "readonly@example.jp",
  });
  expect(write.status()).toBe(403);
  expect((await getFromApi(request, key, "/customers?limit=1")).status()).toBe(200);
  await context.close();
});
