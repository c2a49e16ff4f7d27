// What each operator role may do in the console, deny by default: every page, action, export and route handler of
// the console names one of these actions to its guard (lib/auth/guards.ts requireOperator), and nothing else grants
// anything. The table is the only place a role's rights are written.
import type { OperatorRole } from "@/db/enums";

/** Every thing an operator can do, with its name in the console's words. */
export const operatorActions = {
  "changes.read": "パスワード変更の状況を見る",
  "changes.export": "パスワード変更の一覧をCSVで書き出す",
  "customers.read": "お客様の情報を見る",
  "customers.unlock": "ロックを解除する",
  "customers.end-sessions": "お客様のログインをすべて終了する",
  "customers.reissue-letter": "初期パスワードを再発行する",
  "letters.print": "「サービス開始のご案内」を印刷する",
  "sip.lift-ban": "接続元の制限を解除する",
  "lines.international-off": "回線の国際電話の利用をオフにする",
  "customers.change-email": "登録メールアドレスを変更する",
  "customers.remove-passkeys": "お客様のパスキーを削除する",
  "changes.operate": "反映を今すぐ実行する・失敗した変更を再試行する",
  "lines.lifecycle": "回線を停止・再開・解約する",
  "imports.manage": "CSVを取り込む",
  "api-keys.manage": "APIキーを管理する",
  "operators.manage": "オペレーターを管理する",
  "operators.read-trail": "オペレーターの操作記録を見る",
  "approvals.decide": "承認待ちの操作を承認する",
} as const;
export type OperatorAction = keyof typeof operatorActions;

const read = ["changes.read", "changes.export", "customers.read"] as const satisfies OperatorAction[];
const support = [
  ...read,
  "customers.unlock",
  "customers.end-sessions",
  "customers.reissue-letter",
  "letters.print",
  "sip.lift-ban",
  "lines.international-off",
] as const satisfies OperatorAction[];

const granted: Record<OperatorRole, ReadonlySet<OperatorAction>> = {
  viewer: new Set(read),
  support: new Set(support),
  admin: new Set(Object.keys(operatorActions) as OperatorAction[]),
};

export const roleNames: Record<OperatorRole, string> = {
  viewer: "閲覧（viewer）",
  support: "サポート（support）",
  admin: "管理者（admin）",
};

export const can = (role: OperatorRole, action: OperatorAction): boolean => granted[role].has(action);
