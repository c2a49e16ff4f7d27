// The two login steps: the self-care password, then the code emailed to the registered address.
import type { Role } from "@/db/enums";
import { recordAudit } from "@/db/queries/audit";
import { findCustomerById, findCustomerBySelfCareId } from "@/db/queries/customers";
import { attemptCode, findChallenge, insertChallenge, replaceCode } from "@/db/queries/otp";
import type { CodeRejection } from "@/lib/auth/code-rejection";
import { deviceFor, deviceKey, issueDeviceToken } from "@/lib/auth/device-token";
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
import { env } from "@/lib/env";
import { MailError, sendMail, type MailContent } from "@/lib/mail";
import { codeLockNoticeMail } from "@/lib/mail/templates/code-lock-notice";
import { lockoutNoticeMail } from "@/lib/mail/templates/lockout-notice";
import { loginCodeMail } from "@/lib/mail/templates/login-code";
import { type LimitName, limits, peek, refund, reset, takeInGroups, takeOne } from "@/lib/rate-limit";
import type { RequestMeta } from "@/lib/http/request-meta";
import { verifySecretInConstantWork } from "@/lib/password-hashing";
import type { LoginInput } from "@/lib/validation/login";

type Customer = NonNullable<Awaited<ReturnType<typeof findCustomerById>>>;
type Recipient = Pick<Customer, "id" | "email" | "displayName">;

/** Runs work after the answer has gone out (Next's `after()` in the app), so its cost never shows in the timing. */
export type Defer = (task: () => Promise<void>) => void;

/** What a login step knows of its request. `device` is the browser's device cookie, if any. */
export type LoginContext = { meta: RequestMeta; now: Date; defer: Defer; device?: string };

export type PasswordStep =
  | { ok: true; bindingToken: string }
  | { ok: false; reason: "invalid" | "send-failed" }
  | { ok: false; reason: "locked" | "throttled" | "send-limited" | "code-locked"; retryAt: Date };

type ResendResult =
  | { ok: true }
  | { ok: false; reason: "missing" | "send-failed" }
  | { ok: false; reason: "cooldown" | "send-limited"; retryAt: Date };

type CodeResult = { ok: true; customer: Customer } | ({ ok: false } & CodeRejection);

let keys: { code: Buffer; device: Buffer } | undefined;
const secretKeys = () => (keys ??= { code: codeKey(env().authSecret), device: deviceKey(env().authSecret) });
const auditBase = (meta: RequestMeta) => ({ ip: meta.ip, userAgent: meta.userAgent });

/**
 * Step 1. Every attempt counts against the address; a failure is reserved before the argon2 verify, against the
 * ID, or against the browser's own device lock when it signed in as this ID before, so strangers locking the ID
 * do not lock its owner out. Unknown IDs cost the same verify and count towards the same lock, so neither the
 * answer, its timing nor a lockout tells whether an ID exists.
 */
export async function checkPassword(input: LoginInput, context: LoginContext): Promise<PasswordStep> {
  const { meta, now } = context;
  const audit = { ...auditBase(meta), detail: { selfCareId: input.selfCareId } };
  const device = deviceFor(secretKeys().device, context.device, input.selfCareId, now);
  const lock: { limit: LimitName; subject: string } = device
    ? { limit: "loginFailuresPerDevice", subject: device }
    : { limit: "loginFailuresPerId", subject: input.selfCareId };
  // The address's attempt first, then (only when the address may try) the failure reserved on the lock: one
  // transaction, as two takes one after the other would decide.
  const [address, reserved] = await takeInGroups([[{ limit: "loginAttemptsPerIp", subject: meta.ip }], [lock]], now);
  if (!address!.taken) {
    await recordAudit({ ...audit, type: "login.throttled" });
    return { ok: false, reason: "throttled", retryAt: address!.states[0]!.retryAt! };
  }
  const failure = reserved!.states[0]!;
  if (!failure.taken) {
    await recordAudit({ ...audit, type: "login.locked", detail: { ...audit.detail, device: Boolean(device) } });
    return { ok: false, reason: "locked", retryAt: failure.retryAt! };
  }

  const customer = await findCustomerBySelfCareId(input.selfCareId);
  const matches = await verifySecretInConstantWork(customer?.passwordHash, input.password);
  if (!customer || !matches) {
    await recordAudit({ ...audit, customerId: customer?.id ?? null, type: "login.failed" });
    if (!failure.reachedLimit) return { ok: false, reason: "invalid" };
    await recordAudit({ ...audit, customerId: customer?.id ?? null, type: "login.lockout" });
    // Known and unknown IDs alike: the notice (or, for an unknown ID, its bookkeeping) runs after the answer.
    if (!device) context.defer(() => noticeOnce("lockNoticesPerId", input.selfCareId, customer, failure.retryAt!, now));
    return { ok: false, reason: "locked", retryAt: failure.retryAt! };
  }

  // The right password clears its own lock: the ID's for a new browser, this browser's for a known one.
  await reset(lock.limit, lock.subject);
  await recordAudit({ ...audit, customerId: customer.id, type: "login.password-ok" });
  // A wrong-code lock on the account holds whatever the password: it was the password that let those guesses in.
  const codeLock = await peek("codeFailuresPerCustomer", customer.id, now);
  if (codeLock.locked) return { ok: false, reason: "code-locked", retryAt: codeLock.retryAt! };

  const binding = generateBinding();
  const sent = await sendCode({ customer, bindingHash: binding.hash, meta, now });
  return sent.ok ? { ok: true, bindingToken: binding.token } : sent;
}

/** Mails a lock notice at most once per lock period. An unknown ID does the same bookkeeping and mails nobody. */
async function noticeOnce(
  limit: "lockNoticesPerId" | "codeLockNoticesPerCustomer",
  subject: string,
  customer: Recipient | undefined,
  lockedUntil: Date,
  now: Date,
): Promise<void> {
  const notice = await takeOne(limit, subject, now);
  if (!notice.taken || !customer) return;
  const template = limit === "lockNoticesPerId" ? lockoutNoticeMail : codeLockNoticeMail;
  await mailQuietly(template(customer.email, { name: customer.displayName, lockedUntil }));
}

async function mailQuietly(content: MailContent): Promise<void> {
  try {
    await sendMail(content);
  } catch (error) {
    // The lock holds whether or not the notice reaches the owner.
    if (!(error instanceof MailError)) throw error;
  }
}

/**
 * Sends a code and stores it: a new challenge (retiring the customer's older live ones), or the new code of an
 * existing one (`challengeId`, a resend). The send allowance is taken first; then the mail, then the store, so a
 * failed send stores nothing, leaves no half-made challenge, and gives its allowance back.
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
}): Promise<
  { ok: true } | { ok: false; reason: "send-failed" } | { ok: false; reason: "send-limited"; retryAt: Date }
> {
  const allowance = await takeOne("codeSendsPerCustomer", customer.id, now);
  if (!allowance.taken) return { ok: false, reason: "send-limited", retryAt: allowance.retryAt! };
  const code = generateCode();
  const expiresAt = codeExpiry(now);
  try {
    await sendMail(loginCodeMail(customer.email, { name: customer.displayName, code, expiresAt }));
  } catch (error) {
    if (!(error instanceof MailError)) throw error;
    await refund("codeSendsPerCustomer", customer.id, now);
    await recordAudit({ ...auditBase(meta), customerId: customer.id, type: "code.send-failed" });
    return { ok: false, reason: "send-failed" };
  }
  const stored = { codeHash: hashCode(secretKeys().code, bindingHash, code), expiresAt, lastSentAt: now };
  if (challengeId) await replaceCode(challengeId, stored);
  else await insertChallenge({ customerId: customer.id, bindingHash, ...stored }, now);
  await recordAudit({ ...auditBase(meta), customerId: customer.id, type: challengeId ? "code.resent" : "code.sent" });
  return { ok: true };
}

type ChallengeView = {
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

/** What the code page shows; nothing when the browser has no live challenge. */
export async function describeChallenge(bindingToken: string | undefined, now: Date): Promise<ChallengeView | null> {
  if (!bindingToken) return null;
  const found = await findChallenge(hashBinding(bindingToken));
  if (!found) return null;
  const { challenge, customer } = found;
  if (!isLive(challenge, now)) return null;
  const account = await peek("codeFailuresPerCustomer", customer.id, now);
  if (account.locked) return null;
  return {
    maskedEmail: maskEmail(customer.email),
    expiresAt: challenge.expiresAt,
    resendAt: resendAvailableAt(challenge.lastSentAt),
    remaining: Math.min(MAX_WRONG_CODES - challenge.failedAttempts, accountCodeAllowance(account.count)),
  };
}

const accountCodeAllowance = (failures: number) => Math.max(0, limits.codeFailuresPerCustomer.limit - failures);

/** The device cookie's value for a browser that just completed a full sign-in as `selfCareId`. */
export const newDeviceToken = (selfCareId: string, now: Date) => issueDeviceToken(secretKeys().device, selfCareId, now);

/** Whose challenge this browser holds: after a successful code, decides where they land and whose device it is. */
export async function challengeOwner(
  bindingToken: string | undefined,
): Promise<{ role: Role; selfCareId: string } | null> {
  if (!bindingToken) return null;
  return (await findChallenge(hashBinding(bindingToken)))?.customer ?? null;
}

/** A new code for the same challenge; the old code stops working and wrong tries still count. */
export async function resendCode(bindingToken: string | undefined, context: LoginContext): Promise<ResendResult> {
  const { meta, now } = context;
  if (!bindingToken) return { ok: false, reason: "missing" };
  const bindingHash = hashBinding(bindingToken);
  const found = await findChallenge(bindingHash);
  if (!found || !isLive(found.challenge, now)) return { ok: false, reason: "missing" };
  // A locked code step has no live challenge to send a code for (the code page says so too).
  if ((await peek("codeFailuresPerCustomer", found.customer.id, now)).locked) return { ok: false, reason: "missing" };
  const resendAt = resendAvailableAt(found.challenge.lastSentAt);
  if (resendAt > now) return { ok: false, reason: "cooldown", retryAt: resendAt };
  return sendCode({ customer: found.customer, bindingHash, challengeId: found.challenge.id, meta, now });
}

/**
 * Step 2, called only by the next-auth provider's authorize(). A wrong code is reserved against the account's
 * cap before the try (given back when the code was right or no try was made), so the cap holds under any
 * concurrency; the challenge's own five tries are spent by one conditional UPDATE.
 */
export async function verifyCode(
  bindingToken: string | undefined,
  code: string,
  context: LoginContext,
): Promise<CodeResult> {
  const { meta, now } = context;
  if (!bindingToken) return { ok: false, reason: "missing" };
  const bindingHash = hashBinding(bindingToken);
  const found = await findChallenge(bindingHash);
  if (!found || found.challenge.consumedAt) return { ok: false, reason: "missing" };
  const owner = found.customer;
  const audit = { ...auditBase(meta), customerId: owner.id };

  const reserved = await takeOne("codeFailuresPerCustomer", owner.id, now);
  if (!reserved.taken) {
    await recordAudit({ ...audit, type: "code.locked" });
    return { ok: false, reason: "locked", retryAt: reserved.retryAt! };
  }
  const attempt = await attemptCode(bindingHash, hashCode(secretKeys().code, bindingHash, code), now, MAX_WRONG_CODES);
  if (attempt?.consumedAt) {
    await refund("codeFailuresPerCustomer", owner.id, now);
    const customer = await findCustomerById(attempt.customerId);
    if (!customer) return { ok: false, reason: "missing" };
    await recordAudit([
      { ...audit, type: "code.verified" },
      { ...audit, type: "login.succeeded" },
    ]);
    return { ok: true, customer };
  }
  if (!attempt) {
    // No try was made (expired, used up, or consumed meanwhile): nothing to count against the account.
    await refund("codeFailuresPerCustomer", owner.id, now);
    if (found.challenge.failedAttempts >= MAX_WRONG_CODES) return { ok: false, reason: "exhausted" };
    return { ok: false, reason: found.challenge.expiresAt > now ? "missing" : "expired" };
  }

  if (reserved.reachedLimit) {
    await recordAudit({ ...audit, type: "code.lockout" });
    context.defer(() => noticeOnce("codeLockNoticesPerCustomer", owner.id, owner, reserved.retryAt!, now));
    return { ok: false, reason: "locked", retryAt: reserved.retryAt! };
  }
  const remaining = Math.min(MAX_WRONG_CODES - attempt.failedAttempts, accountCodeAllowance(reserved.count));
  await recordAudit({ ...audit, type: remaining > 0 ? "code.failed" : "code.exhausted" });
  return remaining > 0 ? { ok: false, reason: "wrong", remaining } : { ok: false, reason: "exhausted" };
}
