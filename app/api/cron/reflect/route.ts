import { now } from "@/lib/clock";
import { isCronAuthorized } from "@/lib/cron-auth";
import { env } from "@/lib/env";
import { runScheduledWork } from "@/lib/maintenance";
import { checkLimit, hitLimit, policies } from "@/lib/rate-limit";
import { requestMetaFrom } from "@/lib/request-meta";

const failureKey = (ip: string) => `cron-fail:ip:${ip}`;

/** Vercel Cron calls this every minute; it applies every due change and answers a summary. */
export async function GET(request: Request) {
  const at = now();
  const key = failureKey(requestMetaFrom(request.headers).ip);
  // Checked before the secret, so a client guessing it stops getting answers about its guesses.
  const state = await checkLimit(key, policies.cronFailuresPerIp, at);
  if (state.limited) {
    const seconds = Math.max(1, Math.ceil((state.retryAt!.getTime() - at.getTime()) / 1000));
    return Response.json({ error: "too many attempts" }, { status: 429, headers: { "Retry-After": String(seconds) } });
  }
  if (!isCronAuthorized(request.headers.get("authorization"), env().cronSecret)) {
    await hitLimit(key, at);
    return Response.json({ error: "unauthorized" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  const summary = await runScheduledWork(at);
  return Response.json({ ok: true, ...summary }, { headers: { "Cache-Control": "no-store" } });
}
