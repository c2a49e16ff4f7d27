// The environment of every server the tests and the benchmark start: test mode, on a throwaway database (lib/env.ts
// refuses test mode on any other), with fixed, obviously fake secrets, since these servers listen on localhost only.
// Specs that present a secret read it from here.
import { randomBytes } from "node:crypto";

export const serverSecrets = {
  AUTH_SECRET: "test-auth-secret-0123456789abcdef0123456789",
  CREDENTIAL_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64"),
  CRON_SECRET: "test-cron-secret-0123456789",
};

/** `database` is `{ DATABASE_URL }` or `{ DATA_DIR }`, either with "test" in its name. */
export function testServerEnv(database) {
  return {
    ...database,
    TEST_MODE: "1",
    // The test routes and the mailbox answer only requests carrying this run's secret.
    TEST_SECRET: randomBytes(24).toString("base64url"),
    // The specs and the load stand in for a proxy that appends the client's address, so each can be its own client.
    TRUSTED_PROXY_HOPS: "1",
    ...serverSecrets,
    EMAIL_FROM: "IP加入電話 セルフケア <no-reply@selfcare.example.jp>",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}
