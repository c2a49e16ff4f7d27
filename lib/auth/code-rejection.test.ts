import { describe, expect, it } from "vitest";
import { decodeCodeRejection, encodeCodeRejection, type CodeRejection } from "./code-rejection";

describe("code rejection encoding", () => {
  it.each<CodeRejection>([
    { reason: "wrong", remaining: 3 },
    { reason: "wrong", remaining: 0 },
    { reason: "locked", retryAt: new Date("2026-11-25T05:00:00Z") },
    { reason: "format" },
    { reason: "exhausted" },
    { reason: "expired" },
    { reason: "missing" },
  ])("round-trips %o", (rejection) => {
    expect(decodeCodeRejection(encodeCodeRejection(rejection))).toEqual(rejection);
  });

  it.each(["", "credentials", "wrong:", "wrong:x", "wrong:3:extra", "locked:", "locked:soon"])(
    "reads %j as no live challenge",
    (code) => {
      expect(decodeCodeRejection(code)).toEqual({ reason: "missing" });
    },
  );
});
