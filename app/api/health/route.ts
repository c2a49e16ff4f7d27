import { UNAVAILABLE_HOLD_SECONDS } from "@/lib/http/db-availability";
import { databaseHealth } from "@/lib/http/health-probe";
import { log } from "@/lib/server/log";

/** 200 when the database answered the last probe (at most a second old), 503 otherwise. */
export async function GET(request: Request) {
  const { probe, fresh } = await databaseHealth();
  if (probe.ok) return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  // One log line per probe, not per request: a flood of health requests writes no flood of lines.
  if (fresh) {
    const requestId = request.headers.get("x-request-id") ?? undefined;
    log.warn(
      { event: "health.database-unreachable", requestId, err: probe.error },
      "database did not answer the health probe",
    );
  }
  return Response.json(
    { ok: false },
    { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": String(UNAVAILABLE_HOLD_SECONDS) } },
  );
}
