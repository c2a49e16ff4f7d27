import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

const key = Buffer.alloc(32, 1).toString("base64");
const productionVars = {
  NODE_ENV: "production",
  DATABASE_URL: "postgres://app@db.example.jp/selfcare",
  AUTH_SECRET: "a".repeat(40),
  CREDENTIAL_ENCRYPTION_KEY: key,
  CRON_SECRET: "c".repeat(20),
  EMAIL_FROM: "セルフケア <no-reply@example.jp>",
  RESEND_API_KEY: "re_test",
  SUPPORT_PHONE: "0120-111-222",
};
const testVars = { TEST_MODE: "1", TEST_SECRET: "run-secret-0123456789" };

describe("parseEnv", () => {
  it("generates development secrets once and keeps them under DATA_DIR", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "env-"));
    const first = parseEnv({ DATA_DIR: dataDir });
    const second = parseEnv({ DATA_DIR: dataDir });
    expect(first.mode).toBe("development");
    expect(first.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(first.credentialEncryptionKey).toHaveLength(32);
    expect(second.authSecret).toBe(first.authSecret);
    expect(fs.statSync(path.join(dataDir, "dev-secrets.json")).mode & 0o777).toBe(0o600);
  });

  it("names every missing variable in production, the database first", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(
      "Missing environment variables DATABASE_URL, AUTH_SECRET, CREDENTIAL_ENCRYPTION_KEY, CRON_SECRET, EMAIL_FROM, RESEND_API_KEY, SUPPORT_PHONE (required in production mode",
    );
    expect(() => parseEnv({ ...productionVars, DATABASE_URL: "" })).toThrow("DATABASE_URL");
    expect(() => parseEnv({ ...productionVars, RESEND_API_KEY: "" })).toThrow("RESEND_API_KEY");
    expect(parseEnv(productionVars)).toMatchObject({ mode: "production", testSecret: undefined });
  });

  it("makes a Vercel preview its own mode: its own database, no Resend needed", () => {
    const preview = { ...productionVars, VERCEL_ENV: "preview", RESEND_API_KEY: undefined };
    expect(parseEnv(preview)).toMatchObject({ mode: "preview", clientAddress: { kind: "vercel" } });
    expect(() => parseEnv({ ...preview, DATABASE_URL: undefined })).toThrow("DATABASE_URL");
    expect(parseEnv({ ...productionVars, VERCEL_ENV: "production" }).mode).toBe("production");
  });

  it("refuses a malformed database URL", () => {
    expect(() => parseEnv({ ...productionVars, DATABASE_URL: "mysql://x@y/z" })).toThrow("DATABASE_URL");
  });

  it.each([
    ["c2hvcnQ=", "too short"],
    [Buffer.alloc(33, 1).toString("base64"), "33 bytes"],
    [Buffer.alloc(32, 1).toString("base64url"), "base64url instead of base64"],
    [`${key} `, "trailing space"],
    [key.replace("=", ""), "missing padding"],
  ])("refuses the key %s (%s)", (value) => {
    expect(() => parseEnv({ ...productionVars, CREDENTIAL_ENCRYPTION_KEY: value })).toThrow(
      "CREDENTIAL_ENCRYPTION_KEY",
    );
  });

  it("never lets test mode on in a Vercel deployment", () => {
    for (const VERCEL_ENV of ["production", "preview", "development"]) {
      expect(() => parseEnv({ ...productionVars, ...testVars, VERCEL_ENV })).toThrow("TEST_MODE");
    }
  });

  it("needs a per-run secret for test mode", () => {
    expect(() => parseEnv({ TEST_MODE: "1", DATA_DIR: "/tmp/x-test" })).toThrow("TEST_SECRET");
  });

  it("lets a development build into test mode only on a throwaway database, named so by its name alone", () => {
    const prod = { ...testVars, DATABASE_URL: "postgres://test@test.example.jp/selfcare_prod?application_name=test" };
    expect(() => parseEnv(prod)).toThrow("throwaway database");
    expect(() => parseEnv({ ...testVars, DATA_DIR: "/srv/test/data" })).toThrow("throwaway database");
    expect(parseEnv({ ...testVars, DATABASE_URL: "postgres://app@db.example.jp/selfcare_test" }).mode).toBe("test");
  });

  it("lets a production build into test mode only on a throwaway database", () => {
    expect(() => parseEnv({ ...productionVars, ...testVars })).toThrow("throwaway database");
    const onTestDb = { ...productionVars, ...testVars, DATABASE_URL: "postgres://postgres@127.0.0.1/test" };
    expect(parseEnv(onTestDb)).toMatchObject({ mode: "test", testSecret: testVars.TEST_SECRET });
    expect(() => parseEnv({ ...productionVars, ...testVars, DATABASE_URL: undefined, DATA_DIR: "/srv/data" })).toThrow(
      "throwaway database",
    );
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-test-"));
    expect(parseEnv({ NODE_ENV: "production", ...testVars, DATA_DIR: dataDir }).mode).toBe("test");
  });

  it("reads the client address from one stated source", () => {
    expect(parseEnv(productionVars).clientAddress).toEqual({ kind: "socket" });
    expect(parseEnv({ ...productionVars, TRUSTED_PROXY_HOPS: "2" }).clientAddress).toEqual({ kind: "hops", hops: 2 });
    expect(parseEnv({ ...productionVars, CLIENT_IP_HEADER: "X-Real-IP" }).clientAddress).toEqual({
      kind: "header",
      name: "x-real-ip",
    });
    expect(() => parseEnv({ ...productionVars, CLIENT_IP_HEADER: "x-real-ip", TRUSTED_PROXY_HOPS: "1" })).toThrow(
      "not both",
    );
    expect(() => parseEnv({ ...productionVars, TRUSTED_PROXY_HOPS: "0" })).toThrow("TRUSTED_PROXY_HOPS");
  });

  it("reports device registrations only when a registrar is declared, and reminds after a stated time", () => {
    expect(parseEnv(productionVars)).toMatchObject({ registrationCheck: false, registrationReminderMs: 60 * 60_000 });
    expect(
      parseEnv({ ...productionVars, REGISTRATION_CHECK: "on", REGISTRATION_REMINDER_MINUTES: "90" }),
    ).toMatchObject({ registrationCheck: true, registrationReminderMs: 90 * 60_000 });
    expect(() => parseEnv({ ...productionVars, REGISTRATION_CHECK: "yes" })).toThrow("REGISTRATION_CHECK");
    expect(() => parseEnv({ ...productionVars, REGISTRATION_REMINDER_MINUTES: "1" })).toThrow(
      "REGISTRATION_REMINDER_MINUTES",
    );
  });

  it("keeps a routine change's previous password for 72 hours unless told otherwise, and never for nothing", () => {
    expect(parseEnv(productionVars).previousPasswordGraceMs).toBe(72 * 3_600_000);
    expect(parseEnv({ ...productionVars, PREVIOUS_PASSWORD_GRACE_HOURS: "24" }).previousPasswordGraceMs).toBe(
      24 * 3_600_000,
    );
    for (const wrong of ["0", "1.5", "721", "forever"]) {
      expect(() => parseEnv({ ...productionVars, PREVIOUS_PASSWORD_GRACE_HOURS: wrong })).toThrow(
        "PREVIOUS_PASSWORD_GRACE_HOURS",
      );
    }
  });

  it("binds passkeys to the deployment's own address: a preview its own, never production's", () => {
    const preview = {
      ...productionVars,
      NODE_ENV: "production",
      VERCEL_ENV: "preview",
      VERCEL_BRANCH_URL: "selfcare-git-feature.vercel.app",
      APP_URL: "https://selfcare.example.jp",
    };
    expect(parseEnv(preview).relyingParty).toMatchObject({
      id: "selfcare-git-feature.vercel.app",
      origin: "https://selfcare-git-feature.vercel.app",
    });
    expect(parseEnv({ ...productionVars, APP_URL: "https://selfcare.example.jp/login" }).relyingParty).toMatchObject({
      id: "selfcare.example.jp",
      origin: "https://selfcare.example.jp",
    });
    expect(
      parseEnv({ ...productionVars, VERCEL_PROJECT_PRODUCTION_URL: "selfcare.vercel.app" }).relyingParty,
    ).toMatchObject({ id: "selfcare.vercel.app" });
    // Production without an address has no passkeys rather than a guessed one.
    expect(parseEnv(productionVars).relyingParty).toBeNull();
    expect(() => parseEnv({ ...productionVars, APP_URL: "http://selfcare.example.jp" })).toThrow(
      "APP_URL must be https",
    );
    expect(
      parseEnv({ ...testVars, DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "env-test-")) }).relyingParty,
    ).toMatchObject({
      id: "localhost",
      origin: "http://localhost:3000",
    });
  });
});
