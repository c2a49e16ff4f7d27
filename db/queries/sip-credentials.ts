// The call-control system's subscriber table.
import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { sipCredentials } from "@/db/schema";

type Credential = Omit<typeof sipCredentials.$inferInsert, "id" | "updatedAt">;

/** One statement for a whole batch; a batch never holds two changes for one line (one pending change per line). */
export async function upsertSipCredentials(tx: Tx | Db, credentials: Credential[]): Promise<void> {
  if (credentials.length === 0) return;
  await tx
    .insert(sipCredentials)
    .values(credentials)
    .onConflictDoUpdate({
      target: [sipCredentials.username, sipCredentials.domain],
      set: {
        ha1: sql`excluded.ha1`,
        ha1b: sql`excluded.ha1b`,
        changeId: sql`excluded.change_id`,
        updatedAt: sql`pg_catalog.now()`,
      },
    });
}
