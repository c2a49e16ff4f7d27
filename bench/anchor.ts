// The bare Next.js app of ../shared/perf-anchor (same Next.js and React, nothing else): built once per content in a
// temporary folder outside the project and served beside the app, so every page and action figure has its
// same-ingredient twin measured in the same run on the same machine.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { step } from "./progress";

export type Anchor = { base: string; stop(): Promise<void> };

/** Where the anchor's sources are: PERF_ANCHOR_DIR, else ../shared/perf-anchor beside the project. */
export function anchorSource(): string | null {
  const dir = path.resolve(process.env.PERF_ANCHOR_DIR ?? "../shared/perf-anchor");
  return fs.existsSync(path.join(dir, "package.json")) ? dir : null;
}

function filesOf(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => !file.startsWith("node_modules") && !file.startsWith(".next"))
    .filter((file) => fs.statSync(path.join(dir, file)).isFile())
    .sort();
}

/** Copies and builds the anchor into os.tmpdir(), reusing an earlier build of the same sources. */
function build(source: string): string {
  const digest = createHash("sha256");
  for (const file of filesOf(source)) digest.update(file).update(fs.readFileSync(path.join(source, file)));
  const dir = path.join(os.tmpdir(), `selfcare-perf-anchor-${digest.digest("hex").slice(0, 12)}`);
  if (fs.existsSync(path.join(dir, ".next", "BUILD_ID"))) return dir;
  step(`building the bare anchor app in ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(source, dir, {
    recursive: true,
    filter: (file) => !/node_modules|\.next/.test(path.relative(source, file)),
  });
  // npm ci installs the build's dev dependencies only without NODE_ENV=production.
  const env: Record<string, string | undefined> = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  delete env.NODE_ENV;
  for (const [command, args] of [
    ["npm", ["ci", "--no-audit", "--no-fund"]],
    [process.execPath, ["node_modules/next/dist/bin/next", "build"]],
  ] as const) {
    const result = spawnSync(command, args, {
      cwd: dir,
      env: env as unknown as NodeJS.ProcessEnv,
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (result.status !== 0) throw new Error(`perf-anchor: ${command} ${args.join(" ")} failed in ${dir}`);
  }
  return dir;
}

/** Builds (once) and starts the anchor on `port` with `next start`, as the app is started. */
export async function startAnchor(source: string, port: number): Promise<Anchor> {
  const dir = build(source);
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the anchor's next start exited with ${child.exitCode}`);
    if (
      await fetch(`${base}/api/health`).then(
        (response) => response.ok,
        () => false,
      )
    )
      break;
    await sleep(200);
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    base,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
