// Secrets presented in request headers, compared in constant time: the scheduler's bearer secret and the test
// run's secret. Both sides are hashed first, so neither the length nor the content leaks through timing.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

function sameSecret({ given, expected }: { given: string | null; expected: string | undefined }): boolean {
  if (!given || !expected) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

/** Vercel Cron's convention: `Authorization: Bearer $CRON_SECRET`. */
export function isCronAuthorized({ authorization, secret }: { authorization: string | null; secret: string }): boolean {
  return sameSecret({ given: authorization, expected: `Bearer ${secret}` });
}

/** The header that carries the test run's secret (TEST_SECRET) to the test routes and the test-mode mailbox. */
export const TEST_SECRET_HEADER = "x-test-secret";

/** Only in test mode, and only with this run's secret: a misplaced TEST_MODE alone opens nothing. */
export function isTestRequest(headers: Headers, testSecret: string | undefined): boolean {
  return sameSecret({ given: headers.get(TEST_SECRET_HEADER), expected: testSecret });
}
