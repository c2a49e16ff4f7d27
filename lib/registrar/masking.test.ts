import { describe, expect, it } from "vitest";
import { maskAddress } from "./masking";

describe("maskAddress", () => {
  it("keeps the first half of an address, never the whole", () => {
    expect(maskAddress("203.0.113.45")).toBe("203.0.*.*");
    expect(maskAddress("2001:db8:85a3::8a2e:370:7334")).toBe("2001:db8:*");
    // An IPv4 client seen through an IPv6 socket is an IPv4 address.
    expect(maskAddress("::ffff:198.51.100.7")).toBe("198.51.*.*");
    // The registrar's IPv6 sources are /64s.
    expect(maskAddress("2001:db8:a:b::/64")).toBe("2001:db8:*");
  });

  it("says so for anything that is not an address", () => {
    expect(maskAddress("")).toBe("不明");
    expect(maskAddress("<script>")).toBe("不明");
  });
});
