// Development only: apply due changes every minute so a newcomer sees pending → reflected without a scheduler.
import { now } from "@/lib/server/clock";
import { log } from "@/lib/server/log";
import { runScheduledWork } from "@/lib/server/scheduled-work";

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
