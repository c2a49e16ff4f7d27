export declare const serverSecrets: { AUTH_SECRET: string; CREDENTIAL_ENCRYPTION_KEY: string; CRON_SECRET: string };

export declare function testServerEnv(
  database: { DATABASE_URL: string } | { DATA_DIR: string },
): typeof serverSecrets & {
  DATABASE_URL?: string;
  DATA_DIR?: string;
  TEST_MODE: "1";
  TEST_SECRET: string;
  TRUSTED_PROXY_HOPS: "1";
  EMAIL_FROM: string;
  NEXT_TELEMETRY_DISABLED: "1";
};
