import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const key = Buffer.alloc(32, 1).toString("base64");
const productionVars = {
  NODE_ENV: "production",
  AUTH_SECRET: "a".repeat(40),
  CREDENTIAL_ENCRYPTION_KEY: key,
  CRON_SECRET: "c".repeat(20),
  EMAIL_FROM: "セルフケア <no-reply@example.jp>",
  RESEND_API_KEY: "re_test",
};

describe("parseEnv", () => {
  it("generates development secrets once and keeps them under DATA_DIR", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "env-"));
    const first = parseEnv({ DATA_DIR: dataDir });
    const second = parseEnv({ DATA_DIR: dataDir });
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.credentialEncryptionKey).toHaveLength(32);
    expect(second.authSecret).toBe(first.authSecret);
    expect(fs.statSync(path.join(dataDir, "dev-secrets.json")).mode & 0o777).toBe(0o600);
  });

  it("names every missing variable in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(
      "Missing environment variables AUTH_SECRET, CREDENTIAL_ENCRYPTION_KEY, CRON_SECRET, EMAIL_FROM, RESEND_API_KEY",
    );
    expect(() => parseEnv({ ...productionVars, RESEND_API_KEY: "" })).toThrow("RESEND_API_KEY");
    expect(parseEnv(productionVars).production).toBe(true);
  });

  it("requires a PostgreSQL URL on Vercel and refuses a malformed one", () => {
    expect(() => parseEnv({ ...productionVars, VERCEL_ENV: "preview" })).toThrow("DATABASE_URL");
    expect(() => parseEnv({ ...productionVars, DATABASE_URL: "mysql://x@y/z" })).toThrow("DATABASE_URL");
  });

  it("refuses a key that is not 32 bytes", () => {
    expect(() => parseEnv({ ...productionVars, CREDENTIAL_ENCRYPTION_KEY: "c2hvcnQ=" })).toThrow(
      "CREDENTIAL_ENCRYPTION_KEY",
    );
  });

  it("never lets the test switches on in a Vercel deployment", () => {
    expect(() =>
      parseEnv({ ...productionVars, TEST_MODE: "1", VERCEL_ENV: "production", DATABASE_URL: "postgres://x@y/z" }),
    ).toThrow("TEST_MODE");
    expect(parseEnv({ ...productionVars, RESEND_API_KEY: undefined, TEST_MODE: "1" }).testMode).toBe(true);
  });
});
