// The production build, started as `next start` would be on a server, and its memory as the OS sees it.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const NEXT_BIN = "node_modules/next/dist/bin/next";

export type Server = { base: string; process: ChildProcess; stop(): Promise<void> };

export async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(port)], {
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    const ready = await fetch(`${base}/api/health`).then((response) => response.ok, () => false);
    if (ready) break;
    await sleep(200);
  }
  return {
    base,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** Resident memory of a process and its children, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const kb = (id: number): number => {
    try {
      const status = fs.readFileSync(`/proc/${id}/status`, "utf8");
      const own = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      const children = fs.readFileSync(`/proc/${id}/task/${id}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
      return own + children.reduce((sum, child) => sum + kb(Number(child)), 0);
    } catch {
      return 0;
    }
  };
  return kb(pid) / 1024;
}
