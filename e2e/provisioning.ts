// The provisioning journey's steps, for e2e/provisioning.spec.ts and whatever extends it (e2e/letter.spec.ts): a key
// made in the console, the billing system's calls to the API, the letter printed from the console and read back, and
// the customer's first sign-in.
import { randomInt, randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { APIRequestContext, Page } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { codeMailMark, expect, latestCode, reachCodePage } from "./fixtures";

const API = "/api/provisioning/v1";

/** A customer and numbers of this run's own, so runs against one database never meet. */
export function freshCustomer() {
  const tag = randomUUID().slice(0, 8);
  return {
    externalId: `E2E-${tag}`,
    body: { selfCareId: `e2e${tag}`, name: "プロビ 太郎", email: `e2e-${tag}@example.jp` },
    numbers: [0, 1].map(() => `0507${String(randomInt(0, 10_000_000)).padStart(7, "0")}`),
  };
}

/** An admin, signed in on `page`, makes a key in the console; it is shown once, and the key is returned. */
export async function createKeyInConsole(page: Page, name: string, scope: "読み書き" | "読み取り" = "読み書き") {
  await page.goto("/admin/changes");
  await page.getByRole("navigation", { name: "運用メニュー" }).getByRole("link", { name: "APIキー" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("プロビジョニングAPIキー");
  await page.getByLabel("キーの名前").fill(name);
  await page.getByRole("radio", { name: scope }).check();
  await page.getByRole("button", { name: "キーを発行する" }).click();
  await expect(page.getByTestId("created-key")).toContainText(`キー「${name}」を発行しました`);
  const key = await page.getByTestId("created-key-value").inputValue();
  expect(key).toMatch(/^scp_[\w-]{43}$/);
  return key;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

export const putCustomer = (request: APIRequestContext, key: string, externalId: string, body: object) =>
  request.put(`${API}/customers/${externalId}`, { headers: bearer(key), data: body });

export const putLine = (request: APIRequestContext, key: string, number: string, body: object) =>
  request.put(`${API}/lines/${number}`, { headers: bearer(key), data: body });

export const getFromApi = (request: APIRequestContext, key: string, path: string) =>
  request.get(`${API}${path}`, { headers: bearer(key) });

/** A customer and two active lines through the API: the generated credentials, as the billing system gets them. */
export async function provisionCustomerWithTwoLines(
  request: APIRequestContext,
  key: string,
  customer: ReturnType<typeof freshCustomer>,
) {
  const created = await putCustomer(request, key, customer.externalId, customer.body);
  expect(created.status()).toBe(201);
  const { initialPassword } = await created.json();
  expect(initialPassword).toEqual(expect.any(String));
  const sipPasswords: string[] = [];
  for (const number of customer.numbers) {
    const line = await putLine(request, key, number, {
      customerExternalId: customer.externalId,
      serviceKind: "ip-phone",
      status: "active",
    });
    expect(line.status()).toBe(201);
    const { sipPassword } = await line.json();
    expect(sipPassword).toMatch(/^[a-z0-9]{8}$/);
    sipPasswords.push(sipPassword);
  }
  return { initialPassword: initialPassword as string, sipPasswords };
}

/** The admin, signed in on `page`, prints this customer's letter; answers each page's text without spaces and breaks. */
export async function printLetter(page: Page, selfCareId: string): Promise<string[]> {
  await page.goto("/admin/letters");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: `印刷（PDF）：${selfCareId}` }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^letters-\d{8}T\d{4}-1\.pdf$/);
  const pdf = await readFile((await download.path())!);
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
  return text.map((pageText) => pageText.replace(/\s/g, ""));
}

/** A password of the customer's own, for the forced change. */
export const OWN_PASSWORD = "my own long passphrase 2026";

/** The first sign-in with the letter's password and the mailed code: it lands on the forced password change. */
export async function firstSignIn(
  page: Page,
  request: APIRequestContext,
  customer: { selfCareId: string; email: string; password: string },
) {
  const before = await codeMailMark(request, customer.email);
  await reachCodePage(page, { id: customer.selfCareId, password: customer.password });
  await page.getByLabel("認証コード（6桁）").fill(await latestCode(request, customer.email, before));
  await page.getByRole("button", { name: "認証する" }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(
    page.getByRole("heading", { name: "初回ログインのため、セルフケアパスワードを変更してください" }),
  ).toBeVisible();
}

export async function changeOwnPassword(page: Page, current: string, next: string) {
  await page.getByLabel("現在のセルフケアパスワード").fill(current);
  await page.getByLabel("新しいセルフケアパスワード", { exact: true }).fill(next);
  await page.getByLabel("新しいセルフケアパスワード（確認用）").fill(next);
  await page.getByRole("button", { name: "変更する" }).click();
}
