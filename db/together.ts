// Several writes, and what the action reads besides, sent as one statement: each write a data-modifying WITH query.
// They commit together and cost one round trip (docs/architecture.md, "Round trips"). They share one snapshot: no
// write sees another's rows, so none may depend on another, and no two may touch the same row.
import { SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Db, Tx } from "./client";

/** postgres.js answers the rows themselves, PGlite an object holding them. */
export function rowsOf<Row>(result: unknown): Row[] {
  return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
}

/**
 * Runs `writes` (query builders or SQL, none of them run yet) and answers the row `select` reads (a select list, e.g.
 * sql`${expression} as taken`), in one statement.
 */
export async function together<Row = Record<string, never>>(
  db: Db | Tx,
  writes: SQLWrapper[],
  select: SQL = sql`1 as done`,
): Promise<Row> {
  // drizzle puts an embedded query builder in parentheses itself; plain SQL needs them.
  const queries = writes.map(
    (write, index) => sql`${sql.raw(`write${index}`)} as ${write instanceof SQL ? sql`(${write})` : write}`,
  );
  const statement =
    queries.length > 0 ? sql`with ${sql.join(queries, sql`, `)} select ${select}` : sql`select ${select}`;
  return rowsOf<Row>(await db.execute(statement))[0]!;
}
