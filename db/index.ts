// The app's one database per process. The embedded database migrates itself on first use (lib/server/startup.ts
// then writes the demo data into an empty one).
import "server-only";
import { env } from "@/lib/env";
import { openDatabase, type Db } from "./client";

async function start(): Promise<Db> {
  const { databaseUrl, dataDir, mode } = env();
  if (databaseUrl) return (await openDatabase({ url: databaseUrl })).db;
  // lib/env.ts already requires DATABASE_URL there; a deployment must never fall back to a local embedded database.
  if (mode === "production" || mode === "preview") throw new Error(`No DATABASE_URL in ${mode} mode.`);
  const database = await openDatabase({ dataDir: `${dataDir}/pglite` });
  await database.migrate();
  return database.db;
}

// Cached on globalThis: Next.js dev hot reload re-evaluates modules, and a second PGlite on the same directory would corrupt it.
const holder = globalThis as typeof globalThis & { __selfcareDb?: Promise<Db> };

export function getDb(): Promise<Db> {
  holder.__selfcareDb ??= start().catch((error: unknown) => {
    holder.__selfcareDb = undefined;
    throw error;
  });
  return holder.__selfcareDb;
}

/** Integration tests hand in the database they opened (PGlite in memory, or the test PostgreSQL). */
export function useDatabaseForTests(db: Db): void {
  holder.__selfcareDb = Promise.resolve(db);
}
