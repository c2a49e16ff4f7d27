// The bare twin app (bench/twin/: the portal's ingredients and nothing else, on the same Next.js and React), built once
// per content in the system's temporary folder and served beside the app, so every page and action figure has its
// same-ingredient twin measured in the same run on the same machine.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { step } from "./progress";
import { whenServing, type Server } from "./server";

const SOURCE = path.resolve("bench/twin");

function sourceFiles(): string[] {
  return fs
    .readdirSync(SOURCE, { recursive: true, encoding: "utf8" })
    .filter((file) => !/^(node_modules|\.next)/.test(file) && file !== "next-env.d.ts")
    .filter((file) => fs.statSync(path.join(SOURCE, file)).isFile())
    .sort();
}

/** Copies and builds the twin outside the project (its own node_modules), reusing a build of the same sources. */
function build(): string {
  const digest = createHash("sha256");
  for (const file of sourceFiles()) digest.update(file).update(fs.readFileSync(path.join(SOURCE, file)));
  const dir = path.join(os.tmpdir(), `selfcare-bench-twin-${digest.digest("hex").slice(0, 12)}`);
  if (fs.existsSync(path.join(dir, ".next", "BUILD_ID"))) return dir;
  step(`building the bare twin app in ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const file of sourceFiles()) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(SOURCE, file), path.join(dir, file));
  }
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
    if (result.status !== 0) throw new Error(`bench twin: ${command} ${args.join(" ")} failed in ${dir}`);
  }
  return dir;
}

/** Builds (once) and starts the twin on `port` with `next start`, as the app is started. */
export async function startTwin(port: number): Promise<Server> {
  const dir = build();
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], {
    cwd: dir,
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  return whenServing(child, `http://127.0.0.1:${port}`, () => child.kill("SIGTERM"));
}
