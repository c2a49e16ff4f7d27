// The app's clock. Only the edges (actions, route handlers, the job) read it; everything else takes `now`.
import { env } from "../env";

const holder = globalThis as typeof globalThis & { __selfcareClockOffsetMs?: number };

export function now(): Date {
  return new Date(Date.now() + (holder.__selfcareClockOffsetMs ?? 0));
}

/**
 * Moves the app's clock so e2e tests can check reflection times at chosen instants.
 * Refused outside test mode, which lib/env.ts never grants on Vercel or on a database that is not a throwaway one.
 */
export function setTestClock(at: Date | null): void {
  if (env().mode !== "test") throw new Error("The test clock is available only in test mode.");
  holder.__selfcareClockOffsetMs = at ? at.getTime() - Date.now() : 0;
}
