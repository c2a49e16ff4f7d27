import { sql } from "drizzle-orm";
import { getDb } from "@/db";

const TIMEOUT_MS = 3_000;

export async function GET() {
  let timer: NodeJS.Timeout | undefined;
  try {
    const db = await getDb();
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database timeout")), TIMEOUT_MS);
      }),
    ]);
    return Response.json({ ok: true }, { headers: { "Cache-Control": "no-store" } });
  } catch {
    return Response.json({ ok: false }, { status: 503, headers: { "Cache-Control": "no-store" } });
  } finally {
    // Without this every answered probe leaves a three-second timer behind.
    clearTimeout(timer);
  }
}
