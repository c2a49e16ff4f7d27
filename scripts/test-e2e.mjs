// `npm run test:e2e [-- --no-build] [playwright arguments]`: production build, fresh demo database, Playwright on
// Debian's Chromium.
import fs from "node:fs";
import path from "node:path";
import { ensureBrowser } from "./ensure-packages.mjs";
import { prepareRegistrar } from "./registrar.mjs";
import { run } from "./run.mjs";
import { testServerEnv } from "../test/server-env.mjs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
ensureBrowser(chromium);

// "test" in the name: test mode runs only on a throwaway database (lib/database-target.ts). DATABASE_URL's is the
// first thing the run touches, through the seed's --reset, which refuses any other before connecting.
const dataDir = path.resolve(".data/e2e-test");
fs.rmSync(dataDir, { recursive: true, force: true });

// Passkeys are bound to the address the browser sees (playwright.config.ts serves on 3100).
const testEnv = { CHROMIUM_PATH: chromium, APP_URL: "http://localhost:3100", ...testServerEnv({ DATA_DIR: dataDir }) };

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
