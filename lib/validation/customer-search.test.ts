import { describe, expect, it } from "vitest";
import { ADMIN_SEARCH_MAX } from "./limits";
import { parseCustomerSearch } from "./customer-search";

describe("the support desk's search box", () => {
  it("reads a line number typed in full-width digits with hyphens", () => {
    expect(parseCustomerSearch("０５０－１１１１－２２２２")).toEqual({ text: "050-1111-2222", number: "05011112222" });
    expect(parseCustomerSearch(" 050 1111 2222 ")).toEqual({ text: "050 1111 2222", number: "05011112222" });
  });

  it("keeps other text as typed (half-width), with no number", () => {
    expect(parseCustomerSearch("ｄｅｍｏ０００２")).toEqual({ text: "demo0002", number: null });
    expect(parseCustomerSearch(["Demo@Example.jp", "x"])).toEqual({ text: "Demo@Example.jp", number: null });
  });

  it("searches for nothing when empty, too long or with control characters", () => {
    for (const q of [undefined, "", "   ", "a".repeat(ADMIN_SEARCH_MAX + 1), "a\u0000b"])
      expect(parseCustomerSearch(q)).toBeNull();
  });
});
