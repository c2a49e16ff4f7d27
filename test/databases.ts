// The databases integration tests run against: embedded PGlite always, PostgreSQL too when DATABASE_URL is set.
import { sql } from "drizzle-orm";
import { openDatabase, type Database } from "@/db/client";
import { env } from "@/lib/env";

type TestTarget = { name: string; open(): Promise<Database> };

async function freshPostgres(url: string): Promise<Database> {
  const name = new URL(url).pathname.slice(1);
  // Every run drops the schema: refuse anything that does not look like a throwaway test database.
  if (!/test/i.test(name)) throw new Error(`Refusing to wipe database "${name}": its name must contain "test".`);
  const database = await openDatabase({ url });
  await database.db.execute(sql`drop schema if exists public cascade`);
  await database.db.execute(sql`drop schema if exists drizzle cascade`);
  await database.db.execute(sql`create schema public`);
  await database.migrate();
  return database;
}

async function freshPglite(): Promise<Database> {
  const database = await openDatabase({ dataDir: undefined });
  await database.migrate();
  return database;
}

export function testTargets(): TestTarget[] {
  const url = env().databaseUrl;
  const targets: TestTarget[] = [{ name: "PGlite", open: freshPglite }];
  if (url) targets.push({ name: "PostgreSQL", open: () => freshPostgres(url) });
  return targets;
}
