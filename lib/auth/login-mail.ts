// What the sign-in mails: the one-time code (the send allowance taken first, the challenge stored only once the mail
// went), and a lock's notice to the owner, once per lock.
import { recordAudit } from "@/db/queries/audit";
import { insertChallenge, replaceCode } from "@/db/queries/otp";
import type { RequestMeta } from "@/lib/http/request-meta";
import { sendMailOrRecord } from "@/lib/mail";
import { codeLockNoticeMail } from "@/lib/mail/templates/code-lock-notice";
import { lockoutNoticeMail } from "@/lib/mail/templates/lockout-notice";
import { loginCodeMail, type CodePurpose } from "@/lib/mail/templates/login-code";
import { refund, takeOne } from "@/lib/rate-limit";
import { loginKeys } from "./login-keys";
import { codeExpiry, generateCode, hashCode } from "./otp";

/** Whom a code or a notice is mailed to. */
export type Recipient = { id: string; email: string; displayName: string };

export type SendResult =
  { ok: true } | { ok: false; reason: "send-failed" } | { ok: false; reason: "send-limited"; retryAt: Date };

/**
 * Sends a code and stores it: a new challenge (retiring the customer's older live ones), or the new code of an
 * existing one (`challengeId`, a resend). The send allowance is taken first; then the mail, then the store, so a
 * failed send stores nothing, leaves no half-made challenge, and gives its allowance back.
 */
export async function sendCode({
  customer,
  bindingHash,
  challengeId,
  meta,
  now,
  purpose = "sign-in",
}: {
  customer: Recipient;
  bindingHash: string;
  challengeId?: string;
  meta: RequestMeta;
  now: Date;
  purpose?: CodePurpose;
}): Promise<SendResult> {
  const allowance = await takeOne("codeSendsPerCustomer", customer.id, now);
  if (!allowance.taken) return { ok: false, reason: "send-limited", retryAt: allowance.retryAt! };
  const code = generateCode();
  const expiresAt = codeExpiry(now);
  const sent = await sendMailOrRecord(
    loginCodeMail(customer.email, { name: customer.displayName, code, expiresAt, purpose }),
    {
      ...meta,
      customerId: customer.id,
      type: "code.send-failed",
    },
  );
  if (!sent) {
    await refund("codeSendsPerCustomer", customer.id, now);
    return { ok: false, reason: "send-failed" };
  }
  const stored = { codeHash: hashCode({ key: loginKeys().code, bindingHash, code }), expiresAt, lastSentAt: now };
  if (challengeId) await replaceCode(challengeId, stored);
  else await insertChallenge({ customerId: customer.id, bindingHash, ...stored }, now);
  await recordAudit({ ...meta, customerId: customer.id, type: challengeId ? "code.resent" : "code.sent" });
  return { ok: true };
}

/** Mails a lock notice at most once per lock period. An unknown ID does the same bookkeeping and mails nobody. */
export async function noticeOnce({
  limit,
  subject,
  customer,
  lockedUntil,
  now,
}: {
  limit: "lockNoticesPerId" | "codeLockNoticesPerCustomer";
  subject: string;
  customer: Recipient | undefined;
  lockedUntil: Date;
  now: Date;
}): Promise<void> {
  const notice = await takeOne(limit, subject, now);
  if (!notice.taken || !customer) return;
  const template = limit === "lockNoticesPerId" ? lockoutNoticeMail : codeLockNoticeMail;
  // The lock holds whether or not the notice reaches the owner.
  await sendMailOrRecord(template(customer.email, { name: customer.displayName, lockedUntil }));
}
