// What a server process does once, before it serves anything (called from instrumentation.ts on Node.js only): a
// bad environment stops it here with a message naming the variable, the mode is stated once, every console line
// becomes a structured log line, the TCP peer is stamped on each request, a preview refuses any database but a demo
// one, an empty embedded database gets the demo data, and in development a loop applies due changes every minute
// (production uses Vercel Cron).
import { env, hasDemoData } from "@/lib/env";
import { log, routeConsoleToLog } from "@/lib/server/log";
import { stampPeerAddresses } from "@/lib/http/peer-address";

export async function startServerProcess(): Promise<void> {
  routeConsoleToLog();
  try {
    env();
  } catch (error) {
    // A server that cannot tell its mode must not serve anything: stop here, naming what is wrong.
    log.fatal({ event: "app.refused", err: error }, error instanceof Error ? error.message : "invalid environment");
    process.exit(1);
  }
  stampPeerAddresses();
  const { mode, databaseUrl, clientAddress, resendApiKey } = env();
  log.info(
    {
      event: "app.start",
      mode,
      database: databaseUrl ? "postgres" : "pglite",
      mail: mode === "preview" ? "example domains captured" : resendApiKey ? "resend" : "outbox",
      clientAddress: clientAddress.kind,
    },
    `starting in ${mode} mode`,
  );
  if (mode === "preview") await refuseForeignPreviewDatabase();
  if (!databaseUrl && hasDemoData(mode)) {
    const [{ getDb }, { seedIfEmpty }] = await Promise.all([import("@/db"), import("@/lib/demo-data")]);
    await seedIfEmpty(await getDb());
  }
  if (mode !== "development") return;
  const { startDevelopmentLoop } = await import("@/lib/server/dev-loop");
  startDevelopmentLoop();
}

/**
 * A preview serves only the database its build made for it: marked as a demo database and holding demo data only. A
 * branch of production, or a database shared with it, stops the start before anyone can sign in.
 */
async function refuseForeignPreviewDatabase(): Promise<void> {
  const [{ getDb }, { demoRefusal }] = await Promise.all([import("@/db"), import("@/lib/demo-data")]);
  const refusal = await demoRefusal(await getDb(), { forPreview: true });
  if (!refusal) return;
  log.fatal({ event: "app.refused", reason: refusal }, `a preview serves demo data only: ${refusal}`);
  process.exit(1);
}
