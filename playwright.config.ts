import { defineConfig, devices } from "@playwright/test";

const port = 3100;
// Point the suite at an already running server (e.g. `npm run dev` with TEST_MODE=1, TEST_SECRET and
// DATA_DIR=.data/dev-test: test mode runs only on a throwaway database) while writing tests.
const externalBaseUrl = process.env.E2E_BASE_URL;

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: externalBaseUrl ?? `http://localhost:${port}`,
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    trace: "retain-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          // This machine has no internet: keep Chromium from reaching for Google's services.
          args: [
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: externalBaseUrl
    ? undefined
    : {
        command: `npx next start -p ${port}`,
        url: `http://localhost:${port}/api/health`,
        timeout: 120_000,
        reuseExistingServer: false,
        // The server logs one JSON line per event; the specs read what they need through the app itself.
        stdout: "ignore",
        stderr: "pipe",
      },
});
