import { describe, expect, it } from "vitest";
import { stepUpReturn } from "./step-up";

describe("where a step-up returns to", () => {
  it("returns to the pages that ask for a step-up, with their query", () => {
    expect(stepUpReturn("/ip-phone/password?number=05012345678&mode=emergency")).toBe(
      "/ip-phone/password?number=05012345678&mode=emergency",
    );
    expect(stepUpReturn("/account/passkeys")).toBe("/account/passkeys");
  });

  it("sends anything else to the menu: another page, another site, no value, a list", () => {
    for (const next of ["/admin/changes", "https://evil.example/account/passkeys", "//evil.example/account/passkeys"]) {
      expect(stepUpReturn(next)).toBe("/menu");
    }
    expect(stepUpReturn(undefined)).toBe("/menu");
    expect(stepUpReturn(["/account/passkeys", "/account/password"])).toBe("/menu");
  });

  it("sends a value that does not parse as an address to the menu instead of failing", () => {
    for (const next of ["http://[", "http://[::1", "https://:0x/", "http://a b/"]) {
      expect(stepUpReturn(next)).toBe("/menu");
    }
  });
});
