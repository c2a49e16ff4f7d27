// The periodic work behind the cron endpoint, the admin button and the development loop.
import { sweepHits } from "@/db/queries/rate-limits";
import { LONGEST_WINDOW_MS } from "@/lib/rate-limit";
import { applyDueChanges, type JobSummary } from "@/lib/reflection-job";

export async function runScheduledWork(now: Date): Promise<JobSummary & { sweptRateLimits: number }> {
  const summary = await applyDueChanges(now);
  // Buckets older than the longest window no longer count towards any limit.
  const sweptRateLimits = await sweepHits(new Date(now.getTime() - LONGEST_WINDOW_MS));
  return { ...summary, sweptRateLimits };
}
