import { describe, expect, it } from "vitest";
import { decodeCodeRejection, encodeCodeRejection, type CodeRejection } from "./code-rejection";

describe("code rejection encoding", () => {
  it.each<CodeRejection>([
    { reason: "wrong", remaining: 3 },
    { reason: "wrong", remaining: 0 },
    { reason: "format" },
    { reason: "exhausted" },
    { reason: "expired" },
    { reason: "missing" },
  ])("round-trips %o", (rejection) => {
    expect(decodeCodeRejection(encodeCodeRejection(rejection))).toEqual(rejection);
  });

  it.each(["", "credentials", "wrong:", "wrong:x", "wrong:3:extra"])("reads %j as no live challenge", (code) => {
    expect(decodeCodeRejection(code)).toEqual({ reason: "missing" });
  });
});
