// Provisioning through the API, as a carrier's billing system does it: a key made in the console (shown once), a
// customer and two lines provisioned, read back, and the key revoked. Steps live in e2e/provisioning.ts.
import { demo, expect, expectNoSeriousViolations, otherClient, signIn, test } from "./fixtures";
import {
  createKeyInConsole,
  freshCustomer,
  getFromApi,
  provisionCustomerWithTwoLines,
  putCustomer,
  putLine,
} from "./provisioning";

test.beforeEach(async ({ request }) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
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
