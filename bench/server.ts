// The production build, started by `npm start` as on a server, and the memory of its next-server process.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

export type Server = { base: string; process: ChildProcess; stop(): Promise<void> };

/**
 * The benchmark server's environment on `databaseUrl` (a throwaway: "test" in its name, as test mode requires).
 * Fixed, obviously fake secrets: the server listens on localhost only and its database is thrown away.
 */
export function benchServerEnv(databaseUrl: string) {
  return {
    DATABASE_URL: databaseUrl,
    TEST_MODE: "1",
    TEST_SECRET: randomBytes(24).toString("base64url"),
    // The load gives each simulated visitor its own address in X-Forwarded-For, as a proxy in front would.
    TRUSTED_PROXY_HOPS: "1",
    AUTH_SECRET: "bench-auth-secret-0123456789abcdef0123456789",
    CREDENTIAL_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString("base64"),
    CRON_SECRET: "bench-cron-secret-0123456789",
    EMAIL_FROM: "IP加入電話 セルフケア <no-reply@selfcare.example.jp>",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

export async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn("npm", ["start", "--", "-p", String(port)], {
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ready = await fetch(`${base}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    await sleep(200);
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    base,
    process: child,
    async stop() {
      // npm, its shell and next-server share one process group.
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGTERM");
      await exited;
    },
  };
}

function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The next-server process under `npm start` (npm and its shell are not the app's memory). */
export function appPid(root: number): number | undefined {
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    const name = fs.existsSync(`/proc/${pid}/cmdline`) ? fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") : "";
    if (name.startsWith("next-server")) return pid;
    queue.push(...childrenOf(pid));
  }
  return undefined;
}

/** Resident memory of a process in MB (Linux /proc), 0 once it has gone. */
export function rssMb(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
