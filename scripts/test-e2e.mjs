// `npm run test:e2e [-- --no-build] [playwright arguments]`: production build, fresh demo database, Playwright on
// Debian's Chromium.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensureBrowser } from "./ensure-packages.mjs";
import { prepareRegistrar } from "./registrar.mjs";
import { run } from "./run.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
ensureBrowser(chromium);

// "test" in the name: a production build runs in test mode only on a throwaway database (lib/env.ts).
const dataDir = path.resolve(".data/e2e-test");
fs.rmSync(dataDir, { recursive: true, force: true });

// Fixed, obviously fake secrets: this server only ever runs on localhost for the tests.
const testEnv = {
  CHROMIUM_PATH: chromium,
  DATA_DIR: dataDir,
  TEST_MODE: "1",
  // The test routes and the mailbox answer only requests carrying this run's secret.
  TEST_SECRET: randomBytes(24).toString("base64url"),
  // The specs stand in for a proxy that appends the client's address, so each test can be its own client.
  TRUSTED_PROXY_HOPS: "1",
  AUTH_SECRET: "e2e-auth-secret-0123456789abcdef0123456789",
  CREDENTIAL_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  CRON_SECRET: "e2e-cron-secret-0123456789",
  EMAIL_FROM: "IP加入電話 セルフケア <no-reply@selfcare.example.jp>",
  NEXT_TELEMETRY_DISABLED: "1",
};

if (process.env.DATABASE_URL) {
  run("npx", ["tsx", "scripts/seed.ts", "--reset"], { env: testEnv, label: "reset PostgreSQL to the demo data" });
}
// Kamailio and SIPp for e2e/registrar.spec.ts; when they cannot be had, the journey is skipped and says why, here
// and in Playwright's list.
const registrar = await prepareRegistrar(testEnv);
if (registrar.REGISTRAR_SKIPPED)
  console.warn(`\n⚠ The SIP registrar journey will be skipped: ${registrar.REGISTRAR_SKIPPED}.`);

// `-- --no-build` reuses the last build while writing tests; every other argument goes to Playwright.
const args = process.argv.slice(2);
if (!args.includes("--no-build")) run("npx", ["next", "build"], { env: { ...testEnv, NODE_ENV: "production" } });
run("npx", ["playwright", "test", ...args.filter((arg) => arg !== "--no-build")], {
  env: { ...testEnv, ...registrar },
});
