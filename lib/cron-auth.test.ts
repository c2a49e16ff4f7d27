import { describe, expect, it } from "vitest";
import { isCronAuthorized } from "./cron-auth";

describe("isCronAuthorized", () => {
  it("accepts only the exact bearer secret", () => {
    expect(isCronAuthorized("Bearer s3cret-value-0123456", "s3cret-value-0123456")).toBe(true);
    expect(isCronAuthorized(null, "s3cret-value-0123456")).toBe(false);
    expect(isCronAuthorized("Bearer wrong", "s3cret-value-0123456")).toBe(false);
    expect(isCronAuthorized("s3cret-value-0123456", "s3cret-value-0123456")).toBe(false);
    expect(isCronAuthorized("Bearer s3cret-value-0123456 ", "s3cret-value-0123456")).toBe(false);
  });
});
