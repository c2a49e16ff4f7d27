import { describe, expect, it } from "vitest";
import { isReservedExampleAddress } from "./reserved-domains";

describe("isReservedExampleAddress", () => {
  it.each([
    "demo0001@example.jp",
    "someone@example.com",
    "a@mail.example.org",
    "b@Example.NET",
    "c@shop.example.co.jp",
    "d@example.ne.jp",
    "e@host.test",
    "f@x.example",
    "g@nowhere.invalid",
    "h@localhost",
  ])("captures %s", (address) => {
    expect(isReservedExampleAddress(address)).toBe(true);
  });

  it.each([
    "customer@gmail.com",
    "a@example.jp.attacker.com",
    "a@notexample.com",
    "a@example.com@evil.jp",
    "a@testing.jp",
    "example.jp",
    "@example.jp",
    "a@exa mple.jp",
  ])("never captures %s", (address) => {
    expect(isReservedExampleAddress(address)).toBe(false);
  });
});
