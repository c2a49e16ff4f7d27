// The one place that reads process.env: validated with zod, the deployment mode decided once, and development
// defaults kept under DATA_DIR. Each mode gets exactly the powers it needs (docs/deploy.md).
import path from "node:path";
import { z } from "zod";
import { DEMO_SUPPORT, DEV_EMAIL_FROM, devSecrets, type DevSecrets, type SupportContact } from "./env-defaults";
import { describeDatabase, isThrowawayDatabase } from "./database-target";

export type { SupportContact } from "./env-defaults";

const optional = <T extends z.ZodType>(type: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), type.optional());

/** Exactly 32 bytes in canonical base64: a truncated or mistyped key is refused at start, never silently used. */
const key32 = z
  .string()
  .regex(/^[A-Za-z0-9+/]{43}=$/, "must be 32 random bytes, base64-encoded (44 characters ending in =)")
  .refine((value) => Buffer.from(value, "base64").toString("base64") === value, "is not canonical base64");

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  VERCEL_ENV: optional(z.enum(["production", "preview", "development"])),
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgres:// URL" })),
  DATA_DIR: optional(z.string()),
  AUTH_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  RESEND_API_KEY: optional(z.string()),
  RESEND_BASE_URL: optional(z.url()),
  EMAIL_FROM: optional(z.string().min(3)),
  CREDENTIAL_ENCRYPTION_KEY: optional(key32),
  CRON_SECRET: optional(z.string().min(16, "must be at least 16 characters")),
  TEST_MODE: optional(z.enum(["0", "1"])),
  TEST_SECRET: optional(z.string().min(16, "must be at least 16 characters")),
  SIP_DOMAIN: optional(z.string().regex(/^[a-z0-9.-]+$/i, "must be a domain name")),
  REGISTRATION_CHECK: optional(z.enum(["on", "off"])),
  REGISTRATION_REMINDER_MINUTES: optional(
    z.coerce
      .number()
      .int()
      .min(5)
      .max(24 * 60),
  ),
  PREVIOUS_PASSWORD_GRACE_HOURS: optional(
    z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 24),
  ),
  NUMBER_QUARANTINE_DAYS: optional(z.coerce.number().int().min(0).max(3650)),
  CALL_RECORD_DAYS: optional(z.coerce.number().int().min(90).max(3650)),
  INTERNATIONAL_IDLE_MONTHS: optional(z.coerce.number().int().min(1).max(24)),
  TRUSTED_PROXY_HOPS: optional(z.coerce.number().int().min(1).max(10)),
  CLIENT_IP_HEADER: optional(z.string().regex(/^[a-z0-9-]+$/i, "must be a header name")),
  SUPPORT_NAME: optional(z.string().min(2).max(60)),
  SUPPORT_PHONE: optional(z.string().regex(/^[0-9-]{10,13}$/, "must be a phone number such as 0120-000-050")),
  SUPPORT_HOURS: optional(z.string().min(2).max(60)),
  SUPPORT_URL: optional(z.url({ protocol: /^https?$/ })),
  /** The portal's own address: passkeys are bound to its host (the relying-party ID) and origin. */
  APP_URL: optional(z.url({ protocol: /^https?$/ })),
  // Set by Vercel: a preview's own host, and production's.
  VERCEL_BRANCH_URL: optional(z.string().regex(/^[a-z0-9.-]+$/i)),
  VERCEL_URL: optional(z.string().regex(/^[a-z0-9.-]+$/i)),
  VERCEL_PROJECT_PRODUCTION_URL: optional(z.string().regex(/^[a-z0-9.-]+$/i)),
  PORT: optional(z.coerce.number().int().min(1).max(65535)),
});

/**
 * - production: real customers. PostgreSQL and Resend required; no test route, mailbox or demo data, ever.
 * - preview: a Vercel preview deployment, tried by reviewers. Its own database with the demo data; mail to reserved
 *   example domains is captured for /dev/mailbox, mail to anyone else is suppressed.
 * - development: `next dev`, PGlite unless DATABASE_URL, demo data, the mailbox.
 * - test: the e2e run and the benchmark. Test routes behind a per-run secret; a throwaway database only.
 */
export type Mode = "production" | "preview" | "development" | "test";

/** Where the client's address comes from (docs/security.md). */
export type AddressSource =
  { kind: "vercel" } | { kind: "hops"; hops: number } | { kind: "header"; name: string } | { kind: "socket" };

export type Env = {
  mode: Mode;
  /** A production build (`next build` / `next start`): strict CSP, no development conveniences. */
  productionBuild: boolean;
  /** The per-run secret the test routes require in `x-test-secret` (test mode only). */
  testSecret: string | undefined;
  databaseUrl: string | undefined;
  dataDir: string;
  authSecret: string;
  resendApiKey: string | undefined;
  /** Resend's API origin; tests point it at a local fake. */
  resendBaseUrl: string | undefined;
  emailFrom: string;
  credentialEncryptionKey: Buffer;
  cronSecret: string;
  /** SIP domain and digest realm of the call-control system's subscriber table. */
  sipDomain: string;
  /**
   * Whether a registrar (Kamailio's usrloc) writes the `location` table this portal reads: only then do pages say
   * whether a device registered with the new password, and do reminders go out.
   */
  registrationCheck: boolean;
  /** How long after a reflection without a registration the customer is reminded, once. */
  registrationReminderMs: number;
  /**
   * A routine change's grace: how long after its reflection time the previous password still works, unless a device
   * registers with the new one sooner (docs/architecture.md, "Rotation").
   */
  previousPasswordGraceMs: number;
  /** How long a terminated line's number waits before another customer may have it (docs/provisioning.md). */
  numberQuarantineMs: number;
  /** CALL_RECORD_DAYS (default 180): how long call records are kept. */
  callRecordDays: number;
  /** INTERNATIONAL_IDLE_MONTHS (default 6): months without an international call before it turns itself off. */
  internationalIdleMonths: number;
  clientAddress: AddressSource;
  /** Who a stuck customer calls: shown on lockout, failure and error pages and in every email. */
  support: SupportContact;
  /** Whom passkeys are registered with (WebAuthn's relying party), or null where the portal's address is unknown. */
  relyingParty: RelyingParty | null;
};

/** The WebAuthn relying party: its ID is the portal's host, and assertions must come from its origin. */
export type RelyingParty = { id: string; origin: string; name: string };

class EnvError extends Error {
  override name = "EnvError";
}

type Vars = z.infer<typeof schema>;

function decideMode(vars: Vars, dataDir: string): Mode {
  if (vars.TEST_MODE === "1") {
    if (vars.VERCEL_ENV !== undefined) throw new EnvError("TEST_MODE must not be set on a Vercel deployment.");
    if (!vars.TEST_SECRET) throw new EnvError("TEST_MODE needs TEST_SECRET, the per-run secret of the test routes.");
    // In every build: the e2e run's seed empties the test mode's database, and its routes rewrite it.
    const database = vars.DATABASE_URL ? { url: vars.DATABASE_URL } : { dataDir };
    if (!isThrowawayDatabase(database)) {
      throw new EnvError(
        `TEST_MODE needs a throwaway database, and ${describeDatabase(database)} is not one: ` +
          "its name (or DATA_DIR's) must contain “test”.",
      );
    }
    return "test";
  }
  if (vars.VERCEL_ENV === "preview") return "preview";
  return vars.NODE_ENV === "production" ? "production" : "development";
}

const required: Record<Mode, (keyof Vars)[]> = {
  production: [
    "DATABASE_URL",
    "AUTH_SECRET",
    "CREDENTIAL_ENCRYPTION_KEY",
    "CRON_SECRET",
    "EMAIL_FROM",
    "RESEND_API_KEY",
    "SUPPORT_PHONE",
  ],
  preview: ["DATABASE_URL", "AUTH_SECRET", "CREDENTIAL_ENCRYPTION_KEY", "CRON_SECRET", "EMAIL_FROM"],
  development: [],
  test: [],
};

function addressSource(vars: Vars): AddressSource {
  if (vars.VERCEL_ENV !== undefined) return { kind: "vercel" };
  if (vars.CLIENT_IP_HEADER) return { kind: "header", name: vars.CLIENT_IP_HEADER.toLowerCase() };
  if (vars.TRUSTED_PROXY_HOPS) return { kind: "hops", hops: vars.TRUSTED_PROXY_HOPS };
  return { kind: "socket" };
}

/**
 * The portal's address, by mode: a preview its own (so its passkeys are its own, never production's), production
 * APP_URL or Vercel's production host, development and tests APP_URL or localhost. Only https, except on localhost.
 */
function relyingParty(vars: Vars, mode: Mode): RelyingParty | null {
  const vercelHost = (host: string | undefined) => (host ? `https://${host}` : undefined);
  const url =
    mode === "preview"
      ? vercelHost(vars.VERCEL_BRANCH_URL ?? vars.VERCEL_URL)
      : mode === "production"
        ? (vars.APP_URL ?? vercelHost(vars.VERCEL_PROJECT_PRODUCTION_URL))
        : (vars.APP_URL ?? `http://localhost:${vars.PORT ?? 3000}`);
  if (!url) return null;
  const parsed = new URL(url);
  if (parsed.protocol !== "https:" && parsed.hostname !== "localhost") {
    throw new EnvError("APP_URL must be https (passkeys work only on a secure origin), except on localhost.");
  }
  return { id: parsed.hostname, origin: parsed.origin, name: "IP加入電話 セルフケア" };
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const vars = parsed.data;
  const dataDir = path.resolve(/*turbopackIgnore: true*/ vars.DATA_DIR ?? ".data");
  const mode = decideMode(vars, dataDir);
  const missing = required[mode].filter((name) => vars[name] === undefined);
  if (missing.length > 0) {
    throw new EnvError(
      `Missing environment variable${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
        `(required in ${mode} mode; see .env.example).`,
    );
  }
  if (vars.CLIENT_IP_HEADER && vars.TRUSTED_PROXY_HOPS) {
    throw new EnvError("Set CLIENT_IP_HEADER or TRUSTED_PROXY_HOPS, not both: the client address has one source.");
  }

  const fallback = mode === "production" || mode === "preview" ? undefined : devSecrets(dataDir);
  const pick = (name: keyof DevSecrets) => (vars[name] ?? fallback?.[name]) as string;

  return {
    mode,
    productionBuild: vars.NODE_ENV === "production",
    testSecret: mode === "test" ? vars.TEST_SECRET : undefined,
    databaseUrl: vars.DATABASE_URL,
    dataDir,
    authSecret: pick("AUTH_SECRET"),
    resendApiKey: vars.RESEND_API_KEY,
    resendBaseUrl: vars.RESEND_BASE_URL,
    emailFrom: vars.EMAIL_FROM ?? DEV_EMAIL_FROM,
    credentialEncryptionKey: Buffer.from(pick("CREDENTIAL_ENCRYPTION_KEY"), "base64"),
    cronSecret: pick("CRON_SECRET"),
    sipDomain: vars.SIP_DOMAIN ?? "sip.example.jp",
    registrationCheck: vars.REGISTRATION_CHECK === "on",
    registrationReminderMs: (vars.REGISTRATION_REMINDER_MINUTES ?? 60) * 60_000,
    previousPasswordGraceMs: (vars.PREVIOUS_PASSWORD_GRACE_HOURS ?? 72) * 60 * 60_000,
    numberQuarantineMs: (vars.NUMBER_QUARANTINE_DAYS ?? 90) * 24 * 60 * 60_000,
    // Call records are kept this long (at least the customer's 90 days of 「発着信履歴」), then deleted.
    callRecordDays: vars.CALL_RECORD_DAYS ?? 180,
    // A line's international calling turns itself off after this many months without an international call.
    internationalIdleMonths: vars.INTERNATIONAL_IDLE_MONTHS ?? 6,
    clientAddress: addressSource(vars),
    support: {
      name: vars.SUPPORT_NAME ?? DEMO_SUPPORT.name,
      phone: vars.SUPPORT_PHONE ?? DEMO_SUPPORT.phone,
      hours: vars.SUPPORT_HOURS ?? DEMO_SUPPORT.hours,
      url: vars.SUPPORT_URL ?? (vars.SUPPORT_PHONE ? undefined : DEMO_SUPPORT.url),
    },
    relyingParty: relyingParty(vars, mode),
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Demo accounts (the README's passwords) exist only where no real customer can be. */
export const hasDemoData = (mode: Mode) => mode !== "production";
