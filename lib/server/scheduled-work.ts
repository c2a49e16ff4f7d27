// The periodic work behind the cron endpoint, the admin button and the development loop.
import { wipeExpiredSecrets } from "@/db/queries/reflection";
import { sweepHits } from "@/db/queries/rate-limits";
import { forgetStaleRegistrations } from "@/db/queries/sip-credentials";
import { forgetOldAttempts } from "@/db/queries/line-activity";
import { sendLineNotices } from "@/lib/registrar/line-activity";
import { getDb } from "@/db";
import { LONGEST_WINDOW_MS, takeOne } from "@/lib/rate-limit";
import { applyDueChanges, type JobSummary } from "@/lib/changes/reflection-job";
import { sendRegistrationReminders } from "@/lib/registrar/reminders";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { forgetSettledMail } from "@/db/queries/mail-queue";
import { forgetOldWebauthnState } from "@/db/queries/passkeys";
import { forgetOldImportRows, wipeOldImportContent } from "@/db/queries/provisioning-imports";
import { sweepProvisioningRequests } from "@/db/queries/provisioning-requests";
import { IDEMPOTENCY_RETENTION_MS } from "@/lib/provisioning/api/serve";
import { expireDueApprovals } from "@/lib/operators/approvals";
import { runInternationalWork } from "@/lib/calls/international";
import { env } from "@/lib/env";
import { ageCallRecords } from "@/lib/calls/retention";

/** The registrar's records of failed authentications and bans are kept this long. */
const ATTEMPT_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** A queued mail's row (its props wiped once it went or was given up) is kept this long. */
const SETTLED_MAIL_RETENTION_MS = 7 * 24 * 60 * 60_000;

/** A console import's per-row results and rejected rows file are kept this long (docs/provisioning.md). */
const IMPORT_ROWS_RETENTION_MS = 30 * 24 * 60 * 60_000;

/** A failed change's sealed secret is kept this long for an admin's retry, then wiped. */
export const FAILED_SECRET_RETENTION_MS = 7 * 24 * 60 * 60_000;

/**
 * Vercel runs cron jobs for production deployments only. A preview applies due changes from its own page views
 * instead (after the answer has gone out), at most once a minute, besides the admin's button.
 */
export async function sweepPreview(now: Date): Promise<void> {
  if ((await takeOne("previewSweeps", "deployment", now)).taken) await runScheduledWork(now);
}

export async function runScheduledWork(now: Date): Promise<
  JobSummary & {
    sweptRateLimits: number;
    wipedSecrets: number;
    reminded: number;
    forgotRegistrations: number;
    lineNotices: number;
    forgotAttempts: number;
    international: { burstMails: number; idleOff: number };
    mail: { sent: number; failed: number };
    callRecords: { carried: number; deleted: number; deletedCdrs: number };
  }
> {
  const summary = await applyDueChanges(now);
  const reminded = await sendRegistrationReminders(now);
  const wipedSecrets = await wipeExpiredSecrets(new Date(now.getTime() - FAILED_SECRET_RETENTION_MS));
  // Buckets older than the longest window no longer count towards any limit.
  const sweptRateLimits = await sweepHits(new Date(now.getTime() - LONGEST_WINDOW_MS));
  // The registrar forgets them itself before routing a call; this keeps the table and the pages tidy.
  const forgotRegistrations = await forgetStaleRegistrations(await getDb());
  const lineNotices = await sendLineNotices(now);
  const forgotAttempts = await forgetOldAttempts(ATTEMPT_RETENTION_MS);
  // 「国際電話の利用」: the velocity rule's stops told to their customers once, idle lines turned off (their mail below).
  // Each line's latest international call is carried over from the records (before those older than
  // CALL_RECORD_DAYS go) ahead of the idle turn-off, so a line that called while the work was not running is not
  // turned off as idle.
  const callRecords = await ageCallRecords(now);
  const international = await runInternationalWork({ now, idleMonths: env().internationalIdleMonths });
  // Mail whose send failed after a request's answer, tried again (and what the job itself queued).
  const mail = await deliverQueuedMail(now);
  await forgetSettledMail(new Date(now.getTime() - SETTLED_MAIL_RETENTION_MS));
  // Spent passkey challenges and step-ups: each is good for minutes, kept a day for the record.
  await forgetOldWebauthnState(new Date(now.getTime() - 24 * 60 * 60_000));
  // A console import's uploaded file (customers' names and addresses) is kept a day at most, applied or not.
  await wipeOldImportContent(new Date(now.getTime() - 24 * 60 * 60_000));
  // Its per-row results and rejected rows (names, addresses) long enough to fix and resend them, then only counts.
  await forgetOldImportRows(new Date(now.getTime() - IMPORT_ROWS_RETENTION_MS));
  // Idempotency-Key answers hold initial passwords (sealed): kept only as long as a retry is plausible.
  await sweepProvisioningRequests(new Date(now.getTime() - IDEMPOTENCY_RETENTION_MS));
  // A request no second admin decided within 24 hours can no longer be approved (the decision checks the time
  // itself); this says so on the page and in the trail.
  await expireDueApprovals(now);
  return {
    ...summary,
    sweptRateLimits,
    wipedSecrets,
    reminded,
    forgotRegistrations,
    lineNotices,
    forgotAttempts,
    international,
    mail,
    callRecords,
  };
}
