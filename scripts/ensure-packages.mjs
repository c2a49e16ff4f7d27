// Debian packages the test scripts need (no downloads from elsewhere here): installed with apt when missing and the
// scripts run as root on Debian, as CI does on a fresh clone. Elsewhere the caller decides what a missing one means.
import { execFileSync } from "node:child_process";
import fs from "node:fs";

const onDebianAsRoot = () => process.getuid?.() === 0 && fs.existsSync("/usr/bin/apt-get");

function installed(name) {
  try {
    return execFileSync("dpkg-query", ["-W", "-f=${Status}", name], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .includes("install ok installed");
  } catch {
    return false;
  }
}

/**
 * Installs the Debian packages among `names` that are missing, in one apt run. Returns the names still missing
 * (all of them off Debian or without root, none when apt succeeded).
 */
export function ensurePackages(names) {
  if (!fs.existsSync("/usr/bin/dpkg-query")) return names;
  const missing = names.filter((name) => !installed(name));
  if (missing.length === 0 || !onDebianAsRoot()) return missing;
  console.log(`Installing Debian packages: ${missing.join(" ")}…`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env: aptEnv });
  execFileSync("apt-get", ["install", "-y", "-qq", ...missing], {
    stdio: "inherit",
    env: aptEnv,
  });
  return missing.filter((name) => !installed(name));
}

/** Playwright drives Debian's Chromium; the screenshots need real Japanese fonts (Noto Sans CJK JP). */
export function ensureBrowser(path) {
  const wanted = ["fonts-noto-cjk", ...(path === "/usr/bin/chromium" ? ["chromium"] : [])];
  const missing = ensurePackages(wanted);
  if (missing.includes("fonts-noto-cjk")) {
    console.warn("fonts-noto-cjk is not installed: screenshots will show the system's fallback fonts.");
  }
  if (fs.existsSync(path)) return;
  console.error(
    `No Chromium at ${path}. Install Debian's package (sudo apt-get install chromium) ` +
      "or point CHROMIUM_PATH at a Chromium or Chrome binary.",
  );
  process.exit(1);
}
