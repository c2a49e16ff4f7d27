// The commands that empty or reseed a database, run for real against a PostgreSQL database whose name lacks "test":
// each must refuse before touching it (no migration, no table emptied or created).
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { beforeAll, describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { scratchDatabase } from "./databases";
import { testServerEnv } from "./server-env.mjs";

const server = env().databaseUrl;
const NAME = "selfcare_prod_guard";
let guarded: string;

/** The guarded database's tables, and its marker's rows: what a refused command must leave as it found them. */
async function contents() {
  const sql = postgres(guarded, { max: 1, onnotice: () => {} });
  try {
    const tables = await sql<{ name: string }[]>`
      select table_schema || '.' || table_name as name from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema') order by 1`;
    const rows = await sql<{ note: string }[]>`select note from marker`;
    return { tables: tables.map((table) => table.name), notes: rows.map((row) => row.note) };
  } finally {
    await sql.end();
  }
}

function runCommand(command: string, args: string[], extraEnv: Record<string, string | undefined>) {
  const result = spawnSync(command, args, {
    env: { ...process.env, DATA_DIR: undefined, ...extraEnv, DATABASE_URL: guarded },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe.skipIf(!server)("commands that empty a database, on one whose name lacks “test”", () => {
  // (A skipped describe is still collected: no server, no database.)
  guarded = server ? scratchDatabase(server, NAME) : "";
  beforeAll(async () => {
    const sql = postgres(guarded, { max: 1, onnotice: () => {} });
    await sql`create table marker (note text not null)`;
    await sql`insert into marker values ('a customer of production')`;
    await sql.end();
  });

  const before = { tables: ["public.marker"], notes: ["a customer of production"] };

  it.each([
    ["db:seed -- --reset", "npx", ["tsx", "scripts/seed.ts", "--reset"], {}, "Refusing to empty"],
    [
      "db:seed -- --reset in test mode",
      "npx",
      ["tsx", "scripts/seed.ts", "--reset"],
      testServerEnv({ DATABASE_URL: "" }),
      "TEST_MODE needs a throwaway database",
    ],
    [
      // --list: were the guard ever gone, Playwright would only list the specs.
      "npm run test:e2e",
      "node",
      ["scripts/test-e2e.mjs", "--no-build", "--list"],
      {},
      "TEST_MODE needs a throwaway database",
    ],
    [
      "npm run bench (its own database named by --database)",
      "node",
      ["--import", "tsx", "--import", "./bench/server-only.mjs", "bench/run.ts", "--smoke", "--only", "import"].concat([
        "--database",
        NAME,
        "--out",
        path.join(os.tmpdir(), "selfcare-guard-bench"),
      ]),
      {},
      "Refusing to empty",
    ],
  ])(
    "%s refuses, says why, and changes nothing",
    async (_name, command, args, extraEnv, message) => {
      const result = runCommand(command, args as string[], extraEnv as Record<string, string>);
      expect(result.status, result.output).not.toBe(0);
      expect(result.output).toContain(message);
      expect(result.output).toContain(NAME);
      expect(await contents()).toEqual(before);
      // Each spawns npx or node with tsx: far longer than the suite's 30 s on a slow machine would be a real hang.
    },
    120_000,
  );
});
