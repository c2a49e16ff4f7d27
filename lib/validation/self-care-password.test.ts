import { describe, expect, it } from "vitest";
import { selfCarePasswordSchema } from "./self-care-password";

const schema = selfCarePasswordSchema("demo0001");
const form = (newPassword: string, extra: Record<string, string> = {}) => ({
  currentPassword: "Demo-pass-0001",
  newPassword,
  confirmPassword: newPassword,
  ...extra,
});
const errorsOf = (value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? {} : result.error.flatten().fieldErrors;
};

describe("the self-care password rules (NIST SP 800-63B)", () => {
  it("takes 12 to 128 characters of any kind, with no composition rules", () => {
    for (const password of [
      "abcdefghijkl",
      "correct horse battery staple",
      "ひらがなとカタカナの文章だけ",
      "x".repeat(127) + "y",
    ]) {
      expect(errorsOf(form(password)), password).toEqual({});
    }
  });

  it("counts characters, not bytes: twelve kanji are enough, eleven are not", () => {
    expect(errorsOf(form("電話番号変更手続完了確認済"))).toEqual({});
    expect(errorsOf(form("電話番号変更手続完了確認")).newPassword).toBeUndefined();
    expect(errorsOf(form("電話番号変更手続完了確")).newPassword?.[0]).toContain("12文字以上");
  });

  it("refuses one that is too short or too long", () => {
    expect(errorsOf(form("short-pass1")).newPassword?.[0]).toContain("12文字以上128文字以内");
    expect(errorsOf(form("x".repeat(129))).newPassword?.[0]).toContain("12文字以上128文字以内");
  });

  it("refuses the self-care ID, a common password, the current one, and control characters", () => {
    const id = selfCarePasswordSchema("longselfcareid1");
    expect(id.safeParse(form("LONGSELFCAREID1")).success).toBe(false);
    expect(errorsOf(form("Password1234")).newPassword?.[0]).toContain("よく使われる");
    expect(errorsOf(form("Demo-pass-0001", { currentPassword: "Demo-pass-0001" })).newPassword?.[0]).toContain(
      "現在のセルフケアパスワードと同じ",
    );
    expect(errorsOf(form("abc\u0000defghijklm")).newPassword?.[0]).toContain("使用できない文字");
  });

  it("ties a mismatched confirmation to its own field", () => {
    expect(errorsOf({ ...form("abcdefghijkl"), confirmPassword: "abcdefghijkm" })).toEqual({
      confirmPassword: ["確認用のパスワードが新しいセルフケアパスワードと一致しません。"],
    });
  });

  it("normalises a pasted code, and leaves it optional", () => {
    expect(schema.parse(form("abcdefghijkl", { code: " １２３４５６ " })).code).toBe("123456");
    expect(schema.parse(form("abcdefghijkl")).code).toBeUndefined();
  });
});
