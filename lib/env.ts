// The one place that reads process.env: validated with zod, with development defaults kept under DATA_DIR.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";

const optional = <T extends z.ZodType>(type: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), type.optional());

const key32 = z
  .string()
  .refine((value) => Buffer.from(value, "base64").length === 32, "must be 32 random bytes, base64-encoded");

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
  SIP_DOMAIN: optional(z.string().regex(/^[a-z0-9.-]+$/i, "must be a domain name")),
});

type Env = {
  production: boolean;
  /** Test-only switches (fixed clock, dev mailbox in a production build). Refused on any Vercel deployment. */
  testMode: boolean;
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
};

type DevSecrets = { AUTH_SECRET: string; CREDENTIAL_ENCRYPTION_KEY: string; CRON_SECRET: string };

const DEV_EMAIL_FROM = "IP加入電話 セルフケア <no-reply@selfcare.example.jp>";

class EnvError extends Error {
  override name = "EnvError";
}

/** Development secrets are random per machine and kept in DATA_DIR so sessions survive restarts. */
function devSecrets(dataDir: string): DevSecrets {
  const file = path.join(dataDir, "dev-secrets.json");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as DevSecrets;
  } catch {
    const secrets: DevSecrets = {
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      CRON_SECRET: randomBytes(24).toString("base64url"),
    };
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
    return secrets;
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment variables:\n${lines.join("\n")}`);
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === "production";
  const testMode = vars.TEST_MODE === "1";
  const deployed = vars.VERCEL_ENV !== undefined;

  if (testMode && deployed) {
    throw new EnvError("TEST_MODE must not be set on a Vercel deployment (VERCEL_ENV is set).");
  }
  const required: (keyof typeof vars)[] = [];
  if (production) required.push("AUTH_SECRET", "CREDENTIAL_ENCRYPTION_KEY", "CRON_SECRET", "EMAIL_FROM");
  if (production && !testMode) required.push("RESEND_API_KEY");
  if (deployed) required.push("DATABASE_URL");
  const missing = required.filter((name) => vars[name] === undefined);
  if (missing.length > 0) {
    throw new EnvError(
      `Missing environment variable${missing.length > 1 ? "s" : ""} ${missing.join(", ")} ` +
        `(required in production; see .env.example).`,
    );
  }

  const dataDir = path.resolve(/*turbopackIgnore: true*/ vars.DATA_DIR ?? ".data");
  const fallback = production ? undefined : devSecrets(dataDir);
  const pick = (name: keyof DevSecrets) => (vars[name] ?? fallback?.[name]) as string;

  return {
    production,
    testMode,
    databaseUrl: vars.DATABASE_URL,
    dataDir,
    authSecret: pick("AUTH_SECRET"),
    resendApiKey: vars.RESEND_API_KEY,
    resendBaseUrl: vars.RESEND_BASE_URL,
    emailFrom: vars.EMAIL_FROM ?? DEV_EMAIL_FROM,
    credentialEncryptionKey: Buffer.from(pick("CREDENTIAL_ENCRYPTION_KEY"), "base64"),
    cronSecret: pick("CRON_SECRET"),
    sipDomain: vars.SIP_DOMAIN ?? "sip.example.jp",
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
