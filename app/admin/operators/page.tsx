import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { listOperators } from "@/db/queries/operators";
import { isOperatorRole, operatorRoles } from "@/db/enums";
import { requireOperator } from "@/lib/auth/guards";
import { roleNames } from "@/lib/auth/permissions";
import { formatJst } from "@/lib/jst";
import { OPERATOR_REASON_MAX, OTHER_REASON, TICKET_MAX, operatorReasons } from "@/lib/validation/operator-reason";
import { ChangeOperatorForm } from "./change-form";
import { CreateOperatorForm } from "./create-form";

export const metadata: Metadata = { title: "オペレーター（管理）" };

const columns = [
  "ID",
  "名前",
  "メールアドレス",
  "役割",
  "パスキー",
  "メールの認証コード",
  "状態",
  "最終ログイン",
  "操作",
];
const cell = "border border-brand-100 px-2 py-1.5";

const doneMessages: Record<string, (id: string) => string> = {
  role: (id) => `「${id}」の役割を変更しました。`,
  disable: (id) => `「${id}」を無効にしました。このオペレーターのログインはすべて終了し、ログインできなくなりました。`,
  enable: (id) => `「${id}」を有効にしました。`,
  "code-fallback": (id) => `「${id}」のメールの認証コードによるログインの設定を変更しました。`,
};

export default async function OperatorsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireOperator("operators.manage");
  const query = await searchParams;
  const editing = z.uuid().safeParse(query.edit);
  const operators = await listOperators();
  const target = editing.success ? operators.find((operator) => operator.id === editing.data) : undefined;
  const done = typeof query.done === "string" && typeof query.id === "string" ? doneMessages[query.done] : undefined;
  const reasonProps = {
    reasons: operatorReasons,
    other: OTHER_REASON,
    reasonMax: OPERATOR_REASON_MAX,
    ticketMax: TICKET_MAX,
  };

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">オペレーター</h1>
      <p>
        運用コンソールを使う人の一覧です。役割ごとにできることが決まっています（閲覧：見るだけ、サポート：ロック解除・ご案内の再発行・ログアウト・接続元の制限の解除、管理者：すべて）。操作はすべて理由とともに
        <Link href="/admin/operators/trail" className="text-brand-700 underline">
          オペレーターの操作記録
        </Link>
        に残ります。
      </p>
      {done && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          {done(String(query.id))}
        </p>
      )}
      {target && isOperatorRole(target.role) && (
        <section
          aria-labelledby="edit-heading"
          className="space-y-4 rounded border-2 border-brand-600 bg-brand-50 p-4"
          data-testid="operator-edit"
        >
          <h2 id="edit-heading" className="text-lg font-bold">
            「{target.selfCareId}」（{target.displayName}）を変更する
          </h2>
          {target.id === session.user.id ? (
            <p role="note">ご自身のアカウントの役割の変更や無効化はできません。ほかの管理者に依頼してください。</p>
          ) : (
            <div className="grid gap-4 lg:grid-cols-3">
              <ChangeOperatorForm
                operatorId={target.id}
                kind="role"
                title="役割を変更する"
                submitLabel="役割を変更する"
                {...reasonProps}
              >
                <div className="grid gap-1">
                  <label htmlFor="change-role" className="font-bold">
                    新しい役割
                  </label>
                  <select
                    id="change-role"
                    name="role"
                    defaultValue={target.role}
                    className="min-h-11 w-full max-w-sm rounded border border-gray-500 bg-white px-3 py-2"
                  >
                    {operatorRoles.map((role) => (
                      <option key={role} value={role}>
                        {roleNames[role]}
                      </option>
                    ))}
                  </select>
                </div>
              </ChangeOperatorForm>
              {target.disabledAt ? (
                <ChangeOperatorForm
                  operatorId={target.id}
                  kind="enable"
                  title="有効にする"
                  submitLabel="有効にする"
                  {...reasonProps}
                />
              ) : (
                <ChangeOperatorForm
                  operatorId={target.id}
                  kind="disable"
                  title="無効にする"
                  submitLabel="無効にする"
                  danger
                  {...reasonProps}
                >
                  <p className="text-sm">
                    無効にすると、このオペレーターのログインはすぐにすべて終了し、ログインできなくなります。
                  </p>
                </ChangeOperatorForm>
              )}
              <ChangeOperatorForm
                operatorId={target.id}
                kind="code-fallback"
                title="メールの認証コードによるログイン"
                submitLabel={target.codeFallback ? "許可をやめる（パスキーのみ）" : "許可する"}
                {...reasonProps}
              >
                <input type="hidden" name="codeFallback" value={String(!target.codeFallback)} />
                <p className="text-sm">
                  現在：
                  {target.codeFallback
                    ? "許可（パスワードとメールの認証コードでもログインできます）"
                    : "不可（パスキーのみ）"}
                </p>
              </ChangeOperatorForm>
            </div>
          )}
          <p>
            <Link href="/admin/operators" className="text-brand-700 underline">
              やめる
            </Link>
          </p>
        </section>
      )}
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="py-2 text-left font-bold">オペレーターの一覧</caption>
          <thead>
            <tr className="bg-brand-100 text-left">
              {columns.map((heading) => (
                <th key={heading} scope="col" className="border border-brand-100 px-2 py-2 whitespace-nowrap">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {operators.map((operator) => (
              <tr key={operator.id} data-testid="operator-row">
                <th scope="row" className={`${cell} text-left font-mono font-normal`}>
                  {operator.selfCareId}
                </th>
                <td className={cell}>{operator.displayName}</td>
                <td className={cell}>{operator.email}</td>
                <td className={cell}>{isOperatorRole(operator.role) ? roleNames[operator.role] : operator.role}</td>
                <td className={cell}>{operator.passkeys}件</td>
                <td className={cell}>{operator.codeFallback ? "許可" : "不可（パスキーのみ）"}</td>
                <td className={cell}>{operator.disabledAt ? `無効（${formatJst(operator.disabledAt)}）` : "有効"}</td>
                <td className={`${cell} whitespace-nowrap`}>
                  {operator.lastSignInAt ? formatJst(operator.lastSignInAt) : "記録なし"}
                </td>
                <td className={cell}>
                  <Link href={`/admin/operators?edit=${operator.id}#main`} className="text-brand-700 underline">
                    変更…<span className="sr-only">（{operator.selfCareId}）</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CreateOperatorForm roleNames={roleNames} {...reasonProps} />
    </div>
  );
}
