// `.env.example` says to copy it to .env.local: the database scripts read that file as Next does, and say which
// database they write to, so a DATABASE_URL kept there never sends the seed silently to the embedded database.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { scratchDatabase } from "./databases";

const server = env().databaseUrl;
const NAME = "selfcare_env_local_test";
const project = path.resolve(import.meta.dirname, "..");
let folder: string;

/** `script` run from a folder whose only settings are its .env.local, with nothing of the kind in the environment. */
function runIn(script: string) {
  const { DATABASE_URL: _url, DATA_DIR: _dir, NODE_ENV: _mode, ...inherited } = process.env;
  const tsx = path.join(project, "node_modules/.bin/tsx");
  const result = spawnSync(tsx, ["--tsconfig", path.join(project, "tsconfig.json"), path.join(project, script)], {
    cwd: folder,
    // Without NODE_ENV (vitest sets "test", in which Next reads no .env.local): as `npm run db:seed` runs.
    env: inherited as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe.skipIf(!server)("the database scripts and .env.local", () => {
  // (A skipped describe is still collected: no server, no database.)
  const target = server ? scratchDatabase(server, NAME) : "";
  beforeAll(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "env-local-"));
    fs.symlinkSync(path.join(project, "drizzle"), path.join(folder, "drizzle"));
    fs.writeFileSync(path.join(folder, ".env.local"), `DATABASE_URL=${target}\nDATA_DIR=${folder}/data\n`);
  });

  afterAll(() => {
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("migrate and seed write to the DATABASE_URL of .env.local, and say so without its password", async () => {
    const migrated = runIn("db/migrate.ts");
    expect(migrated.status, migrated.output).toBe(0);
    expect(migrated.output).toContain(`Migrating PostgreSQL database "${NAME}" on ${new URL(target).host}.`);
    const seeded = runIn("scripts/seed.ts");
    expect(seeded.status, seeded.output).toBe(0);
    expect(seeded.output).toContain(`Seeding PostgreSQL database "${NAME}" on ${new URL(target).host}.`);

    const sql = postgres(target, { max: 1, onnotice: () => {} });
    const [row] = await sql<
      { count: number }[]
    >`select count(*)::int as count from customers where self_care_id = 'demo0001'`;
    await sql.end();
    expect(row!.count).toBe(1);
    expect(fs.existsSync(path.join(folder, "data/pglite"))).toBe(false);
  }, 120_000);
});
