// Extra servers of the same build, started with an environment of a test's choosing: other modes, other trust
// settings, a database behind a relay. Each is stopped by the test that started it.
import { execFileSync, spawn } from "node:child_process";
import postgres from "postgres";
import { refuseUnlessThrowaway, withDatabaseName } from "../lib/database-target";

export type Server = { baseURL: string; logs: () => string; stop: () => void };

/** `next start` with `env` (unset keys removed); resolves once /api/health answers 200. */
export async function startServer(port: number, env: Record<string, string | undefined>): Promise<Server> {
  const child = spawnServer(port, env);
  const baseURL = `http://localhost:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exited) throw new Error(`the server on ${port} exited:\n${child.logs()}`);
    const status = await fetch(`${baseURL}/api/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return { baseURL, logs: child.logs, stop: child.stop };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.stop();
  throw new Error(`the server on ${port} did not start:\n${child.logs()}`);
}

/** A start that is expected to be refused: resolves with the exit code and everything the process printed. */
export async function refusedStart(port: number, env: Record<string, string | undefined>) {
  const child = spawnServer(port, env);
  for (let i = 0; i < 120 && !child.exited; i++) await new Promise((resolve) => setTimeout(resolve, 500));
  child.stop();
  return { exited: child.exited, code: child.code, logs: child.logs() };
}

function spawnServer(port: number, env: Record<string, string | undefined>) {
  const merged = Object.fromEntries(
    Object.entries({ ...process.env, ...env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const child = spawn("npx", ["next", "start", "-p", String(port)], {
    env: merged as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const state = { exited: false, code: null as number | null };
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.on("exit", (code) => Object.assign(state, { exited: true, code }));
  return {
    get exited() {
      return state.exited;
    },
    get code() {
      return state.code;
    },
    logs: () => output,
    stop: () => {
      if (child.pid && !state.exited) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // already gone
        }
      }
    },
  };
}

/** A PostgreSQL server's address: DATABASE_URL's, else the local one (scripts/local-postgres.sh), else none. */
function postgresServer(): string | null {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  try {
    return execFileSync("bash", ["scripts/local-postgres.sh"], { stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
  } catch {
    return null;
  }
}

/**
 * A spec's own PostgreSQL database (`name` must contain "test": the portal's test mode runs only on a throwaway
 * database), created afresh and given the demo data; its URL, or null when no PostgreSQL answers here.
 */
export async function seededDatabase(name: string): Promise<string | null> {
  const base = postgresServer();
  if (!base) return null;
  const url = new URL(withDatabaseName(base, name));
  refuseUnlessThrowaway({ url: url.href }, "drop and create");
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  execFileSync("npx", ["tsx", "scripts/seed.ts", "--reset"], {
    env: { ...process.env, DATABASE_URL: url.href, DATA_DIR: undefined },
    stdio: "ignore",
  });
  return url.href;
}
