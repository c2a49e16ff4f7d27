// Accepting an IP phone password change: ownership, the current SIP password, and the change record.
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/db/queries/audit";
import { type CancelOutcome, cancelChange, createChange, readChangeRequest } from "@/db/queries/changes";
import { findCustomerById } from "@/db/queries/customers";
import { env } from "@/lib/env";
import { sendMailOrRecord } from "@/lib/mail";
import { changeAcceptedMail } from "@/lib/mail/templates/change-accepted";
import { changeCancelledMail } from "@/lib/mail/templates/change-cancelled";
import { hashSecretForRequest, verifySecretInConstantWork } from "@/lib/password-hashing";
import { unlessBusy } from "@/lib/server/hashing-gate";
import { latestRetryAt, refund, takeInGroups } from "@/lib/rate-limit";
import { reflectionTime } from "@/lib/changes/reflection";
import { graceUntil } from "@/lib/changes/rotation";
import { defaultProvisioner } from "@/lib/registrar/provisioning";
import type { RequestMeta } from "@/lib/http/request-meta";
import { changeSecretContext, sealSecret } from "@/lib/changes/sealed-secret";
import type { PasswordChangeInput } from "@/lib/validation/password-change";

export type ChangeResult =
  | { ok: true; changeId: string }
  | { ok: false; reason: "credentials" | "not-owned" | "conflict" | "overloaded" }
  | { ok: false; reason: "throttled" | "busy"; retryAt: Date };

type ChangeRequest = { customerId: string; input: PasswordChangeInput; meta: RequestMeta; now: Date };

/**
 * Every attempt is taken from the customer's and the address's allowance before any argon2 work. A wrong current
 * password is charged to whoever made it: the owner's own misses to the line (so a guesser with the owner's
 * session is stopped), misses on a number the customer does not own, or that does not exist, to the customer and
 * the address, so nobody can lock another customer's line. A number that is not the customer's own is one answer
 * whether it exists or not: numbers cannot be probed, and the customer hears only what their own list shows.
 */
export async function requestPasswordChange({ customerId, input, meta, now }: ChangeRequest): Promise<ChangeResult> {
  const audit = { customerId, ip: meta.ip, userAgent: meta.userAgent };
  // One read: the line, whether this same form was sent before, and the customer's contact for the email.
  const request = await readChangeRequest({ customerId, number: input.number, idempotencyKey: input.requestToken });
  // The same form sent again (double click, reload, back and resend) leads to the change it already made.
  if (request?.existingId) return { ok: true, changeId: request.existingId };

  // The number is looked up first, so the attempt and the miss it may turn out to be are taken in one transaction:
  // the attempt on the customer and the address, then (only when those allow it) the miss reserved before the
  // argon2 work, as two takes one after the other would decide.
  const line = request?.line ?? null;
  const owned = line?.customerId === customerId;
  const [attempt, miss] = await takeInGroups(
    [
      [
        { limit: "changeAttemptsPerCustomer", subject: customerId },
        { limit: "changeAttemptsPerIp", subject: meta.ip },
      ],
      owned
        ? [{ limit: "sipVerifyFailuresPerLine", subject: line.number }]
        : [
            { limit: "sipMissesPerCustomer", subject: customerId },
            { limit: "sipMissesPerIp", subject: meta.ip },
          ],
    ],
    now,
  );
  if (!attempt!.taken) {
    await recordAudit({ ...audit, type: "change.busy", detail: { number: input.number } });
    return { ok: false, reason: "busy", retryAt: latestRetryAt(attempt!.states) };
  }
  if (!miss!.taken) {
    const retryAt = latestRetryAt(miss!.states);
    await recordAudit({ ...audit, type: "change.throttled", detail: { number: input.number } });
    // Only the owner hears about the line; anyone else hears about their own attempts.
    return { ok: false, reason: owned ? "throttled" : "busy", retryAt };
  }

  const reserved = owned
    ? [{ limit: "sipVerifyFailuresPerLine" as const, subject: line.number }]
    : [
        { limit: "sipMissesPerCustomer" as const, subject: customerId },
        { limit: "sipMissesPerIp" as const, subject: meta.ip },
      ];
  const matches = await unlessBusy(() =>
    verifySecretInConstantWork({
      hash: owned ? line.sipPasswordHash : undefined,
      secret: input.currentPassword,
    }),
  );
  if (matches === undefined) {
    // No try was made: the miss reserved for it did not happen.
    for (const hit of reserved) await refund(hit.limit, hit.subject, now);
    return { ok: false, reason: "overloaded" };
  }
  if (!owned || !matches) {
    const reason = !line ? "unknown-number" : !owned ? "not-owner" : "wrong-current-password";
    await recordAudit({ ...audit, type: "change.rejected", detail: { number: input.number, reason } });
    return { ok: false, reason: owned ? "credentials" : "not-owned" };
  }
  // The right current password: the miss reserved against the line did not happen.
  await refund("sipVerifyFailuresPerLine", line.number, now);

  const newHash = await unlessBusy(() => hashSecretForRequest(input.newPassword));
  if (newHash === undefined) {
    return { ok: false, reason: "overloaded" };
  }
  const changeId = randomUUID();
  const reflection = reflectionTime(line.serviceKind, now);
  const provisioner = defaultProvisioner();
  const outcome = await createChange(
    {
      id: changeId,
      lineId: line.id,
      customerId,
      serviceKind: line.serviceKind,
      requestedAt: now,
      reflectionAt: reflection.at,
      status: "pending",
      switchMode: input.switchMode,
      graceUntil: graceUntil(input.switchMode, reflection.at, env().previousPasswordGraceMs),
      secretCiphertext: sealSecret({
        key: env().credentialEncryptionKey,
        plaintext: input.newPassword,
        context: changeSecretContext({ changeId, number: line.number }),
      }),
      idempotencyKey: input.requestToken,
      requestIp: meta.ip,
      userAgent: meta.userAgent,
    },
    { id: line.id, verifiedHash: line.sipPasswordHash, newHash },
    audit,
    {
      cutOff: (tx) => provisioner.cutOff(tx, { number: line.number, at: now }),
      stagePending: (tx) => provisioner.stagePending(tx, { number: line.number, password: input.newPassword }),
    },
  );
  if (outcome.kind === "stale") {
    await recordAudit({
      ...audit,
      type: "change.rejected",
      detail: { number: input.number, reason: "concurrent-change" },
    });
    return { ok: false, reason: "conflict" };
  }
  if (outcome.kind === "created" && request) {
    await mailAcceptance({ customerId, email: request.email, name: request.name }, outcome.id, {
      number: line.number,
      serviceKind: line.serviceKind,
      requestedAt: now,
      reflection,
      switchMode: outcome.switchMode,
      graceUntil: outcome.graceUntil,
    });
  }
  return { ok: true, changeId: outcome.id };
}

async function mailAcceptance(
  customer: { customerId: string; email: string; name: string },
  changeId: string,
  change: Omit<Parameters<typeof changeAcceptedMail>[1], "name">,
): Promise<void> {
  // The change stands either way: the completion page tells the customer everything the email repeats, and no
  // longer says the email was sent.
  await sendMailOrRecord(changeAcceptedMail(customer.email, { name: customer.name, ...change }), {
    customerId: customer.customerId,
    changeId,
    type: "change.mail-failed",
  });
}

export type CancelResult = Exclude<CancelOutcome, { kind: "cancelled" }> | { kind: "cancelled" };

/**
 * The customer takes back a routine change that is still waiting (never an emergency one: its old password is
 * presumed leaked): the line's password is the previous one again (the one
 * the device and the call-control system still use), and an email confirms it.
 */
export async function cancelPasswordChange({
  customerId,
  changeId,
  meta,
  now,
}: {
  customerId: string;
  changeId: string;
  meta: RequestMeta;
  now: Date;
}): Promise<CancelResult> {
  const outcome = await cancelChange(
    { id: changeId, customerId, now },
    { ip: meta.ip, userAgent: meta.userAgent },
    async (tx, number) => {
      await defaultProvisioner().stagePending(tx, { number, password: null });
    },
  );
  if (outcome.kind !== "cancelled") return outcome;
  const customer = await findCustomerById(customerId);
  if (customer) {
    await sendMailOrRecord(
      changeCancelledMail(customer.email, { name: customer.displayName, number: outcome.number, cancelledAt: now }),
      { customerId, changeId, type: "change.mail-failed" },
    );
  }
  return { kind: "cancelled" };
}
