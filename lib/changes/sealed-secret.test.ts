import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSecret, sealSecret } from "./sealed-secret";

const key = randomBytes(32);

describe("sealSecret / openSecret", () => {
  it("round-trips, with a fresh nonce each time", () => {
    const first = sealSecret({ key, plaintext: "k7m2x9qa", context: "change-1:05012345678" });
    const second = sealSecret({ key, plaintext: "k7m2x9qa", context: "change-1:05012345678" });
    expect(first).not.toBe(second);
    expect(first).not.toContain("k7m2x9qa");
    expect(openSecret({ key, sealed: first, context: "change-1:05012345678" })).toBe("k7m2x9qa");
  });

  it("detects tampering, a wrong key and a ciphertext moved to another change", () => {
    const sealed = sealSecret({ key, plaintext: "k7m2x9qa", context: "change-1:05012345678" });
    const [version, iv, tag, body] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      openSecret({
        key,
        sealed: [version, iv, tag, flipped.toString("base64url")].join("."),
        context: "change-1:05012345678",
      }),
    ).toThrow();
    expect(() => openSecret({ key: randomBytes(32), sealed, context: "change-1:05012345678" })).toThrow();
    expect(() => openSecret({ key, sealed, context: "change-2:05012345678" })).toThrow();
    expect(() => openSecret({ key, sealed: "garbage", context: "change-1:05012345678" })).toThrow();
  });

  it("refuses a truncated tag, which GCM would otherwise accept with far less protection", () => {
    const sealed = sealSecret({ key, plaintext: "k7m2x9qa", context: "change-1:05012345678" });
    const [version, iv, tag, body] = sealed.split(".");
    const short = Buffer.from(tag!, "base64url").subarray(0, 4).toString("base64url");
    expect(() =>
      openSecret({ key, sealed: [version, iv, short, body].join("."), context: "change-1:05012345678" }),
    ).toThrow("Unrecognised sealed secret");
    expect(() => openSecret({ key, sealed: `${sealed}.extra`, context: "change-1:05012345678" })).toThrow();
  });
});
