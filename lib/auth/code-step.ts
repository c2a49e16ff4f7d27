// Sign-in step 2: the code mailed to the registered address, its page, its resend, and whose challenge it is.
import { cache } from "react";
import type { Role } from "@/db/enums";
import { getDb } from "@/db";
import { auditInsert, recordAudit } from "@/db/queries/audit";
import { together } from "@/db/together";
import { codeMailFailing } from "@/db/queries/mail-queue";
import { attemptCode, findChallenge } from "@/db/queries/otp";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { limits, peek, refund, refundWrite, takeOne } from "@/lib/rate-limit";
import type { CodeRejection } from "./code-rejection";
import type { LoginContext } from "./login-context";
import { loginKeys } from "./login-keys";
import { noticeOnce, sendCode, type SendResult } from "./login-mail";
import { maskEmail } from "./mask-email";
import { MAX_WRONG_CODES, hashBinding, hashCode, resendAvailableAt } from "./otp";

type Customer = NonNullable<Awaited<ReturnType<typeof findChallenge>>>["customer"];

/** A request reads its challenge once: the verify action's owner is the one its sign-in read. */
const challengeOf = cache(findChallenge);

type ResendResult = SendResult | { ok: false; reason: "missing" } | { ok: false; reason: "cooldown"; retryAt: Date };

type CodeResult = { ok: true; customer: Customer } | ({ ok: false } & CodeRejection);

type ChallengeView = {
  /** The code's mail has failed and not gone out since (it is tried again; a resend is the customer's way on). */
  mailFailing: boolean;
  maskedEmail: string;
  expiresAt: Date;
  resendAt: Date;
  /** Wrong codes still allowed: this challenge's tries, or fewer when the account's cap is nearer. */
  remaining: number;
};

type StoredChallenge = { consumedAt: Date | null; expiresAt: Date; failedAttempts: number };

/** Unused, unexpired and with tries left. */
function isLive(challenge: StoredChallenge, now: Date): boolean {
  return !challenge.consumedAt && challenge.expiresAt > now && challenge.failedAttempts < MAX_WRONG_CODES;
}

const accountCodeAllowance = (failures: number) => Math.max(0, limits.codeFailuresPerCustomer.limit - failures);

/** What the code page shows; nothing when the browser has no live challenge. */
export async function describeChallenge(
  bindingToken: string | undefined,
  now: Date,
  /** For a signed-in customer's own confirmation: a challenge of anyone else's (a shared browser) is not described. */
  owner?: string,
): Promise<ChallengeView | null> {
  if (!bindingToken) return null;
  const found = await challengeOf(hashBinding(bindingToken));
  if (!found) return null;
  const { challenge, customer } = found;
  if (owner !== undefined && customer.id !== owner) return null;
  if (!isLive(challenge, now)) return null;
  const [account, mailFailing] = await Promise.all([
    peek("codeFailuresPerCustomer", customer.id, now),
    codeMailFailing(challenge.id),
  ]);
  if (account.locked) return null;
  return {
    mailFailing,
    maskedEmail: maskEmail(customer.email),
    expiresAt: challenge.expiresAt,
    resendAt: resendAvailableAt(challenge.lastSentAt),
    remaining: Math.min(MAX_WRONG_CODES - challenge.failedAttempts, accountCodeAllowance(account.count)),
  };
}

/** Whose challenge this browser holds: after a successful code, decides where they land and whose device it is. */
export async function challengeOwner(
  bindingToken: string | undefined,
): Promise<{ role: Role; selfCareId: string } | null> {
  if (!bindingToken) return null;
  return (await challengeOf(hashBinding(bindingToken)))?.customer ?? null;
}

/** A new code for the same challenge; the old code stops working and wrong tries still count. */
export async function resendCode(bindingToken: string | undefined, context: LoginContext): Promise<ResendResult> {
  const { meta, now } = context;
  if (!bindingToken) return { ok: false, reason: "missing" };
  const bindingHash = hashBinding(bindingToken);
  const found = await challengeOf(bindingHash);
  if (!found || !isLive(found.challenge, now)) return { ok: false, reason: "missing" };
  // A locked code step has no live challenge to send a code for (the code page says so too).
  if ((await peek("codeFailuresPerCustomer", found.customer.id, now)).locked) return { ok: false, reason: "missing" };
  const resendAt = resendAvailableAt(found.challenge.lastSentAt);
  if (resendAt > now) return { ok: false, reason: "cooldown", retryAt: resendAt };
  const sent = await sendCode({ customer: found.customer, bindingHash, challengeId: found.challenge.id, meta, now });
  if (sent.ok) context.defer(() => deliverQueuedMail(now));
  return sent;
}

/**
 * Called only by the next-auth provider's authorize(). A wrong code is reserved against the account's cap before the
 * try (given back when the code was right or no try was made), so the cap holds under any concurrency; the
 * challenge's own five tries are spent by one conditional UPDATE.
 */
export async function verifyCode(
  bindingToken: string | undefined,
  code: string,
  context: LoginContext,
  { signIn = true }: { signIn?: boolean } = {},
): Promise<CodeResult> {
  const { meta, now } = context;
  if (!bindingToken) return { ok: false, reason: "missing" };
  const bindingHash = hashBinding(bindingToken);
  const found = await challengeOf(bindingHash);
  if (!found || found.challenge.consumedAt) return { ok: false, reason: "missing" };
  const owner = found.customer;
  const audit = { ...meta, customerId: owner.id };
  // Disabled between the password and the code: no session, and nothing more said than for a used-up challenge.
  if (owner.disabledAt) return { ok: false, reason: "missing" };

  const reserved = await takeOne("codeFailuresPerCustomer", owner.id, now);
  if (!reserved.taken) {
    await recordAudit({ ...audit, type: "code.locked" });
    return { ok: false, reason: "locked", retryAt: reserved.retryAt! };
  }
  const attempt = await attemptCode({
    bindingHash,
    codeHash: hashCode({ key: loginKeys().code, bindingHash, code }),
    now,
    maxWrong: MAX_WRONG_CODES,
  });
  if (attempt?.consumedAt) {
    // The right code: the failure reserved for it did not happen. A code that confirms a self-care password change
    // proves the owner again; it signs nobody in.
    const db = await getDb();
    await together(db, [
      refundWrite(db, { limit: "codeFailuresPerCustomer", subject: owner.id }, now),
      auditInsert(db, [
        { ...audit, type: "code.verified" },
        ...(signIn ? [{ ...audit, type: "login.succeeded" as const }] : []),
      ]),
    ]);
    return { ok: true, customer: owner };
  }
  if (!attempt) {
    // No try was made (expired, used up, or consumed meanwhile): nothing to count against the account.
    await refund("codeFailuresPerCustomer", owner.id, now);
    if (found.challenge.failedAttempts >= MAX_WRONG_CODES) return { ok: false, reason: "exhausted" };
    return { ok: false, reason: found.challenge.expiresAt > now ? "missing" : "expired" };
  }

  if (reserved.reachedLimit) {
    await recordAudit({ ...audit, type: "code.lockout" });
    const notice = { limit: "codeLockNoticesPerCustomer", subject: owner.id, customer: owner, now } as const;
    context.defer(() => noticeOnce({ ...notice, lockedUntil: reserved.retryAt! }));
    return { ok: false, reason: "locked", retryAt: reserved.retryAt! };
  }
  const remaining = Math.min(MAX_WRONG_CODES - attempt.failedAttempts, accountCodeAllowance(reserved.count));
  await recordAudit({ ...audit, type: remaining > 0 ? "code.failed" : "code.exhausted" });
  return remaining > 0 ? { ok: false, reason: "wrong", remaining } : { ok: false, reason: "exhausted" };
}
