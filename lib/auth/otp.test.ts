import { describe, expect, it } from "vitest";
import { maskEmail } from "./mask-email";
import { codeExpiry, codeKey, generateBinding, generateCode, hashBinding, hashCode, resendAvailableAt } from "./otp";

describe("generateCode", () => {
  it("always gives six digits, including leading zeros, and varies", () => {
    const codes = Array.from({ length: 2000 }, generateCode);
    for (const code of codes) expect(code).toMatch(/^\d{6}$/);
    expect(new Set(codes).size).toBeGreaterThan(1900);
    expect(codes.some((code) => code.startsWith("0"))).toBe(true);
  });
});

describe("code hashing", () => {
  const key = codeKey("an-app-secret-of-at-least-32-characters!");

  it("depends on the code, the challenge and the key", () => {
    const binding = generateBinding();
    const other = generateBinding();
    const hashed = hashCode({ key, bindingHash: binding.hash, code: "123456" });
    expect(hashed).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode({ key, bindingHash: binding.hash, code: "123456" })).toBe(hashed);
    expect(hashCode({ key, bindingHash: binding.hash, code: "123457" })).not.toBe(hashed);
    expect(hashCode({ key, bindingHash: other.hash, code: "123456" })).not.toBe(hashed);
    expect(
      hashCode({ key: codeKey("another-app-secret-of-32-characters!!"), bindingHash: binding.hash, code: "123456" }),
    ).not.toBe(hashed);
  });

  it("stores only the binding token's hash", () => {
    const binding = generateBinding();
    expect(binding.token).not.toBe(binding.hash);
    expect(hashBinding(binding.token)).toBe(binding.hash);
  });
});

describe("code timing rules", () => {
  it("expires ten minutes after sending and allows a resend after sixty seconds", () => {
    const sent = new Date("2026-11-24T05:00:00Z");
    expect(codeExpiry(sent)).toEqual(new Date("2026-11-24T05:10:00Z"));
    expect(resendAvailableAt(sent)).toEqual(new Date("2026-11-24T05:01:00Z"));
  });
});

describe("maskEmail", () => {
  it.each([
    ["demo0001@example.jp", "d***1@example.jp"],
    ["ab@example.jp", "a***@example.jp"],
    ["a@example.jp", "a***@example.jp"],
    ["not-an-address", "***"],
  ])("masks %s as %s", (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
