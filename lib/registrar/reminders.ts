// One reminder per reflected change whose device has not registered with the new password some time after the
// reflection (REGISTRATION_REMINDER_MINUTES), when a registrar reports registrations (REGISTRATION_CHECK=on).
import { recordAudit } from "@/db/queries/audit";
import { claimRegistrationReminders } from "@/db/queries/registrations";
import { env } from "@/lib/env";
import { sendMailOrRecord } from "@/lib/mail";
import { registrationReminderMail } from "@/lib/mail/templates/registration-reminder";

/** Changes reflected longer ago than this are never reminded about (switching the check on mails nobody old news). */
const REMINDER_LOOKBACK_MS = 3 * 24 * 60 * 60_000;

export async function sendRegistrationReminders(now: Date): Promise<number> {
  const { registrationCheck, registrationReminderMs } = env();
  if (!registrationCheck) return 0;
  const due = await claimRegistrationReminders(now, registrationReminderMs, REMINDER_LOOKBACK_MS);
  for (const reminder of due) {
    // Claimed is claimed: a reminder is a courtesy, sent once or not at all, never twice.
    const graceUntil = reminder.graceUntil && reminder.graceUntil > now ? reminder.graceUntil : null;
    const sent = await sendMailOrRecord(registrationReminderMail(reminder.email, { ...reminder, graceUntil }), {
      type: "change.mail-failed",
      changeId: reminder.changeId,
    });
    if (sent) await recordAudit({ type: "change.registration-reminded", changeId: reminder.changeId });
  }
  return due.length;
}
