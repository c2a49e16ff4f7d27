// The call-control system's subscriber table.
import { sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { sipCredentials } from "@/db/schema";

type Credential = Omit<typeof sipCredentials.$inferInsert, "id" | "updatedAt">;

export async function upsertSipCredential(tx: Tx, credential: Credential): Promise<void> {
  await tx
    .insert(sipCredentials)
    .values(credential)
    .onConflictDoUpdate({
      target: [sipCredentials.username, sipCredentials.domain],
      set: { ha1: credential.ha1, ha1b: credential.ha1b, changeId: credential.changeId, updatedAt: sql`now()` },
    });
}
