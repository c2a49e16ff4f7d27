// One-time-code challenges. Verification is one conditional UPDATE, so two tries at once cannot both pass.
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { customers, otpChallenges } from "@/db/schema";

type NewChallenge = Pick<
  typeof otpChallenges.$inferInsert,
  "customerId" | "bindingHash" | "codeHash" | "expiresAt" | "lastSentAt"
>;

export async function insertChallenge(challenge: NewChallenge): Promise<void> {
  const db = await getDb();
  await db.insert(otpChallenges).values(challenge);
}

/** The challenge behind a browser's binding cookie, with the customer's contact details. */
export async function findChallenge(bindingHash: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      challenge: otpChallenges,
      customer: { id: customers.id, email: customers.email, displayName: customers.displayName, role: customers.role },
    })
    .from(otpChallenges)
    .innerJoin(customers, eq(customers.id, otpChallenges.customerId))
    .where(eq(otpChallenges.bindingHash, bindingHash))
    .orderBy(desc(otpChallenges.createdAt))
    .limit(1);
  return row;
}

export async function replaceCode(
  id: string,
  values: { codeHash: string; expiresAt: Date; lastSentAt: Date },
): Promise<void> {
  const db = await getDb();
  await db
    .update(otpChallenges)
    .set({ ...values, sendCount: sql`${otpChallenges.sendCount} + 1` })
    .where(eq(otpChallenges.id, id));
}

/**
 * Spends one try on a live challenge: consumes it when the hash matches, counts a failure otherwise.
 * Returns nothing when the challenge is not live (missing, used, expired or out of tries).
 */
export async function attemptCode(bindingHash: string, codeHash: string, now: Date, maxWrong: number) {
  const db = await getDb();
  const matches = sql`${otpChallenges.codeHash} = ${codeHash}`;
  const [row] = await db
    .update(otpChallenges)
    .set({
      consumedAt: sql`case when ${matches} then ${now.toISOString()}::timestamptz else null end`,
      failedAttempts: sql`${otpChallenges.failedAttempts} + case when ${matches} then 0 else 1 end`,
    })
    .where(
      and(
        eq(otpChallenges.bindingHash, bindingHash),
        isNull(otpChallenges.consumedAt),
        gt(otpChallenges.expiresAt, now),
        lt(otpChallenges.failedAttempts, maxWrong),
      ),
    )
    .returning({
      customerId: otpChallenges.customerId,
      consumedAt: otpChallenges.consumedAt,
      failedAttempts: otpChallenges.failedAttempts,
    });
  return row;
}
