// What the sign-in mails: the one-time code (the send allowance taken first, the challenge and its mail written in
// the same transaction), and a lock's notice to the owner, once per lock. Both are queued (lib/mail/queue.ts) and
// go out after the answer, oldest first: a resent code never arrives before the code it replaces.
import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import type { Db, Tx } from "@/db/client";
import { auditInsert } from "@/db/queries/audit";
import { challengeWrites } from "@/db/queries/otp";
import { deleteHits } from "@/db/queries/rate-limits";
import { together } from "@/db/together";
import type { RequestMeta } from "@/lib/http/request-meta";
import { deliverQueuedMail, queueMail } from "@/lib/mail/queue";
import type { CodePurpose } from "@/lib/mail/templates/login-code";
import { type Hit, limits, takeInStatement, takeOne } from "@/lib/rate-limit";
import { sql } from "drizzle-orm";
import { loginKeys } from "./login-keys";
import { codeExpiry, generateCode, hashCode } from "./otp";

/** Whom a code or a notice is mailed to. */
export type Recipient = { id: string; email: string; displayName: string };

export type SendResult = { ok: true } | { ok: false; reason: "send-limited"; retryAt: Date };

/**
 * Issues a code: a new challenge (retiring the customer's older live ones), or a new code for an existing one
 * (`challengeId`, a resend), with its mail queued. One transaction: the send allowance is taken first (its key
 * stays locked until the end, so concurrent sends for one customer take turns and leave one live challenge), then
 * the challenge, its mail and its audit row in one statement. `alongside` are writes of the caller's that commit
 * with the allowance, whether or not it is granted (the password step's cleared lock and its audit row).
 */
export async function sendCode({
  customer,
  bindingHash,
  challengeId,
  meta,
  now,
  purpose = "sign-in",
  alongside = { reset: [], audit: [] },
}: {
  customer: Recipient;
  bindingHash: string;
  challengeId?: string;
  meta: RequestMeta;
  now: Date;
  purpose?: CodePurpose;
  alongside?: Alongside;
}): Promise<SendResult> {
  const db = await getDb();
  const allowance = takeInStatement([[{ limit: "codeSendsPerCustomer", subject: customer.id }]], now);
  return db.transaction(async (tx) => {
    const writes = alongsideWrites(tx, alongside);
    const { taken } = await together<{ taken: Parameters<typeof allowance.read>[0] }>(
      tx,
      writes,
      sql`${allowance.expression} as taken`,
    );
    const [granted] = allowance.read(taken);
    if (!granted!.taken) return { ok: false, reason: "send-limited", retryAt: granted!.states[0]!.retryAt! };

    const code = generateCode();
    const expiresAt = codeExpiry(now);
    const id = challengeId ?? randomUUID();
    const stored = { codeHash: hashCode({ key: loginKeys().code, bindingHash, code }), expiresAt, lastSentAt: now };
    await together(tx, [
      ...challengeWrites(
        tx,
        challengeId
          ? { replace: id, ...stored }
          : { create: { id, customerId: customer.id, bindingHash, ...stored }, now },
      ),
      queueMail(
        tx,
        [
          {
            template: "login-code",
            to: customer.email,
            props: { name: customer.displayName, code, expiresAt, purpose },
            customerId: customer.id,
            challengeId: id,
            failureType: "code.send-failed",
            expiresAt,
          },
        ],
        now,
      ),
      auditInsert(tx, [{ ...meta, customerId: customer.id, type: challengeId ? "code.resent" : "code.sent" }]),
    ]);
    return { ok: true };
  });
}

/** The password step's writes when no code is sent: the lock it clears and its audit row, in one statement. */
export async function clearAndRecord({ reset, audit }: Alongside): Promise<void> {
  const db = await getDb();
  await together(db, alongsideWrites(db, { reset, audit }));
}

type Alongside = { reset: Hit[]; audit: Parameters<typeof auditInsert>[1] };

const alongsideWrites = (db: Db | Tx, { reset, audit }: Alongside) => [
  ...reset.map((hit) => deleteHits(db, limits[hit.limit].key(hit.subject))),
  ...(audit.length > 0 ? [auditInsert(db, audit)] : []),
];

/**
 * Queues a lock notice at most once per lock period, and sends what is due (it runs after the answer). An unknown ID
 * does the same bookkeeping and mails nobody.
 */
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
  // The lock holds whether or not the notice reaches the owner.
  const props = { name: customer.displayName, lockedUntil };
  const mail =
    limit === "lockNoticesPerId"
      ? ({ template: "lockout-notice", to: customer.email, props } as const)
      : ({ template: "code-lock-notice", to: customer.email, props } as const);
  await queueMail(await getDb(), [{ ...mail, customerId: customer.id }], now);
  await deliverQueuedMail(now);
}
