// When a SIP password change reaches the call-control system, in Japan time: the provider's reflection-time table
// (docs/architecture.md §3).

import type { ServiceKind } from "@/db/enums";
import { formatJst, formatJstTime } from "@/lib/jst";

export type { ServiceKind } from "@/db/enums";
export type Reflection = { at: Date; mode: "within" | "batch" };

export const serviceNames: Record<ServiceKind, string> = {
  "ip-phone": "IP電話サービス",
  b2bua: "B2BUAサービス",
  "b2bua-opengate": "B2BUA OpenGateサービス",
};

// Japan has had no daylight saving time since 1951, so JST is always UTC+9 and fixed-offset arithmetic is exact.
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const MINUTE_MS = 60 * 1000;

const WITHIN_MINUTES = 15;
/** Requests from 2:00 up to 17:00 wait for the 17:30 batch (the provider's table). */
const DAYTIME_BATCH = { from: 2, until: 17 } as const;

/** The hour of the day (0–23) at which a request made in JST hour `hour` is reflected, plus whole days. */
function batchHour(hour: number): number {
  if (hour >= DAYTIME_BATCH.from && hour < DAYTIME_BATCH.until) return DAYTIME_BATCH.until;
  return hour + 1;
}

export function reflectionMode(service: ServiceKind): Reflection["mode"] {
  return service === "ip-phone" ? "within" : "batch";
}

export function reflectionTime(service: ServiceKind, requestedAt: Date): Reflection {
  const requested = requestedAt.getTime();
  if (reflectionMode(service) === "within") {
    // On a whole minute, at most 15 minutes on: the minute every screen shows is the instant itself, for customer
    // and admin alike, and "within 15 minutes" stays true.
    const at = Math.floor((requested + WITHIN_MINUTES * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
    return { at: new Date(at), mode: "within" };
  }
  const jst = requested + JST_OFFSET_MS;
  const jstMidnight = Math.floor(jst / (24 * HOUR_MS)) * 24 * HOUR_MS;
  const hour = Math.floor((jst - jstMidnight) / HOUR_MS);
  // batchHour(23) is 24: the next day's 0:30.
  const at = jstMidnight + batchHour(hour) * HOUR_MS + 30 * MINUTE_MS - JST_OFFSET_MS;
  return { at: new Date(at), mode: "batch" };
}

/** What the completion page and emails say: `2026年11月24日 17:30` or `15分以内（2026年11月24日 14:15 まで）`. */
export function describeReflection(reflection: Reflection): string {
  if (reflection.mode === "batch") return formatJst(reflection.at);
  return `${WITHIN_MINUTES}分以内（${formatJst(reflection.at)} まで）`;
}

/** The window in which the line cannot make or take calls: `14:00 ～ 17:30`. */
export function describeOutage(requestedAt: Date, reflection: Reflection): string {
  const end = reflection.at;
  const sameDay = formatJst(requestedAt).split(" ")[0] === formatJst(end).split(" ")[0];
  return `${formatJstTime(requestedAt)} ～ ${sameDay ? formatJstTime(end) : formatJst(end)}`;
}

type ScheduleRow = { requestedDuring: string; reflectedAt: string };
type Schedule = { services: ServiceKind[]; title: string; rows: ScheduleRow[] };

const hourLabel = (hour: number) => `${hour % 24}:00`;

/** The batch table, derived from the rule itself so the page can never disagree with reflectionTime(). */
function batchRows(): ScheduleRow[] {
  const rows: ScheduleRow[] = [];
  let start = 0;
  for (let hour = 1; hour <= 24; hour++) {
    if (hour === 24 || batchHour(hour) !== batchHour(start)) {
      rows.push({
        requestedDuring: `${hourLabel(start)}～${hourLabel(hour)}`,
        // The last batch of the day runs after midnight: 「翌0:30」, so nobody reads it as the same day's 0:30.
        reflectedAt: `${batchHour(start) >= 24 ? "翌" : ""}${batchHour(start) % 24}:30`,
      });
      start = hour;
    }
  }
  return rows;
}

export const reflectionSchedule: Schedule[] = [
  {
    services: ["ip-phone"],
    title: serviceNames["ip-phone"],
    rows: [{ requestedDuring: "随時", reflectedAt: `${WITHIN_MINUTES}分以内` }],
  },
  {
    services: ["b2bua", "b2bua-opengate"],
    title: `${serviceNames.b2bua}・${serviceNames["b2bua-opengate"]}`,
    rows: batchRows(),
  },
];
