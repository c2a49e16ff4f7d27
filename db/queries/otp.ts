// One-time-code challenges. Verification is one conditional UPDATE, so two tries at once cannot both pass; a new
// challenge retires the older ones in the same statement.
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Db, Tx } from "@/db/client";
import { customers, otpChallenges } from "@/db/schema";

type NewChallenge = Pick<
  typeof otpChallenges.$inferInsert,
  "customerId" | "bindingHash" | "codeHash" | "expiresAt" | "lastSentAt"
>;

/**
 * A code's writes, not yet run, for `together` (db/together.ts): a new challenge that retires the customer's older
 * live ones (their validity ends now), so one login attempt at a time holds tries, or a resend's new code for an
 * existing one. The caller holds the customer's send allowance locked (lib/auth/login-mail.ts), so concurrent
 * password steps of one account take turns and the retire sees every challenge committed before.
 */
export function challengeWrites(
  db: Db | Tx,
  code:
    | { create: NewChallenge & { id: string }; now: Date }
    | ({ replace: string } & Pick<NewChallenge, "codeHash" | "expiresAt" | "lastSentAt">),
) {
  if ("replace" in code) {
    const { replace, ...values } = code;
    return [
      db
        .update(otpChallenges)
        .set({ ...values, sendCount: sql`${otpChallenges.sendCount} + 1` })
        .where(eq(otpChallenges.id, replace)),
    ];
  }
  const { create, now } = code;
  return [
    db
      .update(otpChallenges)
      .set({ expiresAt: now })
      .where(
        and(
          eq(otpChallenges.customerId, create.customerId),
          isNull(otpChallenges.consumedAt),
          gt(otpChallenges.expiresAt, now),
        ),
      ),
    db.insert(otpChallenges).values(create),
  ];
}

/** The challenge behind a browser's binding cookie, with the customer's contact details. */
export async function findChallenge(bindingHash: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      challenge: otpChallenges,
      customer: {
        id: customers.id,
        selfCareId: customers.selfCareId,
        email: customers.email,
        displayName: customers.displayName,
        role: customers.role,
        sessionVersion: customers.sessionVersion,
        disabledAt: customers.disabledAt,
      },
    })
    .from(otpChallenges)
    .innerJoin(customers, eq(customers.id, otpChallenges.customerId))
    .where(eq(otpChallenges.bindingHash, bindingHash))
    .orderBy(desc(otpChallenges.createdAt))
    .limit(1);
  return row;
}

/**
 * Spends one try on a live challenge: consumes it when the hash matches, counts a failure otherwise.
 * Returns nothing when the challenge is not live (missing, used, expired or out of tries).
 */
export async function attemptCode({
  bindingHash,
  codeHash,
  now,
  maxWrong,
}: {
  bindingHash: string;
  codeHash: string;
  now: Date;
  maxWrong: number;
}) {
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
