// Which database a command works on: its name, how a log line names it, and whether it may be emptied (only one
// whose name says "test"). The one rule behind test mode (lib/env.ts), `db:seed --reset`, the integration suites, the
// e2e run and the benchmark, each checked before it connects.
import path from "node:path";

/** A PostgreSQL URL, or the folder of an embedded database (DATA_DIR). */
export type DatabaseTarget = { url: string } | { dataDir: string };

/**
 * The database's own name as postgres.js connects to it: the URL's path, unless a `database` parameter names another
 * (postgres.js sends every parameter in the startup message after the path's name, so the parameter wins); never its
 * user, host or other options, which may say "test" of a production database. Or the data folder's last segment.
 */
export function databaseName(target: DatabaseTarget): string {
  if ("dataDir" in target) return path.basename(target.dataDir);
  const url = new URL(target.url);
  return url.searchParams.get("database") ?? url.pathname.slice(1);
}

/** The same server's URL for the database `name` (a `database` parameter, which would override it, dropped). */
export function withDatabaseName(url: string, name: string): string {
  const renamed = new URL(url);
  renamed.pathname = `/${name}`;
  renamed.searchParams.delete("database");
  return renamed.href;
}

/** For a log line: where a command writes, without the password. */
export function describeDatabase(target: DatabaseTarget): string {
  if ("dataDir" in target) return `the embedded PGlite database in ${target.dataDir}`;
  return `PostgreSQL database "${databaseName(target)}" on ${new URL(target.url).host}`;
}

export function isThrowawayDatabase(target: DatabaseTarget): boolean {
  return /test/i.test(databaseName(target));
}

/** Throws, naming the database and what was refused, unless it is a throwaway one. */
export function refuseUnlessThrowaway(target: DatabaseTarget, action: string): void {
  if (isThrowawayDatabase(target)) return;
  throw new Error(
    `Refusing to ${action} ${describeDatabase(target)}: only a database whose name contains "test" may be, ` +
      "and this one's does not. Nothing was changed.",
  );
}
