import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv";

describe("csvCell", () => {
  it("quotes every cell and doubles its quotes", () => {
    expect(csvCell('山田 "太郎"')).toBe('"山田 ""太郎"""');
    expect(csvLine(["a", "b"])).toBe('"a","b"\r\n');
  });

  it("defuses a formula at the start, after spaces, and in full-width forms", () => {
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "  =HYPERLINK(1)", "＝1+1", "＋1", "＠A1", "\t=1", "\n=1"]) {
      expect(csvCell(formula)).toBe(`"'${formula}"`);
    }
  });

  it("leaves ordinary text alone", () => {
    expect(csvCell("taro@example.jp")).toBe('"taro@example.jp"');
    expect(csvCell("050-1234-5678")).toBe('"050-1234-5678"');
  });
});
