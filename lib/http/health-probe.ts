// The health answer: one probe of the database at a time, its result kept for a second, so a flood of health requests
// costs one query a second. The answer never moves the outage state pages use (lib/http/db-availability.ts): only the
// app's own queries do, so a public request can neither put the instance into its outage mode nor take it out.
import { sql } from "drizzle-orm";
import { getDb } from "@/db";

const KEEP_MS = 1_000;
const TIMEOUT_MS = 3_000;

type Probe = { ok: boolean; at: number; error?: unknown };

const holder = globalThis as typeof globalThis & {
  __selfcareHealthProbe?: { last?: Probe; running?: Promise<Probe> };
};
const state = (holder.__selfcareHealthProbe ??= {});

async function probe(): Promise<Probe> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const db = await getDb();
    await Promise.race([
      db.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("database timeout")), TIMEOUT_MS);
      }),
    ]);
    return { ok: true, at: Date.now() };
  } catch (error) {
    return { ok: false, at: Date.now(), error };
  } finally {
    // Without this every answered probe leaves a three-second timer behind.
    clearTimeout(timer);
  }
}

/** The last probe when it is under a second old; otherwise the probe running now, or a new one. */
export async function databaseHealth(): Promise<{ probe: Probe; fresh: boolean }> {
  if (state.last && Date.now() - state.last.at < KEEP_MS) return { probe: state.last, fresh: false };
  if (state.running) return { probe: await state.running, fresh: false };
  state.running = probe().then((result) => {
    state.last = result;
    state.running = undefined;
    return result;
  });
  return { probe: await state.running, fresh: true };
}
