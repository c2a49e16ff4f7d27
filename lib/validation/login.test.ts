import { describe, expect, it } from "vitest";
import { parseAdminQuery } from "./admin-filter";
import { codeSchema, loginSchema } from "./login";

describe("login fields", () => {
  it("refuses control characters in a self-care ID with a message, before any database sees them", () => {
    const result = loginSchema.safeParse({ selfCareId: "demo\u00000001", password: "x" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("セルフケアIDに使用できない文字が含まれています。");
    expect(loginSchema.safeParse({ selfCareId: " demo0001 ", password: "x" }).data?.selfCareId).toBe("demo0001");
  });

  it("accepts a pasted code with spaces or full-width digits, and nothing else", () => {
    expect(codeSchema.parse({ code: "１２３ ４５６" }).code).toBe("123456");
    expect(codeSchema.safeParse({ code: "12345\u0000" }).success).toBe(false);
  });

  it("drops an admin search with control characters instead of querying with it", () => {
    expect(parseAdminQuery({ q: "demo\u00000001" }).filter.selfCareId).toBeUndefined();
    expect(parseAdminQuery({ q: "demo0001" }).filter.selfCareId).toBe("demo0001");
  });
});
