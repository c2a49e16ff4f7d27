// The two login steps: the self-care password, then the code emailed to the registered address.
import type { Role } from "@/db/enums";
import type { CodeRejection } from "@/lib/auth/code-rejection";
import { findCustomerById, findCustomerBySelfCareId } from "@/db/queries/customers";
import { recordAudit } from "@/db/queries/audit";
import { attemptCode, findChallenge, insertChallenge, replaceCode } from "@/db/queries/otp";
import { env } from "@/lib/env";
import { MailError, sendMail } from "@/lib/mail";
import { lockoutNoticeMail } from "@/lib/mail/templates/lockout-notice";
import { loginCodeMail } from "@/lib/mail/templates/login-code";
import { maskEmail } from "@/lib/auth/mask-email";
import {
  MAX_WRONG_CODES,
  codeExpiry,
  codeKey,
  generateBinding,
  generateCode,
  hashBinding,
  hashCode,
  resendAvailableAt,
} from "@/lib/auth/otp";
import { verifySecretInConstantWork } from "@/lib/secret-hashing";
import { checkLimit, hitLimit, policies, resetLimit } from "@/lib/rate-limit";
import type { RequestMeta } from "@/lib/request-meta";
import type { LoginInput } from "@/lib/validation/login";

type Customer = NonNullable<Awaited<ReturnType<typeof findCustomerById>>>;

export type PasswordStep =
  | { ok: true; bindingToken: string }
  | { ok: false; reason: "invalid" | "send-failed" }
  | { ok: false; reason: "locked" | "throttled" | "send-limited"; retryAt: Date };

type ResendResult =
  | { ok: true }
  | { ok: false; reason: "missing" | "send-failed" }
  | { ok: false; reason: "cooldown" | "send-limited"; retryAt: Date };

type CodeResult = { ok: true; customer: Customer } | ({ ok: false } & CodeRejection);

let key: Buffer | undefined;
const codeHmacKey = () => (key ??= codeKey(env().authSecret));

const idKey = (selfCareId: string) => `login-fail:id:${selfCareId.toLowerCase()}`;
const ipKey = (ip: string) => `login:ip:${ip}`;
const sendKey = (customerId: string) => `code-send:customer:${customerId}`;
const auditBase = (meta: RequestMeta) => ({ ip: meta.ip, userAgent: meta.userAgent });

/**
 * Step 1. Unknown IDs cost the same argon2 verify as known ones and count towards the same lock,
 * so neither the answer, its timing nor a lockout tells whether an ID exists.
 */
export async function checkPassword(input: LoginInput, meta: RequestMeta, now: Date): Promise<PasswordStep> {
  const audit = { ...auditBase(meta), detail: { selfCareId: input.selfCareId } };
  const ipState = await checkLimit(ipKey(meta.ip), policies.loginAttemptsPerIp, now);
  if (ipState.limited) {
    await recordAudit({ ...audit, type: "login.throttled" });
    return { ok: false, reason: "throttled", retryAt: ipState.retryAt! };
  }
  await hitLimit(ipKey(meta.ip), now);

  const idState = await checkLimit(idKey(input.selfCareId), policies.loginFailuresPerId, now);
  if (idState.limited) {
    await recordAudit({ ...audit, type: "login.locked" });
    return { ok: false, reason: "locked", retryAt: idState.retryAt! };
  }

  const customer = await findCustomerBySelfCareId(input.selfCareId);
  const matches = await verifySecretInConstantWork(customer?.passwordHash, input.password);
  if (!customer || !matches) {
    await hitLimit(idKey(input.selfCareId), now);
    await recordAudit({ ...audit, customerId: customer?.id ?? null, type: "login.failed" });
    const after = await checkLimit(idKey(input.selfCareId), policies.loginFailuresPerId, now);
    if (!after.limited) return { ok: false, reason: "invalid" };
    if (after.count === policies.loginFailuresPerId.limit) {
      await recordAudit({ ...audit, customerId: customer?.id ?? null, type: "login.lockout" });
      if (customer) await notifyLockout(customer, after.retryAt!);
    }
    return { ok: false, reason: "locked", retryAt: after.retryAt! };
  }

  await resetLimit(idKey(input.selfCareId));
  await recordAudit({ ...audit, customerId: customer.id, type: "login.password-ok" });
  return issueChallenge(customer, meta, now);
}

async function notifyLockout(customer: Customer, lockedUntil: Date): Promise<void> {
  try {
    await sendMail(lockoutNoticeMail(customer.email, { name: customer.displayName, lockedUntil }));
  } catch (error) {
    // The lock holds whether or not the notice reaches the owner.
    if (!(error instanceof MailError)) throw error;
  }
}

async function issueChallenge(customer: Customer, meta: RequestMeta, now: Date): Promise<PasswordStep> {
  const sends = await checkLimit(sendKey(customer.id), policies.codeSendsPerCustomer, now);
  if (sends.limited) return { ok: false, reason: "send-limited", retryAt: sends.retryAt! };
  const binding = generateBinding();
  const sent = await sendCode({ customer, bindingHash: binding.hash, meta, now });
  return sent ? { ok: true, bindingToken: binding.token } : { ok: false, reason: "send-failed" };
}

type Recipient = Pick<Customer, "id" | "email" | "displayName">;

/**
 * Mails a fresh code, then stores it: a new challenge, or the new code of an existing one (`challengeId`, a
 * resend). Mail first, so a failed send stores nothing and no half-made challenge is left behind.
 */
async function sendCode({
  customer,
  bindingHash,
  challengeId,
  meta,
  now,
}: {
  customer: Recipient;
  bindingHash: string;
  challengeId?: string;
  meta: RequestMeta;
  now: Date;
}): Promise<boolean> {
  const code = generateCode();
  const expiresAt = codeExpiry(now);
  try {
    await sendMail(loginCodeMail(customer.email, { name: customer.displayName, code, expiresAt }));
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    await recordAudit({ ...auditBase(meta), customerId: customer.id, type: "code.send-failed" });
    return false;
  }
  const stored = { codeHash: hashCode(codeHmacKey(), bindingHash, code), expiresAt, lastSentAt: now };
  if (challengeId) await replaceCode(challengeId, stored);
  else await insertChallenge({ customerId: customer.id, bindingHash, ...stored });
  await hitLimit(sendKey(customer.id), now);
  await recordAudit({ ...auditBase(meta), customerId: customer.id, type: challengeId ? "code.resent" : "code.sent" });
  return true;
}

type ChallengeView = {
  maskedEmail: string;
  expiresAt: Date;
  resendAt: Date;
  remaining: number;
};

type StoredChallenge = { consumedAt: Date | null; expiresAt: Date; failedAttempts: number };

/** Unused, unexpired and with tries left. */
function isLive(challenge: StoredChallenge, now: Date): boolean {
  return !challenge.consumedAt && challenge.expiresAt > now && challenge.failedAttempts < MAX_WRONG_CODES;
}

/** What the code page shows; nothing when the browser has no live challenge. */
export async function describeChallenge(bindingToken: string | undefined, now: Date): Promise<ChallengeView | null> {
  if (!bindingToken) return null;
  const found = await findChallenge(hashBinding(bindingToken));
  if (!found) return null;
  const { challenge, customer } = found;
  if (!isLive(challenge, now)) return null;
  return {
    maskedEmail: maskEmail(customer.email),
    expiresAt: challenge.expiresAt,
    resendAt: resendAvailableAt(challenge.lastSentAt),
    remaining: MAX_WRONG_CODES - challenge.failedAttempts,
  };
}

/** Whose challenge this browser holds: after a successful code, decides where they land. */
export async function challengeOwnerRole(bindingToken: string | undefined): Promise<Role | null> {
  if (!bindingToken) return null;
  return (await findChallenge(hashBinding(bindingToken)))?.customer.role ?? null;
}

/** A new code for the same challenge; the old code stops working and wrong tries still count. */
export async function resendCode(
  bindingToken: string | undefined,
  meta: RequestMeta,
  now: Date,
): Promise<ResendResult> {
  if (!bindingToken) return { ok: false, reason: "missing" };
  const bindingHash = hashBinding(bindingToken);
  const found = await findChallenge(bindingHash);
  if (!found || !isLive(found.challenge, now)) return { ok: false, reason: "missing" };
  const { challenge } = found;
  const resendAt = resendAvailableAt(challenge.lastSentAt);
  if (resendAt > now) return { ok: false, reason: "cooldown", retryAt: resendAt };
  const sends = await checkLimit(sendKey(found.customer.id), policies.codeSendsPerCustomer, now);
  if (sends.limited) return { ok: false, reason: "send-limited", retryAt: sends.retryAt! };

  const sent = await sendCode({ customer: found.customer, bindingHash, challengeId: challenge.id, meta, now });
  return sent ? { ok: true } : { ok: false, reason: "send-failed" };
}

/** Step 2, called only by the next-auth provider's authorize(). */
export async function verifyCode(
  bindingToken: string | undefined,
  code: string,
  meta: RequestMeta,
  now: Date,
): Promise<CodeResult> {
  if (!bindingToken) return { ok: false, reason: "missing" };
  const bindingHash = hashBinding(bindingToken);
  const attempt = await attemptCode(bindingHash, hashCode(codeHmacKey(), bindingHash, code), now, MAX_WRONG_CODES);
  if (attempt?.consumedAt) {
    const customer = await findCustomerById(attempt.customerId);
    if (!customer) return { ok: false, reason: "missing" };
    await recordAudit({ ...auditBase(meta), customerId: customer.id, type: "code.verified" });
    await recordAudit({ ...auditBase(meta), customerId: customer.id, type: "login.succeeded" });
    return { ok: true, customer };
  }
  if (attempt) {
    const remaining = MAX_WRONG_CODES - attempt.failedAttempts;
    const type = remaining > 0 ? "code.failed" : "code.exhausted";
    await recordAudit({ ...auditBase(meta), customerId: attempt.customerId, type });
    return remaining > 0 ? { ok: false, reason: "wrong", remaining } : { ok: false, reason: "exhausted" };
  }
  const found = await findChallenge(bindingHash);
  if (!found || found.challenge.consumedAt) return { ok: false, reason: "missing" };
  if (found.challenge.failedAttempts >= MAX_WRONG_CODES) return { ok: false, reason: "exhausted" };
  return { ok: false, reason: "expired" };
}
