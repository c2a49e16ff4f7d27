// A line's 「発着信履歴」: which calls it shows (the last 90 days of Japan's calendar, never from before the line was its
// owner's nor after it ended) and one page of them, newest first.
import { listLineCalls, type CallPosition, type CallRecord } from "@/db/queries/call-records";
import { describeOutcome, type CallOutcome } from "./call-labels";

export const HISTORY_DAYS = 90;

const DAY_MS = 24 * 60 * 60_000;
// Japan has no daylight saving time: a fixed +09:00 finds its midnights whatever the server's zone.
const JST_OFFSET_MS = 9 * 60 * 60_000;

/**
 * Where the history starts: 0:00 Japan time, 89 days before today in Japan. Today and the 89 days before it are the
 * 90 days a customer counts on a calendar, and the page names that first day. It is always less than 90×24 hours
 * ago, so records kept CALL_RECORD_DAYS (at least 90) cover the whole of it.
 */
export function historyStart(now: Date): Date {
  const today = Math.floor((now.getTime() + JST_OFFSET_MS) / DAY_MS) * DAY_MS - JST_OFFSET_MS;
  return new Date(today - (HISTORY_DAYS - 1) * DAY_MS);
}

/** A line as its history needs it: its number, and when it was created and (if it has) ended. */
export type HistoryLine = { number: string; createdAt: Date; terminatedAt: Date | null };

export type HistoryCall = CallRecord & { outcome: CallOutcome };

/**
 * One page of the line's calls within its history (`limit` rows, and where the next page starts, if there is one).
 * The number's earlier or later owners' calls are outside it: it starts no earlier than the line was created and ends
 * when the line did.
 */
export async function lineHistory({
  line,
  now,
  before,
  limit,
}: {
  line: HistoryLine;
  now: Date;
  before?: CallPosition;
  limit: number;
}): Promise<{ start: Date; calls: HistoryCall[]; next: CallPosition | null }> {
  const start = historyStart(now);
  const from = line.createdAt > start ? line.createdAt : start;
  const rows = await listLineCalls({ number: line.number, from, until: line.terminatedAt, before, limit: limit + 1 });
  const calls = rows.slice(0, limit).map((call) => ({ ...call, outcome: describeOutcome(call) }));
  const last = calls.at(-1);
  return { start, calls, next: rows.length > limit && last ? { at: last.at, id: last.id } : null };
}
