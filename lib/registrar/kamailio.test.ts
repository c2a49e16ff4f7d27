import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { digestHashes } from "./kamailio";

describe("digestHashes", () => {
  it("matches RFC 2617's HA1 for the known vector (Mufasa / testrealm@host.com / Circle Of Life)", () => {
    expect(
      digestHashes({ username: "Mufasa", domain: "host.com", realm: "testrealm@host.com", password: "Circle Of Life" })
        .ha1,
    ).toBe("939e7578ed9e3c518a452acee763bce9");
  });

  it("computes ha1b over username@domain as Kamailio does", () => {
    const { ha1b } = digestHashes({
      username: "05012345678",
      domain: "sip.example.jp",
      realm: "sip.example.jp",
      password: "k7m2x9qa",
    });
    expect(ha1b).toBe(createHash("md5").update("05012345678@sip.example.jp:sip.example.jp:k7m2x9qa").digest("hex"));
  });
});
