// The production build, started by `npm start` as on a server, and the memory of its next-server process.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { testServerEnv } from "../test/server-env.mjs";

export type Server = { base: string; process: ChildProcess; stop(): Promise<void> };

/** The benchmark server's environment on `databaseUrl` (a throwaway: "test" in its name, as test mode requires). */
export const benchServerEnv = (databaseUrl: string) => testServerEnv({ DATABASE_URL: databaseUrl });

export async function startServer(port: number, env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn("npm", ["start", "--", "-p", String(port)], {
    env: { ...env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  // npm, its shell and next-server share one process group.
  return whenServing(child, `http://127.0.0.1:${port}`, () => process.kill(-child.pid!, "SIGTERM"));
}

/** Resolves once `base` answers /api/health (failing if the process exits first), with how to stop it. */
export async function whenServing(child: ChildProcess, base: string, kill: () => void): Promise<Server> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`the server for ${base} exited with ${child.exitCode}`);
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
      if (child.exitCode === null && child.signalCode === null) kill();
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

/**
 * The CPU time a process has used so far, user and system, in milliseconds (Linux /proc; its clock ticks are
 * USER_HZ, 100 a second). Divided by the answers of a load, it is the server's own cost per answer: steadier than
 * throughput on a machine whose two cores also run the load tool and the database.
 */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Resident memory of a process in MB (Linux /proc), 0 once it has gone. */
export function rssMb(pid: number): number {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}
