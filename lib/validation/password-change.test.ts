import { describe, expect, it } from "vitest";
import {
  SIP_PASSWORD_LENGTH,
  SUGGESTION_ALPHABET,
  generateSipPassword,
  weakPasswordReason,
} from "@/lib/changes/sip-password";
import { normalizeLineNumber } from "@/lib/changes/line-number";
import { passwordChangeSchema } from "./password-change";

const valid = {
  number: "05087654321",
  currentPassword: "pass5678",
  newPassword: "k7m2x9qa",
  confirmPassword: "k7m2x9qa",
  requestToken: "6f1c0a52-7d1e-4b8a-9c3f-2a4b5c6d7e8f",
};

function errorsFor(input: Partial<typeof valid>) {
  const result = passwordChangeSchema.safeParse({ ...valid, ...input });
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));
}

describe("the IP phone number", () => {
  it.each([
    ["05087654321", "05087654321"],
    ["０５０８７６５４３２１", "05087654321"],
    ["050-8765-4321", "05087654321"],
    ["050 8765 4321", "05087654321"],
    ["０５０－８７６５－４３２１", "05087654321"],
    ["050ー8765ー4321", "05087654321"],
    ["　050 8765 4321　", "05087654321"],
  ])("normalises %s to %s", (typed, expected) => {
    expect(normalizeLineNumber(typed)).toBe(expected);
    const result = passwordChangeSchema.safeParse({ ...valid, number: typed });
    expect(result.success && result.data.number).toBe(expected);
  });

  it.each([
    ["", "IP加入電話番号を入力してください。"],
    ["0508765432a", "数字で入力"],
    ["09087654321", "050から始まる"],
    ["0508765432", "11桁"],
    ["050876543210", "11桁"],
  ])("refuses %j", (typed, message) => {
    expect(errorsFor({ number: typed }).number).toContain(message);
  });
});

describe("the new password", () => {
  it("accepts eight lowercase letters and digits", () => {
    expect(errorsFor({})).toEqual({});
  });

  it.each([
    ["", "入力してください"],
    ["k7m2x9q", "8文字で入力してください（入力は7文字です）"],
    ["k7m2x9qab", "8文字で入力してください（入力は9文字です）"],
    ["K7m2x9qa", "英大文字は使えません"],
    ["ｋ７ｍ２ｘ９ｑａ", "全角文字は使えません"],
    ["k7m2 9qa", "空白は使えません"],
    ["k7m2-9qa", "記号は使えません"],
    ["k7m2x9q!", "記号は使えません"],
  ])("refuses %j saying which rule failed", (password, message) => {
    expect(errorsFor({ newPassword: password, confirmPassword: password }).newPassword).toContain(message);
  });

  it.each([
    ["aaaaaaaa", "繰り返し"],
    ["11111111", "繰り返し"],
    ["abababab", "繰り返し"],
    ["12341234", "繰り返し"],
    ["12345678", "連続した並び"],
    ["87654321", "連続した並び"],
    ["abcdefgh", "連続した並び"],
    ["stuvwxyz", "連続した並び"],
    ["50765432", "IP加入電話番号の数字"],
    ["12345670", "IP加入電話番号の数字"],
    ["password", "よく使われる"],
    ["abcd1234", "よく使われる"],
    ["1q2w3e4r", "よく使われる"],
  ])("refuses the weak password %s", (password, message) => {
    expect(
      errorsFor({ newPassword: password, confirmPassword: password, number: "05076543210" }).newPassword,
    ).toContain(message);
  });

  it("requires the confirmation to match", () => {
    expect(errorsFor({ confirmPassword: "k7m2x9qb" }).confirmPassword).toContain("一致しません");
    expect(errorsFor({ confirmPassword: "" }).confirmPassword).toContain("もう一度");
  });

  it("must differ from the current password", () => {
    expect(errorsFor({ currentPassword: "k7m2x9qa" }).newPassword).toContain("異なるパスワード");
  });

  it("needs the current password and a request token", () => {
    expect(errorsFor({ currentPassword: "" }).currentPassword).toContain("入力してください");
    expect(errorsFor({ requestToken: "forged" }).requestToken).toContain("もう一度入力画面");
  });
});

describe("generateSipPassword", () => {
  it("makes eight lowercase letters and digits that pass every rule", () => {
    for (let i = 0; i < 500; i++) {
      const password = generateSipPassword("05012345678");
      expect(password).toMatch(/^[a-z0-9]{8}$/);
      expect(weakPasswordReason({ password, number: "05012345678" })).toBeNull();
    }
  });

  it("never suggests the look-alikes l, 1, o and 0, and uses every other symbol", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) for (const char of generateSipPassword()) seen.add(char);
    expect([...seen].filter((char) => "l1o0".includes(char))).toEqual([]);
    expect([...seen].sort().join("")).toBe([...SUGGESTION_ALPHABET].sort().join(""));
  });

  it("keeps at least 40 bits less a millionth: the weak passwords it redraws are a vanishing share", () => {
    const symbols = SUGGESTION_ALPHABET.length;
    expect(symbols).toBe(32);
    // An upper bound on what the rules reject: every repetition of a 1-, 2- or 4-character unit, every straight
    // sequence, the line's own digits (both directions, each start), and the common list.
    const rejected = symbols + symbols ** 2 + symbols ** 4 + 2 * symbols + 2 * 8 + 64;
    const bits = Math.log2(symbols ** SIP_PASSWORD_LENGTH - rejected);
    expect(bits).toBeGreaterThan(39.99999);
  });
});
