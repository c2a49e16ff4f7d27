// Japan time as people read it, whatever the server's zone (Vercel runs in UTC): every page, email and export
// formats times here.

const MINUTE_MS = 60 * 1000;

const jstParts = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  hourCycle: "h23",
});

const jstSecondParts = new Intl.DateTimeFormat("ja-JP", {
  timeZone: "Asia/Tokyo",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

function partsOf(date: Date, format = jstParts) {
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  return parts as Record<"year" | "month" | "day" | "hour" | "minute" | "second", string>;
}

/** `2026年11月25日 0:30` in Japan time, to the minute: seconds are dropped, as a clock shows them. */
export function formatJst(date: Date): string {
  const p = partsOf(date);
  return `${p.year}年${p.month}月${p.day}日 ${Number(p.hour)}:${p.minute}`;
}

/** `2026年11月24日 17:30:05` in Japan time, to the second: when a call was made (「発着信履歴」). */
export function formatJstSeconds(date: Date): string {
  const p = partsOf(date, jstSecondParts);
  return `${p.year}年${p.month}月${p.day}日 ${Number(p.hour)}:${p.minute}:${p.second.padStart(2, "0")}`;
}

/** `17:30` in Japan time. */
export function formatJstTime(date: Date): string {
  const p = partsOf(date);
  return `${Number(p.hour)}:${p.minute}`;
}

/**
 * A time someone has to wait for (a lock's end, the next resend), rounded up to the minute first: dropping its
 * seconds would name a minute at which the wait is not yet over.
 */
export function formatJstWait(date: Date): string {
  return formatJst(new Date(Math.ceil(date.getTime() / MINUTE_MS) * MINUTE_MS));
}

/** `2026年11月24日`: the date alone in Japan time (a letter's date of issue). */
export function formatJstDate(date: Date): string {
  const p = partsOf(date);
  return `${p.year}年${p.month}月${p.day}日`;
}
