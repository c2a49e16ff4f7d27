// The app's one database per process. The embedded database migrates and seeds itself on first use.
import "server-only";
import { count } from "drizzle-orm";
import { env } from "@/lib/env";
import { openDatabase, type Db } from "./client";
import { seedDemoData } from "./demo-data";
import { customers } from "./schema";

async function start(): Promise<Db> {
  const { databaseUrl, dataDir } = env();
  if (databaseUrl) return (await openDatabase({ url: databaseUrl })).db;
  const database = await openDatabase({ dataDir: `${dataDir}/pglite` });
  await database.migrate();
  const [{ value }] = (await database.db.select({ value: count() }).from(customers)) as [{ value: number }];
  if (value === 0) await seedDemoData(database.db);
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
