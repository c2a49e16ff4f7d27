import { describe, expect, it } from "vitest";
import { addressKey, widerNetworks, PEER_ADDRESS_HEADER, requestMetaFrom } from "./request-meta";

const headers = (values: Record<string, string>) => new Headers(values);

describe("addressKey", () => {
  it("keeps IPv4 and unwraps IPv4-mapped IPv6", () => {
    expect(addressKey("203.0.113.5")).toBe("203.0.113.5");
    expect(addressKey(" ::ffff:203.0.113.5 ")).toBe("203.0.113.5");
  });

  it("keys IPv6 by its /64, however it is written", () => {
    expect(addressKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002:0000:0000:0000:0001")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:db8:1:3::1")).toBe("2001:db8:1:3::/64");
  });

  it("gives everything unparseable one key", () => {
    for (const junk of [undefined, null, "", "unknown", "1.2.3", "example.jp", "203.0.113.5, 198.51.100.1"]) {
      expect(addressKey(junk)).toBe("unknown");
    }
  });
});

describe("requestMetaFrom", () => {
  const forged = { "x-forwarded-for": "192.0.2.66", "x-real-ip": "192.0.2.67" };

  it("uses the connection's address by default and ignores forwarded headers", () => {
    const meta = requestMetaFrom(headers({ ...forged, [PEER_ADDRESS_HEADER]: "198.51.100.7" }), { kind: "socket" });
    expect(meta.ip).toBe("198.51.100.7");
  });

  it("believes only the entry the trusted proxies appended", () => {
    const chain = headers({
      "x-forwarded-for": "192.0.2.66, 198.51.100.7, 10.0.0.2",
      [PEER_ADDRESS_HEADER]: "10.0.0.3",
    });
    expect(requestMetaFrom(chain, { kind: "hops", hops: 1 }).ip).toBe("10.0.0.2");
    expect(requestMetaFrom(chain, { kind: "hops", hops: 2 }).ip).toBe("198.51.100.7");
    // A request that bypassed the proxies carries fewer entries: its own connection counts.
    expect(requestMetaFrom(chain, { kind: "hops", hops: 4 }).ip).toBe("10.0.0.3");
  });

  it("reads a named header, or Vercel's own, and nothing else", () => {
    const set = headers({ ...forged, "cf-connecting-ip": "198.51.100.8" });
    expect(requestMetaFrom(set, { kind: "header", name: "cf-connecting-ip" }).ip).toBe("198.51.100.8");
    expect(requestMetaFrom(set, { kind: "vercel" }).ip).toBe("192.0.2.67");
  });

  it("keeps a bounded user agent", () => {
    expect(requestMetaFrom(headers({ "user-agent": "x".repeat(2000) }), { kind: "socket" }).userAgent).toHaveLength(
      512,
    );
  });

  it("names the /48 and /32 of an IPv6 key, and nothing for IPv4 or an unparseable one", () => {
    expect(widerNetworks(addressKey("2001:db8:1:2:aaaa::1"))).toEqual({
      net48: "2001:db8:1::/48",
      net32: "2001:db8::/32",
    });
    expect(widerNetworks(addressKey("2001:db8:ffff:2::1"))).toEqual({
      net48: "2001:db8:ffff::/48",
      net32: "2001:db8::/32",
    });
    expect(widerNetworks(addressKey("203.0.113.7"))).toBeNull();
    expect(widerNetworks(addressKey("not an address"))).toBeNull();
  });
});
