import { describe, expect, it } from "vitest";
import { isCronAuthorized, isTestRequest, TEST_SECRET_HEADER } from "./request-secrets";

describe("isCronAuthorized", () => {
  it("accepts only the exact bearer secret", () => {
    expect(isCronAuthorized({ authorization: "Bearer s3cret-value-0123456", secret: "s3cret-value-0123456" })).toBe(
      true,
    );
    expect(isCronAuthorized({ authorization: null, secret: "s3cret-value-0123456" })).toBe(false);
    expect(isCronAuthorized({ authorization: "Bearer wrong", secret: "s3cret-value-0123456" })).toBe(false);
    expect(isCronAuthorized({ authorization: "s3cret-value-0123456", secret: "s3cret-value-0123456" })).toBe(false);
    expect(isCronAuthorized({ authorization: "Bearer s3cret-value-0123456 ", secret: "s3cret-value-0123456" })).toBe(
      false,
    );
  });
});

describe("isTestRequest", () => {
  const secret = "run-secret-0123456789abcdef";
  const headers = (value?: string) => new Headers(value === undefined ? {} : { [TEST_SECRET_HEADER]: value });

  it("needs this run's secret", () => {
    expect(isTestRequest(headers(secret), secret)).toBe(true);
    expect(isTestRequest(headers("another-secret-0123456789"), secret)).toBe(false);
    expect(isTestRequest(headers(), secret)).toBe(false);
    expect(isTestRequest(headers(""), secret)).toBe(false);
  });

  it("opens nothing outside test mode, where there is no secret", () => {
    expect(isTestRequest(headers(secret), undefined)).toBe(false);
    expect(isTestRequest(headers(""), undefined)).toBe(false);
  });
});
