// The database goes away mid-run and comes back: friendly Japanese pages and 503s meanwhile, nothing half-written,
// recovery without a restart, and not one secret in the server's (JSON) log lines.
import fs from "node:fs";
import path from "node:path";
import { demo, expect, fillChange, signIn, test } from "./fixtures";
import { startRelay } from "./db-relay";
import { startServer, type Server } from "./servers";
import { serverSecrets } from "../test/server-env.mjs";

const port = 3102;
const baseURL = `http://localhost:${port}`;
const databaseUrl = process.env.DATABASE_URL;
let relay: Awaited<ReturnType<typeof startRelay>>;
let server: Server;

test.describe.configure({ mode: "serial" });
test.use({ baseURL });
test.skip(!databaseUrl, "The outage test needs PostgreSQL (DATABASE_URL); the embedded database cannot go away.");

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const target = new URL(databaseUrl!);
  relay = await startRelay({ host: target.hostname, port: Number(target.port || 5432) });
  const relayed = new URL(databaseUrl!);
  relayed.host = `127.0.0.1:${relay.port}`;
  const dataDir = path.resolve(".data/e2e-outage-test");
  fs.rmSync(dataDir, { recursive: true, force: true });
  server = await startServer(port, { DATA_DIR: dataDir, DATABASE_URL: relayed.toString() });
});

/** How many health probes the server has logged as failed so far. */
const unreachableProbes = () =>
  server
    .logs()
    .split("\n")
    .filter((line) => line.includes('"health.database-unreachable"')).length;

test.afterAll(async () => {
  server?.stop();
  await relay?.restore().catch(() => {});
});

test("pages and health answer 503 in Japanese while the database is down, and recover without a restart", async ({
  page,
  request,
}) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
  await signIn(page, request, demo.other);
  await page.goto("/ip-phone/password");
  await page.getByLabel("IP加入電話番号", { exact: true }).fill("05011112222");
  await page.getByLabel("現IP加入電話パスワード").fill("open2222");
  await page.getByLabel("新IP加入電話パスワード", { exact: true }).fill("k7m2x9qa");
  await page.getByLabel("新IP加入電話パスワード(確認用)").fill("k7m2x9qa");

  await relay.cut();
  // The change is sent as the database disappears: the customer is told, and nothing is written.
  await page.getByRole("button", { name: "更新" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ただいまサービスをご利用いただけません");
  await expect(page).not.toHaveURL(/\/complete\//);

  const menu = await page.goto("/menu");
  expect(menu?.status()).toBe(503);
  expect(menu?.headers()["retry-after"]).toBeTruthy();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("ただいまサービスをご利用いただけません");
  const health = await request.get("/api/health");
  expect(health.status()).toBe(503);
  expect(health.headers()["retry-after"]).toBeTruthy();

  await relay.restore();
  // Recovery needs no restart: once the hold is over, the next page's own query finds the database back.
  await expect.poll(async () => (await page.goto("/menu"))?.status(), { timeout: 20_000 }).toBe(200);
  await expect.poll(async () => (await request.get("/api/health")).status(), { timeout: 5_000 }).toBe(200);

  // The old password still stands (the interrupted change wrote nothing), and a change goes through again.
  await page.goto("/ip-phone/password");
  await fillChange(page, { number: "05011112222", current: "open2222", next: "k7m2x9qa" });
  await expect(page).toHaveURL(/\/complete\//);
});

test("a flood of health requests against a slow database costs one probe a second and never puts pages into 503", async ({
  page,
  request,
}) => {
  expect((await request.post("/api/test/demo-data")).ok()).toBe(true);
  await signIn(page, request, demo.customer);
  const probesBefore = unreachableProbes();
  relay.slow(3_500);
  try {
    const answers = await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`${baseURL}/api/health`).then(
          (response) => response.status,
          () => 0,
        ),
      ),
    );
    expect(answers.every((status) => status === 503)).toBe(true);
    // 200 requests, answered by the probes of a few seconds: at most one query a second reached the database.
    expect(unreachableProbes() - probesBefore).toBeLessThanOrEqual(3);
  } finally {
    relay.slow(0);
  }
  // The health probe's timeouts told the pages nothing: they answer as soon as the database does.
  const menu = await page.goto("/menu");
  expect(menu?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("ただいまサービスをご利用いただけません");
});

test("the server's log is one JSON event per line, with request ids and no secret", async () => {
  const logs = server.logs();
  const lines = logs.split("\n").filter((line) => line.startsWith("{"));
  expect(lines.length).toBeGreaterThan(0);
  const events = lines.map(
    (line) => JSON.parse(line) as { level: string; time: string; requestId?: string; event?: string; mode?: string },
  );
  // The mode is stated once, at start.
  expect(events.filter((event) => event.event === "app.start").map((event) => event.mode)).toEqual(["test"]);
  for (const event of events) {
    expect(event.level).toMatch(/^(trace|debug|info|warn|error|fatal)$/);
    expect(Date.parse(event.time)).not.toBeNaN();
  }
  expect(events.some((event) => event.event === "request.database-unavailable" && event.requestId)).toBe(true);
  expect(events.some((event) => event.event === "health.database-unreachable" && event.requestId)).toBe(true);
  // Everything the process printed after start-up is JSON; before that only Next.js's banner.
  const afterStart = logs.split("\n").slice(logs.split("\n").findIndex((line) => line.startsWith("{")));
  expect(afterStart.filter((line) => line.trim() !== "" && !line.startsWith("{"))).toEqual([]);

  const secrets = [
    databaseUrl!,
    "postgres://",
    serverSecrets.AUTH_SECRET,
    serverSecrets.CRON_SECRET,
    serverSecrets.CREDENTIAL_ENCRYPTION_KEY,
  ];
  for (const secret of [...secrets, demo.other.password, "open2222", "k7m2x9qa"]) expect(logs).not.toContain(secret);
});
