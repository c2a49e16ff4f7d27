// The customer's audit trail by kind, as the desk's filter offers it: each kind a group of event types.
import { type AuditType, auditTypes } from "@/db/enums";
import type { TrailKindKey } from "@/lib/validation/customer-page";

const startsWith =
  (...prefixes: string[]) =>
  (type: AuditType) =>
    prefixes.some((prefix) => type === prefix || type.startsWith(`${prefix}.`));

const kinds: Record<TrailKindKey, { label: string; includes: (type: AuditType) => boolean }> = {
  "sign-in": { label: "ログイン・認証", includes: startsWith("login", "code", "signout", "step-up", "passkey") },
  account: {
    label: "アカウント（パスワード・登録情報・ご案内）",
    includes: startsWith("account", "letter", "provisioning"),
  },
  changes: { label: "IP加入電話パスワードの変更", includes: startsWith("change", "admin.retry") },
  lines: { label: "回線・機器・接続拒否", includes: startsWith("line", "admin.ban-lifted") },
  operators: {
    label: "オペレーターの操作・閲覧",
    includes: (type) => startsWith("admin", "operator", "passkey.removed-by-admin", "letter.reissued")(type),
  },
};

export const trailKindLabels = Object.fromEntries(
  Object.entries(kinds).map(([key, kind]) => [key, kind.label]),
) as Record<TrailKindKey, string>;

/** The event types of `kind`; undefined (every type) without one. */
export const trailTypes = (kind: TrailKindKey | undefined): AuditType[] | undefined =>
  kind ? auditTypes.filter(kinds[kind].includes) : undefined;
