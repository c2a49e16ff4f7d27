// The customer's own self-care password: the current one proved, the new one stored with argon2id, every other session
// ended (the session version) with the passkeys added in the last day, and the customer told by mail, never with the
// password.
import { recordAudit } from "@/db/queries/audit";
import { findCustomerById, replacePasswordHash } from "@/db/queries/customers";
import type { RequestMeta } from "@/lib/http/request-meta";
import { sendMailOrRecord } from "@/lib/mail";
import { selfCarePasswordChangedMail } from "@/lib/mail/templates/self-care-password-changed";
import { hashSecretForRequest, verifySecretInConstantWork } from "@/lib/password-hashing";
import { latestRetryAt, refund, takeInGroups } from "@/lib/rate-limit";
import { unlessBusy } from "@/lib/server/hashing-gate";
import type { SelfCarePasswordInput } from "@/lib/validation/self-care-password";
import { removeRecentPasskeys } from "./passkey-flows";

/** A sign-in older than this needs a fresh emailed code before its password can change. */
export const FRESH_SIGN_IN_MS = 10 * 60_000;

export const needsFreshCode = ({ signedInAt, now }: { signedInAt: number | undefined; now: Date }) =>
  signedInAt === undefined || now.getTime() - signedInAt * 1000 > FRESH_SIGN_IN_MS;

export type SelfCarePasswordResult =
  | { ok: true; sessionVersion: number }
  | { ok: false; reason: "credentials" | "conflict" | "overloaded" }
  | { ok: false; reason: "busy" | "throttled"; retryAt: Date };

/**
 * The attempt counts against the customer and the address (as a SIP password change does), and a wrong current
 * password is reserved against the customer's own allowance before the argon2 work. Of two changes at once, one wins.
 */
export async function changeSelfCarePassword({
  customerId,
  input,
  meta,
  now,
}: {
  customerId: string;
  input: Pick<SelfCarePasswordInput, "currentPassword" | "newPassword">;
  meta: RequestMeta;
  now: Date;
}): Promise<SelfCarePasswordResult> {
  const audit = { ...meta, customerId };
  const miss = { limit: "selfCarePasswordFailuresPerCustomer", subject: customerId } as const;
  const [attempt, reserved] = await takeInGroups(
    [
      [
        { limit: "changeAttemptsPerCustomer", subject: customerId },
        { limit: "changeAttemptsPerIp", subject: meta.ip },
      ],
      [miss],
    ],
    now,
  );
  if (!attempt!.taken || !reserved!.taken) {
    await recordAudit({ ...audit, type: "account.password-throttled" });
    const states = (attempt!.taken ? reserved! : attempt!).states;
    return { ok: false, reason: attempt!.taken ? "throttled" : "busy", retryAt: latestRetryAt(states) };
  }

  const customer = await findCustomerById(customerId);
  const matches = await unlessBusy(() =>
    verifySecretInConstantWork({ hash: customer?.passwordHash, secret: input.currentPassword }),
  );
  if (matches === undefined) {
    // No password was tried: the miss reserved for it did not happen.
    await refund(miss.limit, miss.subject, now);
    return { ok: false, reason: "overloaded" };
  }
  if (!customer || !matches) {
    await recordAudit({ ...audit, type: "account.password-rejected" });
    return { ok: false, reason: "credentials" };
  }
  // The right current password: the miss reserved for it did not happen either.
  await refund(miss.limit, miss.subject, now);
  const newHash = await unlessBusy(() => hashSecretForRequest(input.newPassword));
  if (newHash === undefined) {
    return { ok: false, reason: "overloaded" };
  }

  const sessionVersion = await replacePasswordHash({ id: customerId, verifiedHash: customer.passwordHash, newHash });
  if (sessionVersion === null) return { ok: false, reason: "conflict" };
  await recordAudit({ ...audit, type: "account.password-changed" });
  // Queued (the action delivers it after its answer); the password mail below goes at once, as before.
  await removeRecentPasskeys({ customer, cause: "password-changed", meta, now });
  await sendMailOrRecord(selfCarePasswordChangedMail(customer.email, { name: customer.displayName, changedAt: now }), {
    customerId,
    type: "change.mail-failed",
  });
  return { ok: true, sessionVersion };
}
