// Sign-in step 1: the self-care ID and password, then a code mailed to the registered address.
import { recordAudit } from "@/db/queries/audit";
import { readForPasswordStep } from "@/db/queries/customers";
import { deliverQueuedMail } from "@/lib/mail/queue";
import {
  type LimitName,
  latestRetryAt,
  peekInStatement,
  refund,
  signInAttemptHits,
  takeInStatement,
} from "@/lib/rate-limit";
import { unlessBusy } from "@/lib/server/hashing-gate";
import { verifySecretInConstantWork } from "@/lib/password-hashing";
import type { LoginInput } from "@/lib/validation/login";
import { deviceFor, issueDeviceToken } from "./device-token";
import type { LoginContext } from "./login-context";
import { loginKeys } from "./login-keys";
import { clearAndRecord, noticeOnce, sendCode } from "./login-mail";
import { generateBinding } from "./otp";

export type PasswordStep =
  | { ok: true; bindingToken: string }
  | { ok: false; reason: "invalid" | "overloaded" | "passkey-required" }
  | { ok: false; reason: "locked" | "throttled" | "send-limited" | "code-locked"; retryAt: Date };

/**
 * Every attempt counts against the address; a failure is reserved before the argon2 verify, against the ID, or
 * against the browser's own device lock when it signed in as this ID before, so strangers locking the ID do not lock
 * its owner out. Unknown IDs cost the same verify and count towards the same lock, so neither the answer, its timing
 * nor a lockout tells whether an ID exists.
 */
export async function checkPassword(input: LoginInput, context: LoginContext): Promise<PasswordStep> {
  const { meta, now } = context;
  const audit = { ...meta, detail: { selfCareId: input.selfCareId } };
  const device = deviceFor({ key: loginKeys().device, token: context.device, selfCareId: input.selfCareId, now });
  const lock: { limit: LimitName; subject: string } = device
    ? { limit: "loginFailuresPerDevice", subject: device }
    : { limit: "loginFailuresPerId", subject: input.selfCareId };
  // The address's attempt first (its /64, and for IPv6 its /48 and /32 too), then (only when the address may try) the
  // failure reserved on the lock: one transaction, as two takes one after the other would decide.
  const addressHits = signInAttemptHits(meta.ip);
  // One statement before the argon2 work: the limits taken, the customer read, the account's code lock read.
  const attempt = takeInStatement([addressHits, [lock]], now);
  const codeLock = peekInStatement("codeFailuresPerCustomer", now);
  const read = await readForPasswordStep(input.selfCareId, (customerId) => ({
    taken: attempt.expression,
    codeFailures: codeLock.peek(customerId),
  }));
  const [address, reserved] = attempt.read(read.taken);
  if (!address!.taken) {
    await recordAudit({ ...audit, type: "login.throttled" });
    return { ok: false, reason: "throttled", retryAt: latestRetryAt(address!.states) };
  }
  const failure = reserved!.states[0]!;
  if (!failure.taken) {
    await recordAudit({ ...audit, type: "login.locked", detail: { ...audit.detail, device: Boolean(device) } });
    return { ok: false, reason: "locked", retryAt: failure.retryAt! };
  }

  const { customer } = read;
  const matches = await unlessBusy(() =>
    verifySecretInConstantWork({ hash: customer?.passwordHash, secret: input.password }),
  );
  if (matches === undefined) {
    // No password was tried: the failure reserved for it did not happen.
    await refund(lock.limit, lock.subject, now);
    return { ok: false, reason: "overloaded" };
  }
  // A disabled operator's right password is a failure like any other: the form tells nothing more (the trail does).
  const disabled = customer?.disabledAt != null;
  if (!customer || !matches || disabled) {
    const failed = {
      ...audit,
      customerId: customer?.id ?? null,
      ...(disabled ? { detail: { ...audit.detail, disabled } } : {}),
    };
    if (!failure.reachedLimit) {
      await recordAudit({ ...failed, type: "login.failed" });
      return { ok: false, reason: "invalid" };
    }
    await recordAudit([
      { ...failed, type: "login.failed" },
      { ...failed, type: "login.lockout" },
    ]);
    // Known and unknown IDs alike: the notice (or, for an unknown ID, its bookkeeping) runs after the answer.
    if (!device) {
      const notice = {
        limit: "lockNoticesPerId",
        subject: input.selfCareId,
        customer: customer ?? undefined,
        now,
      } as const;
      context.defer(() => noticeOnce({ ...notice, lockedUntil: failure.retryAt! }));
    }
    return { ok: false, reason: "locked", retryAt: failure.retryAt! };
  }

  // The right password clears its own lock (the ID's for a new browser, this browser's for a known one), in the
  // statement that takes the code's send allowance, or on its own when the account's code lock stops it here.
  const passwordOk = {
    reset: [lock],
    audit: [{ ...audit, customerId: customer.id, type: "login.password-ok" as const }],
  };
  // An operator with a passkey and no emailed-code fallback signs in with the passkey only (docs/operations.md): the
  // right password sends no code, and the form points at the passkey button. Without a passkey yet (a new operator's
  // first sign-in) the code is the way in, and the console then asks for a passkey before anything else.
  if (customer.role !== "customer" && !customer.codeFallback && customer.hasPasskey) {
    await clearAndRecord({
      ...passwordOk,
      audit: [...passwordOk.audit, { ...audit, customerId: customer.id, type: "login.passkey-required" as const }],
    });
    return { ok: false, reason: "passkey-required" };
  }
  // A wrong-code lock on the account holds whatever the password: it was the password that let those guesses in.
  const locked = codeLock.read(read.codeFailures);
  if (locked.locked) {
    await clearAndRecord(passwordOk);
    return { ok: false, reason: "code-locked", retryAt: locked.retryAt! };
  }

  const binding = generateBinding();
  const sent = await sendCode({ customer, bindingHash: binding.hash, meta, now, alongside: passwordOk });
  if (!sent.ok) return sent;
  context.defer(() => deliverQueuedMail(now));
  return { ok: true, bindingToken: binding.token };
}

/** The device cookie's value for a browser that just completed a full sign-in as `selfCareId`. */
export const newDeviceToken = (selfCareId: string, now: Date) => issueDeviceToken(loginKeys().device, selfCareId, now);
