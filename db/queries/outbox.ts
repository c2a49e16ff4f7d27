// Emails captured by the development transport.
import { desc } from "drizzle-orm";
import { getDb } from "@/db";
import { outboxEmails } from "@/db/schema";

type NewEmail = Omit<typeof outboxEmails.$inferInsert, "id" | "createdAt">;

export async function insertOutboxEmail(email: NewEmail): Promise<string> {
  const db = await getDb();
  const [row] = await db.insert(outboxEmails).values(email).returning({ id: outboxEmails.id });
  return row!.id;
}

export async function listOutboxEmails(limit = 50) {
  const db = await getDb();
  return db.select().from(outboxEmails).orderBy(desc(outboxEmails.createdAt)).limit(limit);
}
