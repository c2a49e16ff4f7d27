// A line's 「国際電話の利用」 (docs/architecture.md, "Toll fraud"): the customer turns it on (after a step-up) and off,
// an operator turns it off, the scheduled work turns it off after months without an international call and mails the
// customer of a burst the registrar stopped. Each change is audited and mailed once, with the change itself.
import type { Tx } from "@/db/client";
import type { InternationalOffReason, StepUpFactor } from "@/db/enums";
import { auditInsert, type AuditEvent } from "@/db/queries/audit";
import {
  claimBurstMails,
  ownsActiveLine,
  switchInternational,
  turnOffIdle,
  type SwitchedLine,
} from "@/db/queries/international";
import type { RequestMeta } from "@/lib/http/request-meta";
import { type Mail, queueMail } from "@/lib/mail/queue";
import type { InternationalChange } from "@/lib/mail/templates/international-changed";
import type { OperatorReason } from "@/lib/validation/operator-reason";

/**
 * The call control's caps and velocity rule as the pages state them: the defaults of deploy/kamailio/kamailio.cfg
 * (MAX_INTERNATIONAL_CALLS, INTERNATIONAL_MAX_SECONDS, INTERNATIONAL_BURST_ATTEMPTS and _MINUTES).
 */
export const INTERNATIONAL_POLICY = { concurrentCalls: 1, maxMinutes: 60, burstAttempts: 5, burstMinutes: 10 };

/** Why it is off, as the customer's page and the console say it (null: never turned on). */
export const internationalOffReasonNames: Record<InternationalOffReason, string> = {
  customer: "お客様がオフにしました",
  operator: "サポート窓口でオフにしました",
  inactivity: "長期間国際発信がなかったため自動でオフ",
  burst: "国際発信の異常を検知したため自動でオフ",
};

/**
 * The instant `months` calendar months before `now`, in Japan time (a line turned on 31 August is idle for six months
 * from the end of February): the day is kept, or the month's last day when it has fewer. Japan has no daylight saving
 * time, so fixed +09:00 arithmetic is exact.
 */
export function monthsBefore(now: Date, months: number): Date {
  const JST_MS = 9 * 60 * 60_000;
  const local = new Date(now.getTime() + JST_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() - months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    month,
    Math.min(local.getUTCDate(), lastDay),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - JST_MS);
}

const mailOf = (line: SwitchedLine, change: InternationalChange, at: Date, months?: number): Mail => ({
  template: "international-changed",
  to: line.email,
  props: { name: line.displayName, number: line.number, change, at, ...(months ? { months } : {}) },
  customerId: line.customerId,
  failureType: "change.mail-failed",
});

/** The audit row and the mail of one change, in the change's transaction. */
async function tell(tx: Tx, now: Date, events: AuditEvent[], mails: Mail[]) {
  await auditInsert(tx, events);
  await queueMail(tx, mails, now);
}

export type CustomerSwitch = { customerId: string; number: string; meta: RequestMeta; now: Date };
type CustomerOutcome = "done" | "unchanged" | "not-found";

/** After a switch that changed nothing: it was so already, or the number is not one of the customer's active lines. */
const unchangedOr = async (who: CustomerSwitch): Promise<CustomerOutcome> =>
  (await ownsActiveLine(who)) ? "unchanged" : "not-found";

/**
 * The customer turns it on: only with a step-up in the last five minutes (the factor is audited), only on their own
 * active line. Answers "unchanged" when it was on already (another tab got there first), "not-found" when the number
 * is not one of their active lines.
 */
export async function enableInternational({
  stepUp,
  ...who
}: CustomerSwitch & { stepUp: StepUpFactor | null }): Promise<CustomerOutcome | "step-up"> {
  if (!stepUp) return "step-up";
  const line = await switchInternational({
    number: who.number,
    customerId: who.customerId,
    on: true,
    now: who.now,
    alongside: (tx, line) =>
      tell(
        tx,
        who.now,
        [
          {
            ...who.meta,
            type: "international.enabled",
            customerId: who.customerId,
            detail: { number: line.number, factor: stepUp },
          },
        ],
        [mailOf(line, "enabled", who.now)],
      ),
  });
  return line ? "done" : unchangedOr(who);
}

/** The customer turns it off: one click, no step-up (it only takes a risk away), audited and mailed. */
export async function disableInternational(who: CustomerSwitch): Promise<CustomerOutcome> {
  const line = await switchInternational({
    number: who.number,
    customerId: who.customerId,
    on: false,
    offReason: "customer",
    now: who.now,
    alongside: (tx, line) =>
      tell(
        tx,
        who.now,
        [
          {
            ...who.meta,
            type: "international.disabled",
            customerId: who.customerId,
            detail: { number: line.number, by: "customer" },
          },
        ],
        [mailOf(line, "disabled", who.now)],
      ),
  });
  return line ? "done" : unchangedOr(who);
}

/** An operator turns it off (lines.international-off), with their reason and ticket; the customer is mailed. */
export async function disableInternationalByOperator({
  number,
  operator,
  why,
  meta,
  now,
}: {
  number: string;
  operator: { id: string; name: string };
  why: OperatorReason;
  meta: RequestMeta;
  now: Date;
}): Promise<"done" | "unchanged"> {
  const line = await switchInternational({
    number,
    on: false,
    offReason: "operator",
    now,
    alongside: (tx, line) =>
      tell(
        tx,
        now,
        [
          {
            ...meta,
            type: "international.disabled",
            customerId: line.customerId,
            operatorId: operator.id,
            detail: { number: line.number, by: "operator", operator: operator.name, ...why },
          },
        ],
        [mailOf(line, "operator-off", now)],
      ),
  });
  return line ? "done" : "unchanged";
}

/**
 * The scheduled work's part: the customer of every line the velocity rule stopped is mailed once (the registrar
 * audited the stop itself); every line with no international call for `idleMonths` is turned off, audited, mailed.
 */
export async function runInternationalWork({
  now,
  idleMonths,
}: {
  now: Date;
  idleMonths: number;
}): Promise<{ burstMails: number; idleOff: number }> {
  const bursts = await claimBurstMails({
    now,
    alongside: (tx, lines) =>
      queueMail(
        tx,
        lines.map((line) => mailOf(line, "burst", line.burstAt ?? now)),
        now,
      ),
  });
  const idle = await turnOffIdle({
    cutoff: monthsBefore(now, idleMonths),
    now,
    alongside: (tx, lines) =>
      tell(
        tx,
        now,
        lines.map((line) => ({
          type: "international.idle-off",
          customerId: line.customerId,
          detail: { number: line.number, months: idleMonths },
        })),
        lines.map((line) => mailOf(line, "idle-off", now, idleMonths)),
      ),
  });
  return { burstMails: bursts.length, idleOff: idle.length };
}
