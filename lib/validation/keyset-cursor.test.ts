import { describe, expect, it } from "vitest";
import { decodeKeyset, encodeKeyset } from "./keyset-cursor";

describe("keyset tokens", () => {
  it("round-trip a position", () => {
    const position = { at: new Date("2026-11-24T08:30:00.123Z"), id: "8d69a42e-9efd-406d-88a4-204a7802db67" };
    expect(decodeKeyset(encodeKeyset(position))).toEqual(position);
  });

  it.each([
    undefined,
    "",
    "garbage",
    Buffer.from("not-a-date|8d69a42e-9efd-406d-88a4-204a7802db67").toString("base64url"),
    Buffer.from("2026-11-24T08:30:00Z|1; drop table").toString("base64url"),
  ])("read %j as the start", (token) => {
    expect(decodeKeyset(token)).toBeUndefined();
  });
});
