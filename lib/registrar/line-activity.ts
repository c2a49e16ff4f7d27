// 「機器の接続状況」: what the registrar knows of a customer's lines (REGISTRATION_CHECK=on), put as the customer reads
// it: the devices registered now and with which password, a device of theirs still trying a retired password, and
// strangers' attempts with the bans in force. And the two daily notices that follow from it.
import { recordAudit } from "@/db/queries/audit";
import {
  attemptsOn,
  bansOn,
  linesWithAttempts,
  registeredDevices,
  type AttemptSummary,
  type Ban,
  type Device,
} from "@/db/queries/line-activity";
import { env } from "@/lib/env";
import { sendMailOrRecord } from "@/lib/mail";
import { staleDeviceMail } from "@/lib/mail/templates/stale-device";
import { strangerAttemptsMail } from "@/lib/mail/templates/stranger-attempts";
import { takeOne } from "@/lib/rate-limit";

/** How far back the page and the notices look at failed attempts. */
const ATTEMPTS_WINDOW_MS = 7 * 24 * 60 * 60_000;
/** A retired password tried this recently means a device of the customer's is still trying it. */
const STALE_DEVICE_WINDOW_MS = 24 * 60 * 60_000;

export type LineActivity = {
  number: string;
  devices: Device[];
  /** Attempts with the line's retired password in the last day: the customer's own device, not updated. */
  staleDevice: AttemptSummary | null;
  /** Attempts with the password of a change not yet reflected in the last day: the customer's device, set too early. */
  earlyDevice: AttemptSummary | null;
  /** Strangers: wrong passwords and unknown users, in the window. */
  strangers: AttemptSummary | null;
  bans: Ban[];
};

/** Read on the database's clock, as the registrar writes these records. */
export async function lineActivity(numbers: string[]): Promise<LineActivity[]> {
  const [devices, attempts, bans] = await Promise.all([
    registeredDevices(numbers),
    attemptsOn(numbers, { windowMs: ATTEMPTS_WINDOW_MS, recentMs: STALE_DEVICE_WINDOW_MS }),
    bansOn(numbers),
  ]);
  return numbers.map((number) => {
    const of = (failureClass: AttemptSummary["class"]) =>
      attempts.find((row) => row.number === number && row.class === failureClass) ?? null;
    const previous = of("previous");
    const early = of("early");
    return {
      number,
      devices: devices.filter((device) => device.number === number),
      staleDevice: previous?.recent ? previous : null,
      earlyDevice: early?.recent ? early : null,
      strangers: of("wrong"),
      bans: bans.filter((ban) => ban.number === number || ban.number === null),
    };
  });
}

/** The notices look at the last hour: the scheduled work runs every minute, and a day's limit does the rest. */
const NOTICE_LOOKBACK_MS = 60 * 60_000;

/**
 * The scheduled work's notices: a customer hears of strangers' attempts on a line, and of a device still trying its
 * retired password, at most once a day per line each (a limit taken before sending, so concurrent runs send one).
 */
export async function sendLineNotices(now: Date): Promise<number> {
  if (!env().registrationCheck) return 0;
  let sent = 0;
  const kinds = [
    {
      failureClass: "wrong",
      limit: "strangerNoticesPerLine",
      mail: strangerAttemptsMail,
      type: "line.stranger-notice",
    },
    {
      failureClass: "previous",
      limit: "staleDeviceNoticesPerLine",
      mail: staleDeviceMail,
      type: "line.stale-device-notice",
    },
  ] as const;
  for (const kind of kinds) {
    for (const line of await linesWithAttempts(kind.failureClass, NOTICE_LOOKBACK_MS)) {
      if (!(await takeOne(kind.limit, line.number, now)).taken) continue;
      const mailed = await sendMailOrRecord(kind.mail(line.email, { name: line.name, number: line.number }), {
        customerId: line.customerId,
        type: "change.mail-failed",
      });
      if (mailed) {
        sent += 1;
        await recordAudit({ type: kind.type, customerId: line.customerId, detail: { number: line.number } });
      }
    }
  }
  return sent;
}
