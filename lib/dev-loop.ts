// Development only: apply due changes every minute so a newcomer sees pending → reflected without a scheduler.
import { now } from "@/lib/clock";
import { log } from "@/lib/log";
import { runScheduledWork } from "@/lib/maintenance";

const INTERVAL_MS = 60_000;
const holder = globalThis as typeof globalThis & { __selfcareDevLoop?: NodeJS.Timeout };

export function startDevelopmentLoop(): void {
  if (holder.__selfcareDevLoop) return;
  holder.__selfcareDevLoop = setInterval(async () => {
    try {
      const summary = await runScheduledWork(now());
      if (summary.reflected + summary.failed + summary.retrying > 0) {
        log.info({ event: "reflect.run", ...summary }, "reflection job ran");
      }
    } catch (error) {
      log.error({ event: "reflect.failed", err: error }, "reflection job failed");
    }
  }, INTERVAL_MS);
  holder.__selfcareDevLoop.unref();
}
