// Development only: apply due changes every minute so a newcomer sees pending → reflected without a scheduler.
import { now } from "@/lib/clock";
import { runScheduledWork } from "@/lib/maintenance";

const INTERVAL_MS = 60_000;
const holder = globalThis as typeof globalThis & { __selfcareDevLoop?: NodeJS.Timeout };

export function startDevelopmentLoop(): void {
  if (holder.__selfcareDevLoop) return;
  holder.__selfcareDevLoop = setInterval(async () => {
    try {
      const summary = await runScheduledWork(now());
      if (summary.reflected + summary.failed + summary.retrying > 0) {
        console.info(`[reflect] reflected ${summary.reflected}, retrying ${summary.retrying}, failed ${summary.failed}`);
      }
    } catch (error) {
      console.error(`[reflect] run failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, INTERVAL_MS);
  holder.__selfcareDevLoop.unref();
}
