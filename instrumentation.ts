// Runs once when a server process starts (lib/server/startup.ts does the work on Node.js). `onRequestError` logs each
// failed request once, with its request id.
import type { Instrumentation } from "next";

export async function register() {
  // NEXT_RUNTIME is set by Next.js itself, not configuration, so it is read here rather than in lib/env.ts.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServerProcess } = await import("./lib/server/startup");
  await startServerProcess();
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isClientAbort, log } = await import("./lib/server/log");
  const { isConnectionError, markDatabaseUnavailable } = await import("./lib/http/db-availability");
  const requestId = request.headers["x-request-id"];
  const where = {
    requestId: typeof requestId === "string" ? requestId : undefined,
    method: request.method,
    path: request.path.split("?")[0],
  };
  // The browser left before its post had arrived (a navigation cut off a pending action): nothing failed here.
  if (isClientAbort(error)) {
    log.info({ event: "request.client-aborted", ...where }, "the client went away before its request had arrived");
    return;
  }
  const databaseDown = isConnectionError(error);
  // The proxy answers the next requests with the 503 page instead of failing each one against a dead database.
  if (databaseDown) markDatabaseUnavailable();
  log.error(
    {
      event: databaseDown ? "request.database-unavailable" : "request.failed",
      ...where,
      route: context.routePath,
      routeType: context.routeType,
      err: error,
    },
    "request failed",
  );
};
