import { describe, expect, it } from "vitest";
import { DEVICE_TTL_MS, deviceFor, deviceKey, issueDeviceToken } from "./device-token";

const key = deviceKey("a-test-secret-that-is-long-enough-0123456789");
const now = new Date("2026-11-24T05:00:00Z");

describe("device tokens", () => {
  it("recognise the browser for the ID it signed in as, whatever the case typed", () => {
    const token = issueDeviceToken(key, "demo0001", now);
    const device = deviceFor({ key, token, selfCareId: "demo0001", now });
    expect(device).toMatch(/^[\w-]{22}$/);
    expect(deviceFor({ key, token, selfCareId: "DEMO0001", now })).toBe(device);
  });

  it("do not vouch for another ID", () => {
    expect(deviceFor({ key, token: issueDeviceToken(key, "demo0001", now), selfCareId: "demo0002", now })).toBeNull();
  });

  it("refuse a token signed with another key, altered, or malformed", () => {
    const token = issueDeviceToken(key, "demo0001", now);
    const other = deviceKey("another-secret-that-is-long-enough-987654321");
    expect(deviceFor({ key: other, token, selfCareId: "demo0001", now })).toBeNull();
    const [nonce, issued, signature] = token.split(".");
    expect(deviceFor({ key, token: `${nonce}x.${issued}.${signature}`, selfCareId: "demo0001", now })).toBeNull();
    expect(
      deviceFor({ key, token: `${nonce}.${Number(issued) - 1}.${signature}`, selfCareId: "demo0001", now }),
    ).toBeNull();
    for (const bad of [undefined, "", "a.b", "a.1.c.d", `${nonce}.${issued}.`, `${nonce}.-1.${signature}`]) {
      expect(deviceFor({ key, token: bad, selfCareId: "demo0001", now })).toBeNull();
    }
  });

  it("expire after the device lifetime", () => {
    const token = issueDeviceToken(key, "demo0001", now);
    expect(
      deviceFor({ key, token, selfCareId: "demo0001", now: new Date(now.getTime() + DEVICE_TTL_MS) }),
    ).not.toBeNull();
    expect(
      deviceFor({ key, token, selfCareId: "demo0001", now: new Date(now.getTime() + DEVICE_TTL_MS + 1) }),
    ).toBeNull();
  });
});
