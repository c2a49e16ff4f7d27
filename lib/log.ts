// Structured logs: one JSON line per event on stdout, with credentials, query parameters and connection strings removed.
import { format } from "node:util";
import pino from "pino";

const CREDENTIAL_URL = /\b[a-z][a-z0-9+.-]*:\/\/[^\s/@]+@[^\s"']+/gi;
// drizzle puts a failed statement's parameters (hashes, tokens, sealed secrets) into the error message.
const QUERY_PARAMS = /\bparams: [^\n]*/g;
const BEARER = /\bBearer\s+[^\s"']+/gi;

/** Removes what must never reach a log line, whatever wrote it. */
export function scrub(text: string): string {
  return text
    .replace(CREDENTIAL_URL, "[redacted-url]")
    .replace(QUERY_PARAMS, "params: [redacted]")
    .replace(BEARER, "Bearer [redacted]");
}

type ErrorLike = { name?: string; message?: string; code?: unknown; digest?: unknown; stack?: string; cause?: unknown };

function serializeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: scrub(String(error)) };
  const { name, message, code, digest, stack, cause } = error as ErrorLike;
  return {
    type: name,
    message: scrub(message ?? ""),
    ...(code !== undefined ? { code } : {}),
    ...(digest !== undefined ? { digest } : {}),
    ...(stack ? { stack: scrub(stack) } : {}),
    ...(cause !== undefined && depth < 3 ? { cause: serializeError(cause, depth + 1) } : {}),
  };
}

export const log = pino({
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  serializers: { err: (error: unknown) => serializeError(error) },
  // Field names that could carry a secret are blanked wherever they appear in a logged object.
  redact: {
    paths: [
      "password",
      "*.password",
      "currentPassword",
      "newPassword",
      "code",
      "secret",
      "cookie",
      "authorization",
      "*.cookie",
      "*.authorization",
    ],
    censor: "[redacted]",
  },
});

/**
 * Sends everything written to the console (Next.js's own messages included) through the structured logger,
 * so the whole process speaks one JSON line per event and nothing bypasses the scrubbing.
 */
export function routeConsoleToLog(): void {
  const to =
    (level: "info" | "warn" | "error") =>
    (...args: unknown[]) => {
      const err = args.find((arg) => arg instanceof Error);
      log[level](
        { ...(err ? { err } : {}) },
        scrub(format(...args.map((arg) => (arg instanceof Error ? arg.message : arg)))),
      );
    };
  console.log = to("info");
  console.info = to("info");
  console.warn = to("warn");
  console.error = to("error");
}
