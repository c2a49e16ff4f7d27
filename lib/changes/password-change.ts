// Accepting an IP phone password change: ownership, the current SIP password, and the change record.
import { randomUUID } from "node:crypto";
import { recordAudit } from "@/db/queries/audit";
import { type CancelOutcome, cancelChange, createChange, readChangeRequest } from "@/db/queries/changes";
import { findCustomerById } from "@/db/queries/customers";
import { env } from "@/lib/env";
import { deliverQueuedMail, queueMail } from "@/lib/mail/queue";
import { hashSecretForRequest, verifySecretInConstantWork } from "@/lib/password-hashing";
import { unlessBusy } from "@/lib/server/hashing-gate";
import { latestRetryAt, refund, refundWrite, takeInStatement } from "@/lib/rate-limit";
import type { Defer } from "@/lib/server/after-answer";
import type { StepUpFactor, SuspensionReason } from "@/db/enums";
import { reflectionTime } from "@/lib/changes/reflection";
import { graceUntil } from "@/lib/changes/rotation";
import { defaultProvisioner } from "@/lib/registrar/provisioning";
import type { RequestMeta } from "@/lib/http/request-meta";
import { changeSecretContext, sealSecret } from "@/lib/changes/sealed-secret";
import type { PasswordChangeInput } from "@/lib/validation/password-change";

export type ChangeResult =
  | { ok: true; changeId: string }
  | { ok: false; reason: "credentials" | "not-owned" | "conflict" | "overloaded" }
  | { ok: false; reason: "signed-out" }
  | { ok: false; reason: "step-up" }
  /** The account is still on a generated self-care password: nothing else until it is changed. */
  | { ok: false; reason: "password-change-required" }
  /** The customer's own line, suspended or ended (lib/provisioning/line-status.ts words why). */
  | { ok: false; reason: "line-suspended"; suspensionReason: SuspensionReason | null }
  | { ok: false; reason: "line-terminated" }
  | { ok: false; reason: "throttled" | "busy"; retryAt: Date };

type ChangeRequest = {
  customerId: string;
  /** The session version the customer's token carries: checked here, in the first statement, as every action does. */
  sessionVersion: number;
  input: PasswordChangeInput;
  meta: RequestMeta;
  now: Date;
  /** Runs the acceptance mail's delivery after the answer. */
  defer: Defer;
  /** This browser's step-up in the last five minutes, if any: an emergency change needs one (lib/auth/step-up.ts). */
  stepUp?: StepUpFactor | null;
};

/**
 * Every attempt is taken from the customer's and the address's allowance before any argon2 work. A wrong current
 * password is charged to whoever made it: the owner's own misses to the line (so a guesser with the owner's
 * session is stopped), misses on a number the customer does not own, or that does not exist, to the customer and
 * the address, so nobody can lock another customer's line. A number that is not the customer's own is one answer
 * whether it exists or not: numbers cannot be probed, and the customer hears only what their own list shows.
 *
 * Round trips: one statement before the argon2 work (the session checked, the line and a resent form read, the
 * limits taken), and one transaction of three after it (db/queries/changes.ts), the mail queued in it.
 */
export async function requestPasswordChange({
  customerId,
  sessionVersion,
  input,
  meta,
  now,
  defer,
  stepUp = null,
}: ChangeRequest): Promise<ChangeResult> {
  // An emergency change cuts the line off at once: whoever asks for one proves themselves again first.
  if (input.switchMode === "emergency" && !stepUp) return { ok: false, reason: "step-up" };
  const audit = { customerId, ip: meta.ip, userAgent: meta.userAgent };
  // The attempt on the customer and the address, then (only when those allow it) the miss reserved before the
  // argon2 work, as two takes one after the other would decide: on the line when it is the customer's own, else on
  // the customer and the address.
  const attemptHits = [
    { limit: "changeAttemptsPerCustomer", subject: customerId },
    { limit: "changeAttemptsPerIp", subject: meta.ip },
  ] as const;
  const lineMiss = [{ limit: "sipVerifyFailuresPerLine" as const, subject: input.number }];
  const otherMiss = [
    { limit: "sipMissesPerCustomer" as const, subject: customerId },
    { limit: "sipMissesPerIp" as const, subject: meta.ip },
  ];
  const owned = takeInStatement([[...attemptHits], lineMiss], now);
  const other = takeInStatement([[...attemptHits], otherMiss], now);
  const request = await readChangeRequest({
    customerId,
    sessionVersion,
    number: input.number,
    idempotencyKey: input.requestToken,
    take: { owned: owned.expression, other: other.expression },
  });
  // Signed out elsewhere (or the account is gone): nothing was taken, nothing is done.
  if (!request?.live) return { ok: false, reason: "signed-out" };
  if (request.mustChangePassword) return { ok: false, reason: "password-change-required" };
  // The same form sent again (double click, reload, back and resend) leads to the change it already made.
  if (request.existingId) return { ok: true, changeId: request.existingId };

  const line = request.line;
  const isOwn = line?.customerId === customerId;
  const reserved = isOwn ? lineMiss : otherMiss;
  const [attempt, miss] = (isOwn ? owned : other).read(request.taken as Parameters<typeof owned.read>[0]);
  if (!attempt!.taken) {
    await recordAudit({ ...audit, type: "change.busy", detail: { number: input.number } });
    return { ok: false, reason: "busy", retryAt: latestRetryAt(attempt!.states) };
  }
  if (!miss!.taken) {
    const retryAt = latestRetryAt(miss!.states);
    await recordAudit({ ...audit, type: "change.throttled", detail: { number: input.number } });
    // Only the owner hears about the line; anyone else hears about their own attempts.
    return { ok: false, reason: isOwn ? "throttled" : "busy", retryAt };
  }
  // Only an active line's password can change: a suspended line waits for its resumption, an ended one is history.
  // Its owner is told so before any argon2 work, and the miss reserved for that work did not happen.
  if (isOwn && line.status !== "active") {
    await refund("sipVerifyFailuresPerLine", line.number, now);
    const suspended = line.status === "suspended";
    const reason = suspended ? "line-suspended" : "line-terminated";
    await recordAudit({ ...audit, type: "change.rejected", detail: { number: input.number, reason } });
    return suspended
      ? { ok: false, reason: "line-suspended", suspensionReason: line.suspensionReason }
      : { ok: false, reason: "line-terminated" };
  }

  const matches = await unlessBusy(() =>
    verifySecretInConstantWork({
      hash: isOwn ? line.sipPasswordHash : undefined,
      secret: input.currentPassword,
    }),
  );
  if (matches === undefined) {
    // No try was made: the miss reserved for it did not happen.
    for (const hit of reserved) await refund(hit.limit, hit.subject, now);
    return { ok: false, reason: "overloaded" };
  }
  if (!isOwn || !matches) {
    const reason = !line ? "unknown-number" : !isOwn ? "not-owner" : "wrong-current-password";
    await recordAudit({ ...audit, type: "change.rejected", detail: { number: input.number, reason } });
    return { ok: false, reason: isOwn ? "credentials" : "not-owned" };
  }

  const newHash = await unlessBusy(() => hashSecretForRequest(input.newPassword));
  if (newHash === undefined) {
    // The right current password was tried: the miss reserved against the line did not happen.
    await refund("sipVerifyFailuresPerLine", line.number, now);
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
      authorizedBy: stepUp,
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
    // The right current password: the miss reserved against the line did not happen. The customer is told by mail
    // (the change stands either way: the completion page tells everything the email repeats).
    (tx, created) => [
      refundWrite(tx, lineMiss[0]!, now),
      queueMail(
        tx,
        [
          {
            template: "change-accepted",
            to: request.email,
            props: {
              name: request.name,
              number: line.number,
              serviceKind: line.serviceKind,
              requestedAt: now,
              reflection,
              ...created,
            },
            customerId,
            changeId,
            failureType: "change.mail-failed",
          },
        ],
        now,
      ),
    ],
  );
  if (outcome.kind === "stale") {
    // The right current password was tried all the same: its miss is given back.
    await refund("sipVerifyFailuresPerLine", line.number, now);
    await recordAudit({
      ...audit,
      type: "change.rejected",
      detail: { number: input.number, reason: "concurrent-change" },
    });
    return { ok: false, reason: "conflict" };
  }
  if (outcome.kind === "created") defer(() => deliverQueuedMail(now));
  return { ok: true, changeId: outcome.id };
}

export type CancelResult = Exclude<CancelOutcome, { kind: "cancelled" }> | { kind: "cancelled" };

/**
 * The customer takes back a routine change that is still waiting (never an emergency one: its old password is
 * presumed leaked): the line's password is the previous one again (the one the device and the call-control system
 * still use), and an email, queued in the same transaction, confirms it.
 */
export async function cancelPasswordChange({
  customerId,
  changeId,
  meta,
  now,
  defer,
}: {
  customerId: string;
  changeId: string;
  meta: RequestMeta;
  now: Date;
  defer: Defer;
}): Promise<CancelResult> {
  const customer = await findCustomerById(customerId);
  const outcome = await cancelChange(
    { id: changeId, customerId, now },
    { ip: meta.ip, userAgent: meta.userAgent },
    async (tx, number) => {
      await defaultProvisioner().stagePending(tx, { number, password: null });
      if (!customer) return;
      await queueMail(
        tx,
        [
          {
            template: "change-cancelled",
            to: customer.email,
            props: { name: customer.displayName, number, cancelledAt: now },
            customerId,
            changeId,
            failureType: "change.mail-failed",
          },
        ],
        now,
      );
    },
  );
  if (outcome.kind !== "cancelled") return outcome;
  defer(() => deliverQueuedMail(now));
  return { kind: "cancelled" };
}
