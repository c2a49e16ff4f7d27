import { sql } from "drizzle-orm";
import { getDb } from "@/db";
import { UNAVAILABLE_HOLD_SECONDS, markDatabaseAvailable, markDatabaseUnavailable } from "@/lib/http/db-availability";
import { log } from "@/lib/server/log";

const TIMEOUT_MS = 3_000;

export async function GET(request: Request) {
  let timer: NodeJS.Timeout | undefined;
  try {
    const db = await getDb();
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database timeout")), TIMEOUT_MS);
      }),
    ]);
    markDatabaseAvailable();
    return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    markDatabaseUnavailable();
    const requestId = request.headers.get("x-request-id") ?? undefined;
    log.warn(
      { event: "health.database-unreachable", requestId, err: error },
      "database did not answer the health probe",
    );
    return Response.json(
      { ok: false },
      { status: 503, headers: { "Cache-Control": "no-store", "Retry-After": String(UNAVAILABLE_HOLD_SECONDS) } },
    );
  } finally {
    // Without this every answered probe leaves a three-second timer behind.
    clearTimeout(timer);
  }
}
