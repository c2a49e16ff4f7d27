// `npm run test:e2e [-- --no-build] [playwright arguments]`: production build, fresh demo database, Playwright on
// Debian's Chromium.
import fs from "node:fs";
import path from "node:path";
import { ensureBrowser } from "./ensure-packages.mjs";
import { prepareRegistrar } from "./registrar.mjs";
import { run } from "./run.mjs";
import { testServerEnv } from "../test/server-env.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// "test" in the name: a production build runs in test mode only on a throwaway database (lib/env.ts).
const dataDir = path.resolve(".data/e2e-test");
// Passkeys are bound to the address the browser sees (playwright.config.ts serves on 3100).
const testEnv = { CHROMIUM_PATH: chromium, APP_URL: "http://localhost:3100", ...testServerEnv({ DATA_DIR: dataDir }) };

// First, before anything is installed or removed: the reset refuses a database whose name lacks "test"
// (lib/database-target.ts), and the run stops there.
if (process.env.DATABASE_URL) {
  run("npx", ["tsx", "scripts/seed.ts", "--reset"], { env: testEnv, label: "reset PostgreSQL to the demo data" });
}
ensureBrowser(chromium);
fs.rmSync(dataDir, { recursive: true, force: true });

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
