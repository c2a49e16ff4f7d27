import { describe, expect, it } from "vitest";
import { hashSecret, verifySecret, verifySecretInConstantWork } from "./password-hashing";

describe("hashSecret", () => {
  it("produces argon2id at OWASP parameters with a random salt", async () => {
    const first = await hashSecret("abcd1234");
    const second = await hashSecret("abcd1234");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
  });

  it("verifies the right secret and refuses a wrong one or a malformed hash", async () => {
    const hashed = await hashSecret("Demo-pass-0001");
    expect(await verifySecret({ hash: hashed, secret: "Demo-pass-0001" })).toBe(true);
    expect(await verifySecret({ hash: hashed, secret: "Demo-pass-0002" })).toBe(false);
    expect(await verifySecret({ hash: "not a hash", secret: "Demo-pass-0001" })).toBe(false);
  });
});

describe("verifySecretInConstantWork", () => {
  it("verifies a real hash and refuses when there is none, whatever the secret", async () => {
    const hashed = await hashSecret("pass5678");
    expect(await verifySecretInConstantWork({ hash: hashed, secret: "pass5678" })).toBe(true);
    expect(await verifySecretInConstantWork({ hash: hashed, secret: "pass5679" })).toBe(false);
    expect(await verifySecretInConstantWork({ hash: undefined, secret: "pass5678" })).toBe(false);
    expect(await verifySecretInConstantWork({ hash: undefined, secret: "" })).toBe(false);
  });
});
