// Shared by the test scripts: run a command with inherited output, stop the whole run on failure.
import { spawnSync } from "node:child_process";

export function run(command, args, options = {}) {
  const label = [command, ...args].join(" ");
  console.log(`\n▶ ${options.label ?? label}`);
  const result = spawnSync(command, args, { stdio: "inherit", ...options, env: { ...process.env, ...options.env } });
  if (result.status !== 0) {
    console.error(`✖ ${options.label ?? label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}
