// The periodic work behind the cron endpoint, the admin button and the development loop.
import { sweepHits } from "@/db/queries/rate-limits";
import { applyDueChanges, type JobSummary } from "@/lib/reflection-job";

const DAY_MS = 24 * 60 * 60 * 1000;

export async function runScheduledWork(now: Date): Promise<JobSummary & { sweptRateLimits: number }> {
  const summary = await applyDueChanges(now);
  // No limit looks back further than an hour; a day keeps the audit of recent throttling readable.
  const sweptRateLimits = await sweepHits(new Date(now.getTime() - DAY_MS));
  return { ...summary, sweptRateLimits };
}
