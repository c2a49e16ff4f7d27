import { now } from "@/lib/server/clock";
import { isCronAuthorized } from "@/lib/http/request-secrets";
import { env } from "@/lib/env";
import { runScheduledWork } from "@/lib/server/scheduled-work";
import { secondsUntil, takeOne } from "@/lib/rate-limit";
import { requestMeta } from "@/lib/http/current-request";

/**
 * Vercel Cron calls this every minute; it applies every due change and answers a summary. The secret is checked
 * first: the right one always runs the job, so guessers sharing the scheduler's address cannot stop reflections;
 * only failures are counted and throttled.
 */
export async function GET(request: Request) {
  const at = now();
  if (isCronAuthorized({ authorization: request.headers.get("authorization"), secret: env().cronSecret })) {
    const summary = await runScheduledWork(at);
    return Response.json({ ok: true, ...summary }, { headers: { "Cache-Control": "no-store" } });
  }
  const { ip } = await requestMeta();
  // A locked-out guesser stops getting answers about its guesses.
  const failure = await takeOne("cronFailuresPerIp", ip, at);
  if (!failure.taken) {
    const headers = { "Retry-After": String(secondsUntil({ retryAt: failure.retryAt!, now: at })) };
    return Response.json({ error: "too many attempts" }, { status: 429, headers });
  }
  return Response.json({ error: "unauthorized" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
}
