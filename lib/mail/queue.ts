// Mail off the request path: a request writes the mail into mail_queue in the same statement or transaction as what
// it tells of, and the mail is rendered and sent after the answer has gone out (`deliverQueuedMail`, from Next's
// `after()`), or by the scheduled work when that failed. A mail goes out only if what it tells of was committed;
// mails to one address go out in the order they were queued; a failed attempt is audited as the direct send was
// and tried again later, until it is given up.
import type { Db, Tx } from "@/db/client";
import type { AuditType } from "@/db/enums";
import { recordAudit } from "@/db/queries/audit";
import { claimNextMail, markAttemptFailed, markSent, queueInsert, type QueuedRow } from "@/db/queries/mail-queue";
import { openSecret, sealSecret } from "@/lib/changes/sealed-secret";
import { env } from "@/lib/env";
import { log } from "@/lib/server/log";
import { sendMail } from ".";
import { changeAcceptedMail } from "./templates/change-accepted";
import { changeCancelledMail } from "./templates/change-cancelled";
import { codeLockNoticeMail } from "./templates/code-lock-notice";
import { emailChangedNewMail, emailChangedOldMail } from "./templates/email-changed";
import { internationalChangedMail } from "./templates/international-changed";
import { lockoutNoticeMail } from "./templates/lockout-notice";
import { loginCodeMail } from "./templates/login-code";
import { passkeyChangedMail } from "./templates/passkey-changed";
import { selfCarePasswordChangedMail } from "./templates/self-care-password-changed";
import { MailError, type MailContent } from "./types";

/** The mails a request queues, by name (a queued row names its template). */
const templates = {
  "login-code": loginCodeMail,
  "lockout-notice": lockoutNoticeMail,
  "code-lock-notice": codeLockNoticeMail,
  "change-accepted": changeAcceptedMail,
  "change-cancelled": changeCancelledMail,
  "self-care-password-changed": selfCarePasswordChangedMail,
  "passkey-changed": passkeyChangedMail,
  "email-changed-old": emailChangedOldMail,
  "email-changed-new": emailChangedNewMail,
  "international-changed": internationalChangedMail,
} satisfies Record<string, (to: string, props: never) => MailContent>;
type Templates = typeof templates;
export type TemplateName = keyof Templates;

/** What a queued mail is: its template and props, and what a failed attempt records. */
export type Mail<Name extends TemplateName = TemplateName> = {
  template: Name;
  to: string;
  props: Parameters<Templates[Name]>[1];
  customerId?: string;
  changeId?: string;
  challengeId?: string;
  /** The audit event of a failed attempt (the direct send recorded the same). */
  failureType?: AuditType;
  /** Given up after this (a code mail: once its code has expired). */
  expiresAt?: Date;
};

/** Attempts after the first, each this long after the failure before it: then the mail is given up. */
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000];
/** At most this many mails per delivery run, so a backlog cannot hold one request's `after()` for long. */
const MAX_PER_RUN = 20;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** The props are sealed (a code mail holds its code) and bound to the recipient and template. */
const sealContext = (to: string, template: string) => `mail:${template}:${to}`;

function row<Name extends TemplateName>(mail: Mail<Name>, now: Date): QueuedRow {
  return {
    to: mail.to,
    template: mail.template,
    sealedProps: sealSecret({
      key: env().credentialEncryptionKey,
      plaintext: JSON.stringify(mail.props),
      context: sealContext(mail.to, mail.template),
    }),
    customerId: mail.customerId ?? null,
    changeId: mail.changeId ?? null,
    challengeId: mail.challengeId ?? null,
    failureType: mail.failureType ?? null,
    nextAttemptAt: now,
    expiresAt: mail.expiresAt ?? null,
  };
}

/** The insert of `mails`, not yet run: for `together` (db/together.ts) with what they tell of. */
export const queueMail = (db: Db | Tx, mails: Mail[], now: Date) =>
  queueInsert(
    db,
    mails.map((mail) => row(mail, now)),
  );

function contentOf(claimed: { to: string; template: string; sealedProps: string }): MailContent {
  const template = templates[claimed.template as TemplateName] as (to: string, props: unknown) => MailContent;
  if (!template) throw new Error(`Unknown mail template ${claimed.template}`);
  const json = openSecret({
    key: env().credentialEncryptionKey,
    sealed: claimed.sealedProps,
    context: sealContext(claimed.to, claimed.template),
  });
  // Dates went in as ISO instants; nothing else a template takes looks like one.
  const props: unknown = JSON.parse(json, (_key, value: unknown) =>
    typeof value === "string" && ISO_INSTANT.test(value) ? new Date(value) : value,
  );
  return template(claimed.to, props);
}

/**
 * Sends what is due, oldest first per recipient, and answers how many went and how many failed. A transport failure
 * is audited (as `failureType`) and tried again later, or given up once out of attempts or past `expiresAt`; any
 * other error is logged and the mail given up, so one bad row never blocks its recipient's later mail.
 */
export async function deliverQueuedMail(now: Date): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  for (let run = 0; run < MAX_PER_RUN; run++) {
    const claimed = await claimNextMail(now);
    if (!claimed) break;
    const expired = claimed.expiresAt !== null && new Date(claimed.expiresAt) <= now;
    try {
      if (expired || !claimed.sealedProps) throw new MailError("expired before it could be sent");
      await sendMail(contentOf({ ...claimed, sealedProps: claimed.sealedProps }));
      await markSent(claimed.id, now);
      sent++;
    } catch (error) {
      failed++;
      const delay = error instanceof MailError && !expired ? RETRY_DELAYS_MS[claimed.attempts - 1] : undefined;
      if (!(error instanceof MailError)) {
        log.error({ event: "mail.queue-failed", id: claimed.id, err: error }, "a queued mail could not be built");
      }
      await markAttemptFailed(claimed.id, {
        now,
        retryAt: delay === undefined ? null : new Date(now.getTime() + delay),
      });
      if (claimed.failureType) {
        await recordAudit({
          type: claimed.failureType,
          customerId: claimed.customerId,
          changeId: claimed.changeId,
          detail: { attempt: claimed.attempts, retrying: delay !== undefined },
        });
      }
    }
  }
  return { sent, failed };
}
