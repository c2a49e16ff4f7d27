// The audit trail in the operator's words: every event type in Japanese, and its detail as a sentence, not JSON.
import { switchModeNames } from "@/lib/changes/rotation";
import { type ApiKeyScope, type ApprovalKind, type AuditType, isOperatorRole, roles } from "@/db/enums";
import { roleNames } from "@/lib/auth/permissions";

export const auditLabels: Record<AuditType, string> = {
  "login.failed": "ログイン失敗",
  "login.throttled": "ログイン試行の制限",
  "login.locked": "ロック中のログイン試行",
  "login.lockout": "ログインのロック",
  "login.password-ok": "パスワード確認済み（認証コード送信へ）",
  "login.succeeded": "ログイン",
  "login.passkey-required": "パスキーでのログインが必要（パスワードと認証コードは不可）",
  "code.sent": "認証コード送信",
  "code.send-failed": "認証コードの送信失敗",
  "code.resent": "認証コード再送信",
  "code.failed": "認証コードの誤り",
  "code.exhausted": "認証コードの誤りが上限に達した",
  "code.locked": "ロック中の認証コード入力",
  "code.lockout": "認証コードによるログインのロック",
  "code.verified": "認証コード確認",
  signout: "ログアウト",
  "change.requested": "変更受付",
  "change.superseded": "新しい変更に置き換え",
  "change.rejected": "変更を受け付けず",
  "change.throttled": "変更の制限（誤りが続いた番号）",
  "change.busy": "変更の制限（手続きが集中）",
  "change.mail-failed": "メール送信失敗",
  "change.cancelled": "お客様による取り消し",
  "change.reflected": "システムに反映",
  "change.retry": "反映失敗（再試行待ち）",
  "change.failed": "反映失敗",
  "admin.reflect-now": "管理者が反映処理を実行",
  "admin.retry": "管理者が再反映を指示",
  "admin.force-signout": "管理者がお客様をすべての端末からログアウト",
  "account.password-changed": "セルフケアパスワードの変更（ほかの端末はログアウト）",
  "account.password-rejected": "セルフケアパスワード変更の拒否（現在のパスワードの誤り）",
  "account.password-throttled": "セルフケアパスワード変更の制限",
  "change.secret-wiped": "保存期間を過ぎた暗号文を消去",
  "change.registration-reminded": "機器未登録のお知らせを送信",
  "change.cut-off": "緊急の切り替え：以前のパスワードを停止し、機器の登録を解除",
  "admin.ban-lifted": "接続拒否を管理者が解除",
  "line.stranger-notice": "不正な接続試行のお知らせを送信",
  "line.stale-device-notice": "古いパスワードの機器のお知らせを送信",
  "line.guess-flood-notice": "パスワード推測の集中のお知らせを送信",
  "passkey.added": "パスキーの登録",
  "passkey.removed": "パスキーの削除",
  "passkey.removed-by-admin": "管理者によるパスキーの削除",
  "passkey.removed-recent": "最近登録されたパスキーの削除（パスワード変更・全端末ログアウト）",
  "passkey.sign-in-failed": "パスキーによるログイン失敗",
  "passkey.counter-regressed": "パスキーの署名カウンターの巻き戻り（複製の疑い）",
  "step-up.verified": "本人確認（追加認証）",
  "step-up.failed": "本人確認（追加認証）の失敗",
  "provisioning.customer-created": "お客様の登録（プロビジョニング）",
  "provisioning.customer-updated": "お客様情報の更新（プロビジョニング）",
  "line.provisioned": "回線の登録（プロビジョニング）",
  "line.updated": "回線情報の更新",
  "line.suspended": "回線の利用停止",
  "line.resumed": "回線の利用再開",
  "line.terminated": "回線の解約",
  "import.checked": "CSV取り込みの確認（書き込みなし）",
  "import.applied": "CSV取り込みの反映",
  "api-key.created": "プロビジョニングAPIキーの発行",
  "api-key.revoked": "プロビジョニングAPIキーの失効",
  "letter.printed": "「サービス開始のご案内」を印刷（記載のパスワードは消去）",
  "letter.reissued": "「サービス開始のご案内」を再発行（初期パスワードを再設定し、すべての端末をログアウト）",
  "operator.created": "オペレーターの登録",
  "operator.role-changed": "オペレーターの役割の変更",
  "operator.disabled": "オペレーターの無効化（すべての端末をログアウト）",
  "operator.enabled": "オペレーターの有効化",
  "operator.code-fallback-changed": "オペレーターのメール認証コードによるログインの許可の変更",
  "approval.requested": "承認の申請（2人目の管理者の承認待ち）",
  "approval.approved": "申請の承認（操作を実行）",
  "approval.rejected": "申請の却下",
  "approval.expired": "申請の期限切れ（24時間）",
  "operator.viewed-customer": "オペレーターがお客様の情報を表示",
  "operator.unlocked": "オペレーターがロックを解除",
  "operator.email-changed": "オペレーターが登録メールアドレスを変更（新旧のアドレスに通知）",
  "international.enabled": "国際電話の利用をオンにした（本人確認済み・メールで通知）",
  "international.disabled": "国際電話の利用をオフにした",
  "international.burst": "国際発信の異常：短時間の国際発信が多いため国際電話の利用を自動でオフ",
  "international.idle-off": "国際電話の利用を自動でオフ（長期間国際発信なし）",
};

/** What a request for a second admin's approval asks for. */
export const approvalKindNames: Record<ApprovalKind, string> = {
  "line-termination": "回線の解約",
  "import-apply": "CSV取り込みの反映",
};

const rejectionReasons: Record<string, string> = {
  "unknown-number": "存在しない番号",
  "not-owner": "お客様の契約ではない番号",
  "wrong-current-password": "現IP加入電話パスワードの誤り",
  "concurrent-change": "同じ番号の変更と同時",
  "line-suspended": "利用停止中の番号",
  "line-terminated": "回線の解約",
  "non-payment": "料金未払い",
  fraud: "不正利用",
  "customer-request": "お客様のお申し出",
  "police-request": "関係機関の要請",
};

/** What a provisioning API key may do, as the console says it. */
export const apiKeyScopeNames: Record<ApiKeyScope, string> = { read: "読み取り", write: "読み書き" };

const provisioningSources: Record<string, string> = {
  "api-key": "API",
  admin: "運用コンソール",
  "command-line": "コマンドライン",
};

const importCountLabels = [
  ["created", "作成"],
  ["updated", "更新"],
  ["unchanged", "変更なし"],
  ["rejected", "エラー"],
] as const;

type Detail = Record<string, string | number | boolean | null> | null;

/** One event's detail as the console shows it: words, and the change it points to when there is one. */
export function describeAuditDetail(type: AuditType, detail: Detail): { text: string | null; changeId?: string } {
  if (!detail) return { text: null };
  if (type === "change.superseded" && typeof detail.by === "string") {
    return { text: "置き換えた変更：", changeId: detail.by };
  }
  const parts: string[] = [];
  if (typeof detail.via === "string") {
    const key = typeof detail.key === "string" ? `（キー：${detail.key}）` : "";
    parts.push(`経路：${provisioningSources[detail.via] ?? detail.via}${key}`);
  }
  if (typeof detail.apiKey === "string") parts.push(`APIキー：${detail.apiKey}`);
  if (detail.scope === "read" || detail.scope === "write") parts.push(`権限：${apiKeyScopeNames[detail.scope]}`);
  if (typeof detail.externalId === "string") parts.push(`お客様番号：${detail.externalId}`);
  if (typeof detail.number === "string") parts.push(`番号：${detail.number}`);
  if (typeof detail.selfCareId === "string") parts.push(`セルフケアID：${detail.selfCareId}`);
  if (detail.selfCarePassword === false) parts.push("追加回線のご案内（セルフケアパスワードの記載なし）");
  if (typeof detail.sipPasswords === "number") parts.push(`記載したIP加入電話パスワード：${detail.sipPasswords}件`);
  if (typeof detail.reason === "string") parts.push(`理由：${rejectionReasons[detail.reason] ?? detail.reason}`);
  if (typeof detail.suspensionReason === "string")
    parts.push(`停止理由：${rejectionReasons[detail.suspensionReason] ?? detail.suspensionReason}`);
  if (typeof detail.ticket === "string") parts.push(`チケット番号：${detail.ticket}`);
  if (detail.approvalKind === "line-termination" || detail.approvalKind === "import-apply")
    parts.push(`申請：${approvalKindNames[detail.approvalKind]}`);
  if (detail.switchMode === "routine" || detail.switchMode === "emergency")
    parts.push(`切り替え方法：${switchModeNames[detail.switchMode]}`);
  if (typeof detail.address === "string") parts.push(`接続元：${detail.address}`);
  if (typeof detail.wrongPasswords === "number") parts.push(`誤ったパスワード：${detail.wrongPasswords}回`);
  if (typeof detail.addresses === "number") parts.push(`接続元の数：${detail.addresses}`);
  if (typeof detail.bansLifted === "number") parts.push(`解除した接続元の制限：${detail.bansLifted}件`);
  if (typeof detail.registrationsRemoved === "number")
    parts.push(`解除した機器の登録：${detail.registrationsRemoved}件`);
  if (detail.transient === true) parts.push("一時的な障害のため試行回数に数えていません");
  if (typeof detail.reflected === "number") parts.push(`反映${detail.reflected}件`);
  if (typeof detail.failed === "number") parts.push(`失敗${detail.failed}件`);
  if (detail.device === true) parts.push("この端末でのログイン実績あり");
  if (typeof detail.operator === "string") parts.push(`操作したオペレーター：${detail.operator}`);
  if (detail.page === "change" || detail.page === "line")
    parts.push(`表示した画面：${detail.page === "change" ? "変更の詳細" : "回線"}`);
  const roleName = (value: unknown) => {
    const role = roles.find((candidate) => candidate === value);
    return role && isOperatorRole(role) ? roleNames[role] : String(value);
  };
  if (typeof detail.previousRole === "string") parts.push(`変更前の役割：${roleName(detail.previousRole)}`);
  if (typeof detail.role === "string") parts.push(`役割：${roleName(detail.role)}`);
  if (typeof detail.codeFallback === "boolean")
    parts.push(`メールの認証コードでのログイン：${detail.codeFallback ? "許可" : "不可（パスキーのみ）"}`);
  if (detail.disabled === true) parts.push("無効化されたアカウント");
  if (typeof detail.cleared === "number") parts.push(`解除した制限：${detail.cleared}件`);
  if (typeof detail.fileName === "string") parts.push(`ファイル：${detail.fileName}`);
  if (typeof detail.rows === "number") parts.push(`${detail.rows}行`);
  for (const [key, label] of importCountLabels) {
    if (typeof detail[key] === "number") parts.push(`${label}${detail[key]}行`);
  }
  return { text: parts.length > 0 ? parts.join("、") : null };
}
