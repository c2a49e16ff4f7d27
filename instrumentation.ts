// Runs once when a server process starts: a bad environment stops it here with a message naming the variable, the
// mode is stated once, every console line becomes a structured log line, an empty embedded database gets the demo
// data, and in development a loop applies due changes every minute (production uses Vercel Cron).
// `onRequestError` logs each failed request once, with its request id.
import type { Instrumentation } from "next";

export async function register() {
  // NEXT_RUNTIME is set by Next.js itself, not configuration, so it is read here rather than in lib/env.ts.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { env, hasDemoData } = await import("./lib/env");
  const { log, routeConsoleToLog } = await import("./lib/log");
  routeConsoleToLog();
  try {
    env();
  } catch (error) {
    // A server that cannot tell its mode must not serve anything: stop here, naming what is wrong.
    log.fatal({ event: "app.refused", err: error }, error instanceof Error ? error.message : "invalid environment");
    process.exit(1);
  }
  const { stampPeerAddresses } = await import("./lib/peer-address");
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
  if (!databaseUrl && hasDemoData(mode)) {
    const [{ getDb }, { seedIfEmpty }] = await Promise.all([import("./db"), import("./lib/demo-data")]);
    await seedIfEmpty(await getDb());
  }
  if (mode !== "development") return;
  const { startDevelopmentLoop } = await import("./lib/dev-loop");
  startDevelopmentLoop();
}
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { log } = await import("./lib/log");
  const { isConnectionError, markDatabaseUnavailable } = await import("./lib/db-availability");
  const databaseDown = isConnectionError(error);
  // The proxy answers the next requests with the 503 page instead of failing each one against a dead database.
  if (databaseDown) markDatabaseUnavailable();
  const requestId = request.headers["x-request-id"];
  log.error(
    {
      event: databaseDown ? "request.database-unavailable" : "request.failed",
      requestId: typeof requestId === "string" ? requestId : undefined,
      method: request.method,
      path: request.path.split("?")[0],
      route: context.routePath,
      routeType: context.routeType,
      err: error,
    },
    "request failed",
  );
};
