import { describe, expect, it } from "vitest";
import { auditTypes } from "@/db/enums";
import { auditLabels, describeAuditDetail } from "./audit-labels";

describe("the audit trail in Japanese", () => {
  it("names every event type in Japanese", () => {
    for (const type of auditTypes) expect(auditLabels[type]).toMatch(/[\p{Script=Han}\p{Script=Katakana}]/u);
  });

  it("points a superseded change at the change that replaced it", () => {
    const id = "5d0c0e1a-3a1c-4c5e-9f43-0d1c8b7a6e21";
    expect(describeAuditDetail("change.superseded", { by: id })).toEqual({ text: "置き換えた変更：", changeId: id });
  });

  it("writes the detail as words, never as JSON", () => {
    expect(describeAuditDetail("change.rejected", { number: "05012345678", reason: "wrong-current-password" })).toEqual(
      {
        text: "番号：05012345678、理由：現IP加入電話パスワードの誤り",
      },
    );
    expect(describeAuditDetail("change.retry", { reason: "database unreachable", transient: true }).text).toBe(
      "理由：database unreachable、一時的な障害のため試行回数に数えていません",
    );
    expect(describeAuditDetail("change.reflected", null)).toEqual({ text: null });
    expect(
      describeAuditDetail("line.guess-flood-notice", { number: "05012345678", wrongPasswords: 120, addresses: 40 })
        .text,
    ).toBe("番号：05012345678、誤ったパスワード：120回、接続元の数：40");
  });

  it("says an operator's reason, the ticket, a line's suspension reason and what an approval was for", () => {
    expect(
      describeAuditDetail("line.suspended", {
        number: "05012345678",
        reason: "お客様からの電話",
        suspensionReason: "fraud",
        ticket: "INC-1",
      }).text,
    ).toBe("番号：05012345678、理由：お客様からの電話、停止理由：不正利用、チケット番号：INC-1");
    expect(describeAuditDetail("approval.requested", { approvalKind: "line-termination" }).text).toBe(
      "申請：回線の解約",
    );
  });

  it("says which operator acted, why, under which ticket", () => {
    expect(
      describeAuditDetail("operator.unlocked", {
        operator: "サポート 一号",
        reason: "お客様からの電話",
        ticket: "INC-1",
        cleared: 1,
      }).text,
    ).toBe("理由：お客様からの電話、チケット番号：INC-1、操作したオペレーター：サポート 一号、解除した制限：1件");
  });

  it("says on which page an operator saw a customer's data", () => {
    expect(describeAuditDetail("operator.viewed-customer", { operator: "閲覧 一号", page: "change" }).text).toBe(
      "操作したオペレーター：閲覧 一号、表示した画面：変更の詳細",
    );
  });
});
