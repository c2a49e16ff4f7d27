// Structured logs: one JSON line per event on stdout, with credentials, query parameters and connection strings removed.
import { format } from "node:util";
import pino from "pino";

// Secrets recognised by their shape, wherever they appear in a line: a field name may change, a shape does not.
const PATTERNS: [RegExp, string][] = [
  // Connection strings of every form: URLs with or without credentials, libpq key=value, environment assignments.
  [/\bpostgres(?:ql)?:\/\/[^\s"'\\]+/gi, "[redacted-url]"],
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s/@"'\\]+@[^\s"'\\]+/gi, "[redacted-url]"],
  [/\b(password|pgpassword)\s*=\s*[^\s"'\\]+/gi, "$1=[redacted]"],
  // drizzle puts a failed statement's parameters (hashes, tokens, sealed secrets) into the error message.
  [/\bparams: [^\n"\\]*/g, "params: [redacted]"],
  [/\b(Bearer|Basic)\s+[^\s"'\\]+/gi, "$1 [redacted]"],
  // argon2 hashes, sealed secrets (v1.iv.tag.body), JWT/JWE tokens.
  [/\$argon2(?:id|i|d)\$[^\s"'\\]+/g, "[redacted-hash]"],
  // Keyed hashes of generated passwords, and provisioning API keys.
  [/\$hmac-sha256\$[\w-]+/g, "[redacted-hash]"],
  [/\bscp_[\w-]{20,}/g, "[redacted-key]"],
  [/\bv1\.[\w-]{16}\.[\w-]{22}\.[\w-]+/g, "[redacted-sealed]"],
  [/\beyJ[\w-]+\.[\w.-]+/g, "[redacted-token]"],
  // Hex digests (ha1/ha1b, binding and code hashes) and long random tokens (binding, device); UUIDs are shorter.
  [/\b[0-9a-f]{32,}\b/gi, "[redacted-digest]"],
  [/(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[a-z])[\w-]{40,}(?![\w-])/gi, "[redacted-token]"],
  // A one-time code next to its name.
  [/\b(code|コード)(["':=\s]{1,4})\d{6}\b/gi, "$1$2[redacted]"],
];

/** Removes what must never reach a log line, whatever wrote it. */
export function scrub(text: string): string {
  return PATTERNS.reduce((line, [pattern, replacement]) => line.replace(pattern, replacement), text);
}

// Field names that may hold a secret, at any depth of a logged object.
const SECRET_FIELD = /pass(word)?|secret|token|cookie|authorization|^code$|cipher|hash|^ha1b?$|^key$/i;

function redactFields(value: unknown, depth = 0): unknown {
  // An error is left whole for its serializer (which scrubs it): taken apart by its own fields it had none left, and
  // every logged error read {"message":"[object Object]"}, without its message or stack.
  if (depth > 6 || value === null || typeof value !== "object" || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_FIELD.test(key) ? "[redacted]" : redactFields(item, depth + 1),
    ]),
  );
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

const options: pino.LoggerOptions = {
  base: undefined,
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: {
    level: (label) => ({ level: label }),
    log: (object) => redactFields(object) as Record<string, unknown>,
  },
  serializers: { err: (error: unknown) => serializeError(error) },
  // The last word: every line is scrubbed by shape as it is written, the message pino takes from an error included.
  hooks: { streamWrite: scrub },
};

/** The app's logger, writing to stdout; tests hand in a stream of their own. */
export function createLogger(destination?: pino.DestinationStream): pino.Logger {
  return destination ? pino(options, destination) : pino(options);
}

export const log = createLogger();

/**
 * Node's error for a request whose client went away before its body had all arrived: a navigation that cut off a
 * pending server action (a passkey ceremony's). Next.js's proxy buffers a post's body before the action runs, so
 * nothing ran; Next.js prints the error to the console and answers a socket that is already gone.
 */
export const isClientAbort = (error: unknown): boolean =>
  error instanceof Error &&
  error.message === "aborted" &&
  (error as ErrorLike).code === "ECONNRESET" &&
  // Made by the server's side of the socket: Node's HTTP client raises the same for an upstream answer cut short.
  /\babortIncoming \(node:_http_server/.test(error.stack ?? "");

/**
 * Sends everything written to the console (Next.js's own messages included) through the structured logger,
 * so the whole process speaks one JSON line per event and nothing bypasses the scrubbing. A client's abort is an
 * event, not a fault: it is logged as such, at info.
 */
export function routeConsoleToLog(logger: pino.Logger = log): void {
  const to =
    (level: "info" | "warn" | "error") =>
    (...args: unknown[]) => {
      const err = args.find((arg) => arg instanceof Error);
      if (isClientAbort(err)) {
        logger.info({ event: "request.client-aborted" }, "the client went away before its request had arrived");
        return;
      }
      logger[level](
        { ...(err ? { err } : {}) },
        scrub(format(...args.map((arg) => (arg instanceof Error ? arg.message : arg)))),
      );
    };
  console.log = to("info");
  console.info = to("info");
  console.warn = to("warn");
  console.error = to("error");
}
