// Each deployment mode has exactly its powers: what a misplaced variable can open, what a preview lets a reviewer
// do, which client address each trust setting believes, and how a failed reflection is recovered.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { hash } from "@node-rs/argon2";
import type { APIRequestContext } from "@playwright/test";
import postgres from "postgres";
import { databaseName, refuseUnlessThrowaway, withDatabaseName } from "../lib/database-target";
import { hiddenFields, multipart, multipartType } from "../test/forms";
import { demo, expect, fillChange, setClock, signIn, test } from "./fixtures";
import { refusedStart, startServer, type Server } from "./servers";
import { serverSecrets } from "../test/server-env.mjs";

const databaseUrl = process.env.DATABASE_URL;
const THROTTLED = "ご利用の環境からのログイン試行が多すぎるため";
const jst = (local: string) => new Date(`${local}+09:00`);

test.describe.configure({ mode: "serial" });

test("a production start without DATABASE_URL refuses to start and names the variable", async () => {
  const result = await refusedStart(3103, {
    TEST_MODE: undefined,
    TEST_SECRET: undefined,
    DATABASE_URL: undefined,
    RESEND_API_KEY: "re_placeholder",
  });
  expect(result.exited).toBe(true);
  expect(result.code).not.toBe(0);
  expect(result.logs).toContain("DATABASE_URL");
  expect(result.logs).toContain("production mode");
});

test("a production build refuses the test mode on a database that is not a throwaway one", async () => {
  test.skip(!databaseUrl, "needs PostgreSQL (DATABASE_URL)");
  const production = new URL(databaseUrl!);
  production.pathname = "/postgres";
  const result = await refusedStart(3103, { DATABASE_URL: production.toString() });
  expect(result.exited).toBe(true);
  expect(result.code).not.toBe(0);
  expect(result.logs).toContain("throwaway database");
});

test("the test routes and the mailbox answer 404 without this run's secret", async ({ baseURL }) => {
  // Plain fetch: Playwright's own request contexts would carry the suite's headers, the secret among them.
  const status = async (path: string, method: string, headers: Record<string, string> = {}) =>
    (await fetch(`${baseURL}${path}`, { method, headers: { origin: baseURL!, ...headers } })).status;
  expect(await status("/api/test/demo-data", "POST")).toBe(404);
  expect(await status("/api/test/rate-limits", "DELETE")).toBe(404);
  expect(await status("/api/test/clock", "POST")).toBe(404);
  expect(await status("/dev/mailbox", "GET")).toBe(404);
  expect(await status("/api/test/demo-data", "POST", { "x-test-secret": "not-this-run-0123456789" })).toBe(404);
  // With it, the same route answers: the 404s above are the secret's doing.
  expect(await status("/api/test/rate-limits", "DELETE", { "x-test-secret": process.env.TEST_SECRET ?? "" })).toBe(200);
});

/** Wrong passwords from one client that forges a fresh address on each request; returns the last answer's text. */
async function loginsFrom(
  request: APIRequestContext,
  server: string,
  idPrefix: string,
  headersFor: (attempt: number) => Record<string, string>,
) {
  const html = await (await request.get(`${server}/login`)).text();
  let text = "";
  for (let attempt = 0; attempt < 31; attempt++) {
    const response = await request.post(`${server}/login`, {
      headers: { ...headersFor(attempt), "content-type": multipartType, origin: server },
      data: multipart({ ...hiddenFields(html, "selfCareId"), selfCareId: `${idPrefix}${attempt}`, password: "wrong" }),
      maxRedirects: 0,
    });
    text = await response.text();
  }
  return text;
}

/** The addresses the audit trail recorded for those attempts (PostgreSQL only; the extra servers share it). */
async function recordedAddresses(idPrefix: string): Promise<string[] | null> {
  if (!databaseUrl) return null;
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const rows = await sql<{ ip: string }[]>`
    select distinct ip from audit_events where detail->>'selfCareId' like ${`${idPrefix}%`}`;
  await sql.end();
  return rows.map((row) => row.ip);
}

test.describe("the client address comes from the one source configured", () => {
  const forged = (attempt: number) => ({
    "x-forwarded-for": `192.0.2.${attempt}`,
    "x-real-ip": `192.0.2.${attempt}`,
    "x-selfcare-peer-address": `192.0.2.${attempt}`,
  });

  test("with no proxy trusted, the connection's address: forwarded headers change nothing", async ({ request }) => {
    const server = await startServer(3105, {
      TRUSTED_PROXY_HOPS: undefined,
      DATA_DIR: path.resolve(".data/e2e-socket-test"),
    });
    try {
      expect(await loginsFrom(request, server.baseURL, "socket", forged)).toContain(THROTTLED);
      // One key for all 31, and it is the loopback connection's, not a forged one (nor "unknown").
      const addresses = await recordedAddresses("socket");
      if (addresses) expect(addresses).toEqual([expect.stringMatching(/^(127\.0\.0\.1|::\/64)$/)]);
    } finally {
      server.stop();
    }
  });

  test("behind one trusted proxy, the address it appended: entries before it are the client's own", async ({
    request,
    baseURL,
  }) => {
    const last = await loginsFrom(request, baseURL!, "hops", (attempt) => ({
      "x-forwarded-for": `192.0.2.${attempt}, 203.0.113.50`,
    }));
    expect(last).toContain(THROTTLED);
    const addresses = await recordedAddresses("hops");
    if (addresses) expect(addresses).toEqual(["203.0.113.50"]);
  });

  test("with a named header, that header alone", async ({ request }) => {
    const server = await startServer(3106, {
      TRUSTED_PROXY_HOPS: undefined,
      CLIENT_IP_HEADER: "x-client-ip",
      DATA_DIR: path.resolve(".data/e2e-header-test"),
    });
    try {
      const last = await loginsFrom(request, server.baseURL, "named", (attempt) => ({
        ...forged(attempt),
        "x-client-ip": "203.0.113.51",
      }));
      expect(last).toContain(THROTTLED);
      const addresses = await recordedAddresses("named");
      if (addresses) expect(addresses).toEqual(["203.0.113.51"]);
    } finally {
      server.stop();
    }
  });
});

/**
 * A preview's own database, made afresh by each test that needs one: the journeys before it leave customers of their
 * own on the suite's database, and a preview refuses any database holding more than the demo data.
 */
const previewUrl = databaseUrl
  ? withDatabaseName(databaseUrl, `${databaseName({ url: databaseUrl })}_preview`)
  : undefined;
async function freshPreviewDatabase() {
  refuseUnlessThrowaway({ url: previewUrl! }, "drop and create");
  const name = databaseName({ url: previewUrl! });
  const server = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    await server.unsafe(`drop database if exists "${name}" with (force)`);
    await server.unsafe(`create database "${name}"`);
  } finally {
    await server.end();
  }
}

const previewEnv = {
  DATABASE_URL: previewUrl,
  VERCEL_ENV: "preview",
  TEST_MODE: undefined,
  TEST_SECRET: undefined,
  TRUSTED_PROXY_HOPS: undefined,
};
/** What a preview's build does first (scripts/vercel-build.mjs): the seed, which checks, migrates and marks. */
const previewSeed = () =>
  spawnSync("npx", ["tsx", "scripts/seed.ts"], { env: { ...process.env, ...previewEnv }, encoding: "utf8" });
const realEmail = "real0001@gmail.com";

test("a preview's seed and start over a database holding one real customer both refuse, and change nothing", async () => {
  test.skip(!databaseUrl, "a preview runs on PostgreSQL (DATABASE_URL)");
  test.setTimeout(120_000);
  await freshPreviewDatabase();
  expect(previewSeed().status).toBe(0);
  const sql = postgres(previewUrl!, { max: 1, onnotice: () => {} });
  const snapshot = async () =>
    JSON.stringify([
      await sql`select self_care_id, password_hash, session_version, email from customers order by self_care_id`,
      await sql`select number, sip_password_hash, customer_id from ip_phone_lines order by number`,
      await sql`select username, ha1, ha1b from sip_credentials order by username`,
    ]);
  try {
    await sql`
      insert into customers (self_care_id, password_hash, email, display_name)
      values ('real0001', ${await hash("Real-pass-0001")}, ${realEmail}, '実在 太郎')
      on conflict (self_care_id) do nothing`;
    const before = await snapshot();
    const seeded = previewSeed();
    expect(seeded.status).not.toBe(0);
    expect(seeded.stderr).toContain("1 customer(s) outside the demo set");
    expect(seeded.stderr).toContain("Nothing was changed");

    const start = await refusedStart(3104, previewEnv);
    expect(start.exited).toBe(true);
    expect(start.code).not.toBe(0);
    expect(start.logs).toContain("a preview serves demo data only");

    expect(await snapshot()).toBe(before);
  } finally {
    await sql`delete from customers where self_care_id = 'real0001'`;
    await sql.end();
  }
});

test.describe("a Vercel preview", () => {
  let preview: Server;

  test.beforeAll(async () => {
    test.skip(!databaseUrl, "a preview runs on PostgreSQL (DATABASE_URL)");
    test.setTimeout(120_000);
    await freshPreviewDatabase();
    const seeded = previewSeed();
    expect(seeded.status, seeded.stderr).toBe(0);
    preview = await startServer(3104, previewEnv);
  });

  test.afterAll(async ({ request }) => {
    preview?.stop();
    if (!databaseUrl) return;
    expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
  });

  test("a reviewer signs in as the demo customer and the admin through /dev/mailbox and changes a password", async ({
    browser,
  }) => {
    const reviewer = await browser.newContext({
      baseURL: preview.baseURL,
      extraHTTPHeaders: { "x-real-ip": "203.0.113.60" },
    });
    const page = await reviewer.newPage();
    await signIn(page, reviewer.request, demo.customer);
    await page.goto("/ip-phone/password");
    await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
    await expect(page).toHaveURL(/\/ip-phone\/password\/complete\//);
    await page.getByRole("button", { name: "ログアウト", exact: true }).click();
    // The sign-out lands before the next sign-in starts (it clears the cookie the next request would carry).
    await expect(page).toHaveURL(/\/login\?signedOut/);

    await signIn(page, reviewer.request, demo.admin);
    await expect(page.getByTestId("preview-note")).toContainText("プレビュー環境");
    await expect(page.getByRole("table")).toContainText("05087654321");
    // No test power in a preview, whatever a request carries.
    const testRoute = await reviewer.request.post("/api/test/demo-data", {
      headers: { "x-test-secret": process.env.TEST_SECRET ?? "" },
    });
    expect(testRoute.status()).toBe(404);
    await reviewer.close();
  });

  test("mail to an address outside the example domains is never sent, nor shown", async ({ request }) => {
    // A customer who appeared after the preview started (its start refuses any): the mail layer still never writes.
    const sql = postgres(previewUrl!, { max: 1, onnotice: () => {} });
    await sql`
      insert into customers (self_care_id, password_hash, email, display_name)
      values ('real0001', ${await hash("Real-pass-0001")}, ${realEmail}, '実在 太郎')
      on conflict (self_care_id) do nothing`;
    await sql.end();
    const html = await (await request.get(`${preview.baseURL}/login`)).text();
    await request.post(`${preview.baseURL}/login`, {
      headers: { "content-type": multipartType, origin: preview.baseURL, "x-real-ip": "203.0.113.61" },
      data: multipart({ ...hiddenFields(html, "selfCareId"), selfCareId: "real0001", password: "Real-pass-0001" }),
      maxRedirects: 0,
    });
    await expect.poll(() => preview.logs()).toContain('"event":"mail.suppressed"');
    expect(preview.logs()).toContain('"domain":"gmail.com"');
    expect(preview.logs()).not.toContain(realEmail);
    const mailbox = await (await request.get(`${preview.baseURL}/dev/mailbox`)).text();
    expect(mailbox).not.toContain(realEmail);
    expect(mailbox).toContain("demo0001@example.jp");
  });
});

test("a change the registrar refuses shows the database's reason, and an admin's retry reflects it", async ({
  page,
  request,
  browser,
}) => {
  test.skip(!databaseUrl, "needs PostgreSQL (DATABASE_URL) to make the real table refuse the write");
  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  const cron = { Authorization: `Bearer ${serverSecrets.CRON_SECRET}` };
  try {
    expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
    // Earlier journeys changed this line at the real time, later than the test clock below: start it afresh.
    await sql`delete from password_changes where line_id = (select id from ip_phone_lines where number = '05087654321')`;
    await signIn(page, request, demo.customer);
    await page.goto("/ip-phone/password");
    await setClock(request, jst("2026-11-24T14:00:00"));
    await fillChange(page, { number: "05087654321", current: "pass5678", next: "k7m2x9qa" });
    await expect(page).toHaveURL(/\/complete\//);

    // The call-control system's table refuses every write, as a registrar under maintenance might.
    await sql.unsafe(`
      create or replace function e2e_refuse_sip() returns trigger language plpgsql as
        $$ begin raise exception 'registrar under maintenance'; end $$;
      create trigger e2e_refuse_sip before insert or update on sip_credentials
        for each row execute function e2e_refuse_sip();`);
    await setClock(request, jst("2026-11-24T17:31:00"));
    for (let run = 0; run < 3; run++)
      expect((await request.get("/api/cron/reflect", { headers: cron })).ok()).toBe(true);

    const admin = await browser.newContext({
      extraHTTPHeaders: { "x-test-secret": process.env.TEST_SECRET ?? "", "X-Forwarded-For": "198.51.100.249" },
    });
    const adminPage = await admin.newPage();
    await signIn(adminPage, admin.request, demo.admin);
    await adminPage.goto("/admin/changes?status=failed");
    await adminPage.getByRole("link", { name: "05087654321" }).first().click();
    const details = adminPage.locator("dl");
    await expect(details).toContainText("反映失敗");
    await expect(details).toContainText("P0001: registrar under maintenance");
    await expect(details).not.toContainText(/insert|select|params|\$argon2/);

    await sql.unsafe("drop trigger e2e_refuse_sip on sip_credentials; drop function e2e_refuse_sip();");
    await adminPage.getByRole("button", { name: "再反映を試みる" }).click();
    await expect(adminPage.getByRole("status")).toContainText("再反映を試みました");
    await expect(details).toContainText("反映済み");
    await expect(adminPage.getByTestId("audit-trail")).toContainText("管理者が再反映を指示");
    await admin.close();
  } finally {
    await sql.unsafe(
      "drop trigger if exists e2e_refuse_sip on sip_credentials; drop function if exists e2e_refuse_sip();",
    );
    await sql.end();
  }
});
