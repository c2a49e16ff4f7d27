// Playwright drives Debian's Chromium (no browser download here); installs it when root on Debian and it is missing.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

export function ensureChromium(path) {
  if (fs.existsSync(path)) return;
  const isRoot = process.getuid?.() === 0;
  if (path === "/usr/bin/chromium" && isRoot && fs.existsSync("/usr/bin/apt-get")) {
    console.log("Chromium is missing: installing Debian's chromium package…");
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env: aptEnv });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: aptEnv });
    return;
  }
  console.error(
    `No Chromium at ${path}. Install Debian's package (sudo apt-get install chromium) ` +
      "or point CHROMIUM_PATH at a Chromium or Chrome binary.",
  );
  process.exit(1);
}
