import { describe, expect, it } from "vitest";
import {
  OPERATOR_REASON_MAX,
  OTHER_REASON,
  TICKET_MAX,
  operatorReasonSchema,
  operatorReasons,
  parseOperatorReason,
} from "./operator-reason";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

const messages = (result: ReturnType<typeof parseOperatorReason>) =>
  result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), issue.message]));

describe("the operator's reason", () => {
  it("records a listed reason and the ticket", () => {
    expect(parseOperatorReason(form({ reason: operatorReasons[0], ticket: " INC-123 " }))).toMatchObject({
      success: true,
      data: { reason: "お客様からの電話", ticket: "INC-123" },
    });
  });

  it("leaves the ticket out when empty or absent, and ignores a typed reason with a listed one", () => {
    const result = parseOperatorReason(form({ reason: "不正利用の調査", reasonText: "メモ" }));
    expect(result.success && result.data).toEqual({ reason: "不正利用の調査" });
  });

  it("takes the typed reason for その他, and asks for one when it is empty", () => {
    const typed = parseOperatorReason(form({ reason: OTHER_REASON, reasonText: "  社内監査の依頼 " }));
    expect(typed.success && typed.data).toEqual({ reason: "社内監査の依頼" });
    expect(messages(parseOperatorReason(form({ reason: OTHER_REASON, reasonText: "  " })))).toEqual({
      reasonText: "「その他」の理由を入力してください。",
    });
  });

  it("refuses a missing or unlisted reason, long or controlled text, and a non-ASCII ticket", () => {
    expect(messages(parseOperatorReason(new FormData()))).toEqual({ reason: "理由を選択してください。" });
    expect(messages(parseOperatorReason(form({ reason: "思いつき" })))).toEqual({ reason: "理由を選択してください。" });
    const long = messages(
      parseOperatorReason(form({ reason: OTHER_REASON, reasonText: "あ".repeat(OPERATOR_REASON_MAX + 1) })),
    );
    expect(long.reasonText).toMatch(/200文字以内/);
    expect(messages(parseOperatorReason(form({ reason: OTHER_REASON, reasonText: "a\u0000b" }))).reasonText).toMatch(
      /使用できない/,
    );
    expect(messages(parseOperatorReason(form({ reason: "その他", reasonText: "x", ticket: "番号 1" }))).ticket).toMatch(
      /半角/,
    );
    expect(
      messages(parseOperatorReason(form({ reason: "その他", reasonText: "x", ticket: "A".repeat(TICKET_MAX + 1) })))
        .ticket,
    ).toMatch(/64文字以内/);
  });

  it("turns a full-width ticket into half-width", () => {
    const result = parseOperatorReason(form({ reason: "契約内容の変更", ticket: "ＩＮＣ－１２３" }));
    expect(result.success && result.data).toEqual({ reason: "契約内容の変更", ticket: "INC-123" });
  });

  it("parses plain objects too (a form's fields beside an action's own)", () => {
    expect(operatorReasonSchema.parse({ reason: "不正利用の調査", ticket: null })).toEqual({
      reason: "不正利用の調査",
    });
  });
});
