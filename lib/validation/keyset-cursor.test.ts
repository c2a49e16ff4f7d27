import { describe, expect, it } from "vitest";
import { decodeEventKeyset, decodeKeyset, encodeEventKeyset, encodeKeyset } from "./keyset-cursor";

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
    Buffer.from("2026-11-24T08:30:00Z|not-a-uuid").toString("base64url"),
  ])("read %j as the start", (token) => {
    expect(decodeKeyset(token)).toBeUndefined();
  });

  it.each([
    "0000-01-01T00:00:00.000Z",
    "+010000-01-01T00:00:00.000Z",
    "-000001-01-01T00:00:00.000Z",
    "1999-12-31T23:59:59.999Z",
    "2101-01-01T00:00:00.000Z",
  ])("read a token for %s, a time no change can have, as the start", (time) => {
    expect(Number.isNaN(new Date(time).getTime())).toBe(false);
    const token = Buffer.from(`${time}|8d69a42e-9efd-406d-88a4-204a7802db67`).toString("base64url");
    expect(decodeKeyset(token)).toBeUndefined();
  });

  it("keeps the edges of the sane range", () => {
    const id = "8d69a42e-9efd-406d-88a4-204a7802db67";
    for (const at of [new Date("2000-01-01T00:00:00.000Z"), new Date("2100-12-31T23:59:59.999Z")]) {
      expect(decodeKeyset(encodeKeyset({ at, id }))).toEqual({ at, id });
    }
  });
});

describe("an audit event's position", () => {
  it("round-trips, and refuses an id that is not a serial", () => {
    const position = { at: new Date("2026-11-24T05:00:00.123Z"), id: 4711 };
    expect(decodeEventKeyset(encodeEventKeyset(position))).toEqual(position);
    for (const id of ["0", "-1", "1.5", "abc", "9".repeat(30), ""]) {
      expect(decodeEventKeyset(Buffer.from(`2026-11-24T05:00:00Z|${id}`).toString("base64url"))).toBeUndefined();
    }
  });
});
