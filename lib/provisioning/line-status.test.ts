import { describe, expect, it } from "vitest";
import { suspensionReasons } from "@/db/enums";
import { changeRefusalFor, suspensionAdvice, suspensionSentence } from "./line-status";

describe("a line's status in the customer's words", () => {
  it("says why a line is suspended without the billing system's codes", () => {
    expect(suspensionSentence("non-payment")).toBe(
      "この番号は、ご利用料金のお支払いが確認できないため、現在ご利用を停止しています。",
    );
    expect(suspensionSentence("fraud")).toContain("不正利用のおそれがあるため");
    expect(suspensionSentence("customer-request")).toContain("お客様のお申し出により");
    expect(suspensionSentence("police-request")).toContain("関係機関からの要請により");
    expect(suspensionSentence(null)).toBe("この番号は、現在ご利用を停止しています。");
    for (const reason of suspensionReasons) {
      expect(suspensionSentence(reason)).not.toMatch(/[a-z]/);
      expect(suspensionAdvice(reason)).toContain("サポート窓口");
    }
  });

  it("tells why the change form refuses a suspended or ended line", () => {
    expect(changeRefusalFor("suspended", "non-payment")).toContain(
      "利用停止中の番号はIP加入電話パスワードを変更できません",
    );
    expect(changeRefusalFor("terminated", null)).toContain("ご解約済み");
    expect(changeRefusalFor("terminated", null)).toContain("変更履歴");
  });
});
