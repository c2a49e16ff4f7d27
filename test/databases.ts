// The databases integration tests run against: embedded PGlite always, PostgreSQL too when DATABASE_URL is set; and
// a suite's demo database, reset before each test.
import { sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { useDatabaseForTests } from "@/db";
import { openDatabase, type Database } from "@/db/client";
import { customers } from "@/db/schema";
import { refuseUnlessThrowaway, withDatabaseName } from "@/lib/database-target";
import { seedDemoData } from "@/lib/demo-data";
import { env } from "@/lib/env";
import { signedIn } from "./action-context";

type TestTarget = { name: string; open(): Promise<Database> };

async function freshPostgres(url: string): Promise<Database> {
  // Every run drops the schema: refused, before connecting, on anything but a throwaway database.
  refuseUnlessThrowaway({ url }, "empty");
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

/**
 * A suite's database: opened once and handed to the app's queries, emptied of `clear` (in that order) and given the
 * demo data before each test, closed after them. `demo1` and `demo2` are the demo customers' ids after each reset.
 */
export function demoDatabase({ open, clear }: { open: () => Promise<Database>; clear: PgTable[] }) {
  const suite = {} as { database: Database; demo1: string; demo2: string };
  beforeAll(async () => {
    suite.database = await open();
    useDatabaseForTests(suite.database.db);
  });
  beforeEach(async () => {
    for (const table of clear) await suite.database.db.delete(table);
    await seedDemoData(suite.database.db);
    const rows = await suite.database.db.select().from(customers);
    suite.demo1 = rows.find((row) => row.selfCareId === "demo0001")!.id;
    suite.demo2 = rows.find((row) => row.selfCareId === "demo0002")!.id;
    // Each seeding ends the demo accounts' sessions (all of them alike): an action is signed in at the new version.
    signedIn.sessionVersion = rows.find((row) => row.selfCareId === "demo0001")!.sessionVersion;
  });
  afterAll(async () => {
    await suite.database.close();
  });
  return suite;
}

/**
 * An empty database `name` on the server of `server` (a PostgreSQL URL), made afresh before the suite's tests and
 * dropped after them: its URL. For a suite that runs commands against a database of a name of its choosing.
 */
export function scratchDatabase(server: string, name: string): string {
  const onServer = async (statements: string[]) => {
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    try {
      for (const statement of statements) await admin.unsafe(statement);
    } finally {
      await admin.end();
    }
  };
  beforeAll(() => onServer([`drop database if exists ${name} with (force)`, `create database ${name}`]));
  afterAll(() => onServer([`drop database if exists ${name} with (force)`]));
  return withDatabaseName(server, name);
}
