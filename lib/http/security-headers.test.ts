import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, securityHeaders } from "./security-headers";

const directives = (policy: string) =>
  new Map(policy.split("; ").map((directive) => [directive.split(" ")[0]!, directive.split(" ").slice(1)]));

describe("content security policy", () => {
  it("lets scripts run only with the response's nonce in production", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "abc123", development: false, https: true }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get("style-src")).toEqual(["'self'", "'nonce-abc123'"]);
    expect([...policy.values()].flat()).not.toContain("'unsafe-inline'");
    expect([...policy.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it("forbids framing, plugins, base rewriting and posting forms to other sites", () => {
    const policy = directives(contentSecurityPolicy({ nonce: "n", development: false, https: true }));
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });

  it("does not upgrade requests on plain-http localhost", () => {
    expect(contentSecurityPolicy({ nonce: "n", development: false, https: false })).not.toContain(
      "upgrade-insecure-requests",
    );
  });
});

describe("security headers", () => {
  it("sends HSTS for two years, every subdomain, with preload", () => {
    const hsts = securityHeaders.find((header) => header.key === "Strict-Transport-Security");
    expect(hsts?.value).toBe("max-age=63072000; includeSubDomains; preload");
  });
});
