import { describe, expect, it } from "vitest";
import { scrub } from "./log";

describe("log scrubbing", () => {
  it("removes credentials from connection strings", () => {
    const line = scrub("connect failed for postgres://app:s3cret@db.example.jp:5432/selfcare");
    expect(line).not.toContain("s3cret");
    expect(line).not.toContain("app:");
    expect(line).toContain("[redacted-url]");
  });

  it("removes the parameters drizzle adds to a failed query", () => {
    const line = scrub(
      'Failed query: update "ip_phone_lines" set "sip_password_hash" = $1\nparams: $argon2id$v=19$m=19456,t=2,p=1$abc,xyz\n    at run',
    );
    expect(line).not.toContain("argon2id");
    expect(line).toContain("Failed query: update");
    expect(line).toContain("at run");
  });

  it("removes bearer tokens", () => {
    expect(scrub("Authorization: Bearer e2e-cron-secret-0123456789")).not.toContain("e2e-cron-secret");
  });
});
