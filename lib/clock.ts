// The app's clock. Only the edges (actions, route handlers, the job) read it; everything else takes `now`.
import { env } from "./env";

const holder = globalThis as typeof globalThis & { __selfcareClockOffsetMs?: number };

export function now(): Date {
  return new Date(Date.now() + (holder.__selfcareClockOffsetMs ?? 0));
}

/**
 * Moves the app's clock so e2e tests can check reflection times at chosen instants.
 * Refused unless TEST_MODE=1, which lib/env.ts refuses on every Vercel deployment.
 */
export function setTestClock(at: Date | null): void {
  if (!env().testMode) throw new Error("The test clock is available only with TEST_MODE=1.");
  holder.__selfcareClockOffsetMs = at ? at.getTime() - Date.now() : 0;
}
