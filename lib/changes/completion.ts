// What the completion page says first, by what became of the change and how it switches: never "complete" for one
// that did not happen, and never a promise the registrar does not keep (lib/changes/rotation.ts).
import type { ChangeStatus, ServiceKind, SwitchMode } from "@/db/enums";
import { formatJst } from "@/lib/jst";
import { reflectionMode } from "./reflection";
import { deviceInstruction } from "./rotation";

type Change = {
  status: ChangeStatus;
  serviceKind: ServiceKind;
  switchMode: SwitchMode;
  requestedAt: Date;
  reflectionAt: Date;
  appliedAt: Date | null;
  cancelledAt: Date | null;
  graceUntil: Date | null;
  graceEndedAt: Date | null;
};

export const rotationOf = (change: Change) => ({
  mode: change.switchMode,
  requestedAt: change.requestedAt,
  reflection: { at: change.reflectionAt, mode: reflectionMode(change.serviceKind) },
  graceUntil: change.graceUntil,
  graceEndedAt: change.graceEndedAt,
});

/** After the reflection: whether the device may still use the old password, and until when. */
function reflectedBody(change: Change): string {
  const applied = `${change.appliedAt ? formatJst(change.appliedAt) : ""} に反映しました。`;
  if (change.switchMode === "emergency") {
    return `${applied}IP電話対応機器の設定を新しいパスワードに変更すると、発信・着信できます。以前のパスワードは使えません。`;
  }
  if (change.graceEndedAt || !change.graceUntil) {
    return `${applied}新しいパスワードで機器が登録されたため、以前のパスワードは使えなくなりました。ほかにも機器があれば、設定を新しいパスワードに変更してください。`;
  }
  return `${applied}${formatJst(change.graceUntil)} までに、IP電話対応機器の設定を新しいパスワードに変更してください。それまでは以前の設定のままでも発信・着信できます。`;
}

/** What the page says first, by what became of the change: never "complete" for one that did not happen. */
export function completionHeadline(change: Change): { title: string; body: string } {
  const headlines: Record<ChangeStatus, { title: string; body: string }> = {
    pending: {
      title:
        change.switchMode === "emergency"
          ? "IP加入電話パスワードの変更（緊急）が完了しました。今のパスワードは使えなくなりました。"
          : "IP加入電話パスワードの変更が完了しました。",
      body: deviceInstruction(rotationOf(change)),
    },
    reflected: {
      title: "新しいIP加入電話パスワードは、弊社システムに反映済みです。",
      body: reflectedBody(change),
    },
    superseded: {
      title: "この変更は、あとから行われた変更に置き換えられました。",
      body: "同じ番号で新しい変更が行われたため、この変更は反映されません。最新の変更の状況は変更履歴でご確認ください。",
    },
    cancelled: {
      title: "この変更は取り消しました。",
      body: `${change.cancelledAt ? formatJst(change.cancelledAt) : ""} に取り消しました。パスワードは変更前のものに戻っています。IP電話対応機器の設定は、変更前のパスワードのままでご利用いただけます。`,
    },
    failed: {
      title: "弊社システムへの反映ができませんでした。",
      body: "ご不便をおかけして申し訳ございません。お手数ですが、下記のサポート窓口までご連絡ください。",
    },
  };
  return headlines[change.status];
}
