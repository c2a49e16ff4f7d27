// 「機器の接続状況」: what the registrar knows of a customer's lines (REGISTRATION_CHECK=on), put as the customer reads
// it: the devices registered now and with which password, a device of theirs still trying a retired password, and
// strangers' attempts with the bans in force, and a guessing flood spread over many addresses. And the daily notices
// that follow from it.
import { recordAudit } from "@/db/queries/audit";
import {
  attemptsOn,
  bansOn,
  linesOverGuessThreshold,
  linesWithAttempts,
  registeredDevices,
  wrongGuessTotals,
  type AttemptSummary,
  type Ban,
  type Device,
  type GuessTotal,
} from "@/db/queries/line-activity";
import { env } from "@/lib/env";
import { sendMailOrRecord, type MailContent } from "@/lib/mail";
import { guessFloodMail } from "@/lib/mail/templates/guess-flood";
import { staleDeviceMail } from "@/lib/mail/templates/stale-device";
import { strangerAttemptsMail } from "@/lib/mail/templates/stranger-attempts";
import { takeOne, type LimitName } from "@/lib/rate-limit";
import type { AuditType } from "@/db/enums";
import { GUESS_ALERT, isGuessFlood } from "./guess-alert";

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
  /** Wrong passwords from every address in GUESS_ALERT's window, when they reach its threshold. */
  guessFlood: GuessTotal | null;
  bans: Ban[];
};

/** Read on the database's clock, as the registrar writes these records. */
export async function lineActivity(numbers: string[]): Promise<LineActivity[]> {
  const [devices, attempts, bans, floods] = await Promise.all([
    registeredDevices(numbers),
    attemptsOn(numbers, { windowMs: ATTEMPTS_WINDOW_MS, recentMs: STALE_DEVICE_WINDOW_MS }),
    bansOn(numbers),
    guessFloodsOn(numbers),
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
      guessFlood: floods.get(number) ?? null,
      bans: bans.filter((ban) => ban.number === number || ban.number === null),
    };
  });
}

/** The lines of `numbers` whose wrong passwords reach GUESS_ALERT, by number (the page, the console's rows). */
export async function guessFloodsOn(numbers: string[]): Promise<Map<string, GuessTotal>> {
  const totals = await wrongGuessTotals(numbers, GUESS_ALERT.windowMs);
  return new Map(totals.filter((total) => isGuessFlood(total)).map((total) => [total.number, total]));
}

/** The notices look at the last hour: the scheduled work runs every minute, and a day's limit does the rest. */
const NOTICE_LOOKBACK_MS = 60 * 60_000;

type NoticeLine = { number: string; customerId: string; email: string; name: string };
type Notice<Line extends NoticeLine> = {
  lines: () => Promise<Line[]>;
  limit: LimitName;
  mail: (line: Line) => MailContent;
  type: AuditType;
  detail?: (line: Line) => Record<string, number>;
};

/** One notice to each of its lines not told in the last day; answers how many went. */
async function sendNotice<Line extends NoticeLine>(notice: Notice<Line>, now: Date): Promise<number> {
  let sent = 0;
  for (const line of await notice.lines()) {
    if (!(await takeOne(notice.limit, line.number, now)).taken) continue;
    const mailed = await sendMailOrRecord(notice.mail(line), {
      customerId: line.customerId,
      type: "change.mail-failed",
    });
    if (mailed) {
      sent += 1;
      await recordAudit({
        type: notice.type,
        customerId: line.customerId,
        detail: { number: line.number, ...notice.detail?.(line) },
      });
    }
  }
  return sent;
}

/**
 * The scheduled work's notices: a customer hears of strangers' attempts on a line, of a device still trying its
 * retired password, and of a guessing flood on it, at most once a day per line each (a limit taken before sending,
 * so concurrent runs send one).
 */
export async function sendLineNotices(now: Date): Promise<number> {
  if (!env().registrationCheck) return 0;
  const strangers = await sendNotice(
    {
      lines: () => linesWithAttempts("wrong", NOTICE_LOOKBACK_MS),
      limit: "strangerNoticesPerLine",
      mail: (line) => strangerAttemptsMail(line.email, { name: line.name, number: line.number }),
      type: "line.stranger-notice",
    },
    now,
  );
  const staleDevices = await sendNotice(
    {
      lines: () => linesWithAttempts("previous", NOTICE_LOOKBACK_MS),
      limit: "staleDeviceNoticesPerLine",
      mail: (line) => staleDeviceMail(line.email, { name: line.name, number: line.number }),
      type: "line.stale-device-notice",
    },
    now,
  );
  const floods = await sendNotice(
    {
      lines: () => linesOverGuessThreshold({ ...GUESS_ALERT, recentMs: NOTICE_LOOKBACK_MS }),
      limit: "guessFloodNoticesPerLine",
      mail: ({ email, name, number, wrong, addresses }) => guessFloodMail(email, { name, number, wrong, addresses }),
      type: "line.guess-flood-notice",
      detail: (line) => ({ wrongPasswords: line.wrong, addresses: line.addresses }),
    },
    now,
  );
  return strangers + staleDevices + floods;
}
