// The alert on a distributed password-guessing flood against one line: each address stays under the registrar's bans
// (drizzle/0007: 10 wrong in 15 minutes per line and address), yet together they give the line many guesses. Its
// threshold, its window and how the page and the mail state them live here, once.
import type { GuessTotal } from "@/db/queries/line-activity";

const HOUR = 60 * 60_000;

/**
 * 100 wrong passwords on one line in 24 hours, summed over every address. 100 is NIST SP 800-63B's ceiling on
 * consecutive failed attempts against one account; 24 hours is the notice's own cadence (once a day per line) and the
 * console's other attack filter. Constants, not environment: the registrar's ban rules are fixed in SQL as well, and
 * the page, the mail and the tests state this one boundary.
 */
export const GUESS_ALERT = { threshold: 100, windowMs: 24 * HOUR } as const;

export type GuessPolicy = { threshold: number; windowMs: number };

/** A line's total reaches the alert at the threshold itself: 99 is not an alert, 100 is. */
export function isGuessFlood(total: Pick<GuessTotal, "wrong">, policy: GuessPolicy = GUESS_ALERT): boolean {
  return total.wrong >= policy.threshold;
}

/** The window in words: 「24時間」, or 「7日間」 for whole days beyond a day. */
export function describeGuessWindow({ windowMs }: Pick<GuessPolicy, "windowMs">): string {
  const hours = windowMs / HOUR;
  if (hours > 24 && hours % 24 === 0) return `${hours / 24}日間`;
  return `${Math.round(hours)}時間`;
}

/** The policy as a sentence's part: 「24時間に100回以上」. */
export function describeGuessPolicy(policy: GuessPolicy = GUESS_ALERT): string {
  return `${describeGuessWindow(policy)}に${policy.threshold}回以上`;
}
