// A line's life as the customer reads it (docs/provisioning.md, "Letters and first sign-in"): one place for the
// words of a suspended or ended line, on the menu, the change form's refusals and the letter. The reasons are put so
// that they accuse nobody: the billing system's codes are for operators.
import type { LineStatus, SuspensionReason } from "@/db/enums";

export const lineStatusNames: Record<LineStatus, string> = {
  active: "ご利用中",
  suspended: "利用停止中",
  terminated: "ご解約済み",
};

/** Why the line is suspended, in the console's words (the operator picks one when suspending). */
export const suspensionReasonNames: Record<SuspensionReason, string> = {
  "non-payment": "料金未払い",
  fraud: "不正利用",
  "customer-request": "お客様のお申し出",
  "police-request": "関係機関の要請",
};

/** Why the line is suspended, as a clause that ends in 「…ため」 or 「…により」. */
const suspensionReasonWords: Record<SuspensionReason, string> = {
  "non-payment": "ご利用料金のお支払いが確認できないため",
  fraud: "不正利用のおそれがあるため",
  "customer-request": "お客様のお申し出により",
  "police-request": "関係機関からの要請により",
};

/** 「この番号は、ご利用料金のお支払いが確認できないため、現在ご利用を停止しています。」 */
export function suspensionSentence(reason: SuspensionReason | null): string {
  return reason
    ? `この番号は、${suspensionReasonWords[reason]}、現在ご利用を停止しています。`
    : "この番号は、現在ご利用を停止しています。";
}

/** Whom to ask, per reason: unpaid bills are settled with the billing contact, the others need the support desk. */
export function suspensionAdvice(reason: SuspensionReason | null): string {
  switch (reason) {
    case "non-payment":
      return "お支払いが確認でき次第、ご利用を再開します。お支払い済みの場合やご不明な点は、サポート窓口までお問い合わせください。";
    case "customer-request":
      return "ご利用の再開をご希望の場合は、サポート窓口までお申し出ください。";
    default:
      return "詳しくは、サポート窓口までお問い合わせください。";
  }
}

/** Why the change form refused the customer's own line (the action's message, tied to the number field). */
export function changeRefusalFor(status: Exclude<LineStatus, "active">, reason: SuspensionReason | null): string {
  return status === "suspended"
    ? `${suspensionSentence(reason)}利用停止中の番号はIP加入電話パスワードを変更できません。`
    : "この番号はご解約済みのため、IP加入電話パスワードを変更できません。これまでの変更履歴は「変更履歴」でご確認いただけます。";
}
