// The benchmark's own PostgreSQL database: created beside the one DATABASE_URL names, emptied, migrated, filled.
import { execFileSync } from "node:child_process";
import postgres from "postgres";
import { refuseUnlessThrowaway, withDatabaseName } from "../lib/database-target";
import { hashSecret } from "../lib/password-hashing";
import { openDatabase } from "../db/client";
import { seedDemoData } from "../lib/demo-data";

export const BENCH_PASSWORD = "Bench-pass-0001";
export const BENCH_SIP_PASSWORD = "k7m2q9x4";

/**
 * The server of DATABASE_URL (or the local one `.ci/run` uses), with a database of the benchmark's own: `name` must
 * be a throwaway one's, as the server runs in test mode and every section empties it.
 */
export async function benchDatabaseUrl(name: string): Promise<string> {
  const base =
    process.env.DATABASE_URL ?? execFileSync("bash", ["scripts/local-postgres.sh"], { encoding: "utf8" }).trim();
  const url = new URL(withDatabaseName(base, name));
  refuseUnlessThrowaway({ url: url.href }, "empty");
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${name}`;
  if (!exists) await admin.unsafe(`create database "${name}"`);
  await admin.end();
  return url.toString();
}

/**
 * Every table dropped and migrated again, then the demo accounts: a known starting point for each run. Refused,
 * before connecting, on anything but a throwaway database.
 */
export async function resetDatabase(url: string): Promise<void> {
  refuseUnlessThrowaway({ url }, "empty");
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`drop schema if exists public cascade`;
  await sql`drop schema if exists drizzle cascade`;
  await sql`create schema public`;
  await sql.end();
  const database = await openDatabase({ url });
  await database.migrate();
  await seedDemoData(database.db);
  await database.close();
}

export const benchId = (i: number) => `bench${String(i).padStart(5, "0")}`;
export const benchEmail = (i: number) => `${benchId(i)}@example.jp`;
export const benchNumber = (i: number) => `0508${String(i).padStart(7, "0")}`;

/**
 * `accounts` customers (bench00001…), each with one line of the same number; line `accounts + 1` up to `lines`
 * belong to one more customer, so the signed-in pages measured stay the size a real customer sees.
 * One argon2id hash serves every row: the cost of verifying it is what matters, not its uniqueness.
 */
export async function createBenchAccounts(sql: postgres.Sql, accounts: number, lines: number): Promise<void> {
  const passwordHash = await hashSecret(BENCH_PASSWORD);
  const sipHash = await hashSecret(BENCH_SIP_PASSWORD);
  await sql`
    insert into customers (self_care_id, password_hash, email, display_name)
    select 'bench' || lpad(i::text, 5, '0'), ${passwordHash}, 'bench' || lpad(i::text, 5, '0') || '@example.jp', 'ベンチ ' || i
    from generate_series(1, ${accounts + 1}) as i`;
  await sql`
    insert into ip_phone_lines (number, customer_id, service_kind, sip_password_hash)
    select '0508' || lpad(i::text, 7, '0'), c.id,
           (array['ip-phone', 'b2bua', 'b2bua-opengate'])[1 + (i % 3)]::service_kind, ${sipHash}
    from generate_series(1, ${Math.max(lines, accounts)}) as i
    join customers c on c.self_care_id = 'bench' || lpad(least(i, ${accounts + 1})::text, 5, '0')`;
  await sql`analyze`;
}

/**
 * Puts bench accounts' lines back to the documented SIP password after a section changed them, copying the hash of
 * the line of account `untouched`, which no section changes.
 */
export async function resetSipPasswords(sql: postgres.Sql, accounts: number[], untouched: number): Promise<void> {
  await sql`
    update ip_phone_lines set sip_password_hash = (select sip_password_hash from ip_phone_lines where number = ${benchNumber(untouched)})
    where number in ${sql(accounts.map(benchNumber))}`;
}

/** The code in the newest login email to `email` (the outbox transport keeps every message). */
export async function latestCode(sql: postgres.Sql, email: string): Promise<string> {
  const [mail] = await sql<{ text: string }[]>`
    select text from outbox_emails where "to" = ${email} order by created_at desc limit 1`;
  const code = mail?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`No code mailed to ${email}`);
  return code;
}
