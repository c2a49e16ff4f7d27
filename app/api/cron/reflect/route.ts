import { now } from "@/lib/clock";
import { isCronAuthorized } from "@/lib/cron-auth";
import { env } from "@/lib/env";
import { runScheduledWork } from "@/lib/maintenance";

/** Vercel Cron calls this every minute; it applies every due change and answers a summary. */
export async function GET(request: Request) {
  if (!isCronAuthorized(request.headers.get("authorization"), env().cronSecret)) {
    return Response.json({ error: "unauthorized" }, { status: 401, headers: { "WWW-Authenticate": "Bearer" } });
  }
  const summary = await runScheduledWork(now());
  return Response.json({ ok: true, ...summary }, { headers: { "Cache-Control": "no-store" } });
}
