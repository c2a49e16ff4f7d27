// A PostgreSQL cluster of one spec's own, that it may stop and start: Debian's binaries (scripts/local-postgres.sh
// installs them), a temporary directory and a spare port, so the server on 5432 that every other run shares is never
// touched. Its database is prepared as scripts/registrar.mjs prepares the registrar journey's: migrated and seeded
// with the demo data, then granted to the registrar's role (deploy/kamailio/grants.sql).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { testServerEnv } from "../test/server-env.mjs";

// "test" in the name: the seed empties and rewrites only a test run's database (lib/env.ts).
const DATABASE = "selfcare_faults_test";

/** The newest PostgreSQL server installed from Debian's packages, or null. */
export function postgresBinaries(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const newest = fs
    .readdirSync(root)
    .filter((version) => fs.existsSync(path.join(root, version, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? null : path.join(root, newest, "bin");
}

async function freeTcpPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A cluster started and its database ready: `url` the owner's, `registrarUrl` the registrar's role's. */
export async function startPrivatePostgres(bin: string) {
  const port = await freeTcpPort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "selfcare-pg-"));
  const data = path.join(dir, "data");
  // PostgreSQL refuses to run as root: as root, the cluster is the postgres user's.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync("chown", ["postgres", dir]);
  const pg = (tool: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : path.join(bin, tool),
      [...(asRoot ? ["-u", "postgres", "--", path.join(bin, tool)] : []), ...args],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
  pg("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync"]);
  // fsync off: a fast restart loses nothing that was committed (the server shuts down cleanly), and no crash is tested.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctl = (...args: string[]) => pg("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-w", ...args]);
  const remove = () => {
    try {
      ctl("-m", "immediate", "stop");
    } catch {
      // Already stopped.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = `postgres://postgres@127.0.0.1:${port}/${DATABASE}`;
  const registrarUrl = new URL(url);
  registrarUrl.username = "kamailio_registrar";
  ctl("-o", options, "start");
  // A cluster whose preparation fails is stopped and removed, not left running for the next run to trip on.
  try {
    const admin = postgres(`postgres://postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${DATABASE}`);
    await admin.end();
    execFileSync("npx", ["tsx", "scripts/seed.ts", "--reset"], {
      env: { ...process.env, ...testServerEnv({ DATABASE_URL: url }) },
      stdio: "ignore",
    });
    const owner = postgres(url, { max: 1, onnotice: () => {} });
    await owner.unsafe(fs.readFileSync("deploy/kamailio/grants.sql", "utf8"));
    await owner.end();
  } catch (error) {
    remove();
    throw error;
  }

  return {
    url,
    registrarUrl: registrarUrl.href,
    /** A fast shutdown: every connection is dropped, and new ones are refused until start(). */
    stop: () => ctl("-m", "fast", "stop"),
    start: () => ctl("-o", options, "start"),
    /** Stopped for good, its directory removed. */
    remove,
  };
}
