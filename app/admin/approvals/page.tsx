import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { listApprovals, type ApprovalRow } from "@/db/queries/approvals";
import { approvalKindNames } from "@/lib/audit-labels";
import { requireOperator } from "@/lib/auth/guards";
import { formatJst } from "@/lib/jst";
import { now } from "@/lib/server/clock";
import { OPERATOR_REASON_MAX } from "@/lib/validation/operator-reason";
import { decideApprovalAction } from "./actions";

export const metadata: Metadata = { title: "承認待ちの操作（管理）" };

const results: Record<string, { text: string; ok: boolean }> = {
  approved: { text: "承認し、操作を実行しました。", ok: true },
  "approved-nothing": { text: "承認しました。対象はすでにその状態だったため、変更はありませんでした。", ok: true },
  rejected: { text: "却下しました。操作は実行されません。", ok: true },
  own: { text: "ご自身の申請は承認も却下もできません。別の管理者に依頼してください。", ok: false },
  ineligible: {
    text: "この申請は承認も却下もできません。申請者が登録・権限付与した管理者は判断できず、無効化・降格された管理者の申請は判断の対象になりません。",
    ok: false,
  },
  expired: { text: "申請から24時間を過ぎたため、承認できません。必要なら申請し直してください。", ok: false },
  decided: { text: "この申請はすでにほかの管理者が承認または却下しています。", ok: false },
  "not-found": { text: "申請が見つかりません。", ok: false },
  unavailable: {
    text: "取り込みが反映済みか、ファイルの保存期間（1日）を過ぎているため、承認できませんでした。",
    ok: false,
  },
  invalid: { text: "入力内容を確認してください。", ok: false },
};

const statusNames: Record<ApprovalRow["status"], string> = {
  pending: "承認待ち",
  approved: "承認済み",
  rejected: "却下",
  expired: "期限切れ",
};

const cell = "border border-brand-100 px-2 py-1.5 align-top";

/** What the request is about, linked to its page. */
function Target({ approval }: { approval: ApprovalRow }) {
  const { payload } = approval;
  if (approval.kind === "line-termination")
    return (
      <Link href={`/admin/lines/${payload.number}`} className="text-brand-700 underline">
        回線 {payload.number}
      </Link>
    );
  return (
    <Link href={`/admin/imports/${payload.importId}`} className="text-brand-700 underline">
      {payload.fileName}
    </Link>
  );
}

export default async function ApprovalsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireOperator("approvals.decide");
  const me = session.user.id;
  const at = now();
  const query = await searchParams;
  const result = typeof query.result === "string" ? results[query.result] : undefined;
  const [pending, decided] = await Promise.all([
    listApprovals({ pending: true, limit: 100 }),
    listApprovals({ pending: false, limit: 20 }),
  ]);
  const deciding = z.uuid().safeParse(query.decide);
  const as = query.as === "reject" ? "reject" : "approve";
  const toDecide = deciding.success
    ? pending.find(({ approval }) => approval.id === deciding.data && approval.expiresAt > at)
    : undefined;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">承認待ちの操作</h1>
      <p>
        回線の解約とCSV取り込みの反映は、申請した管理者とは別の管理者が承認したときに実行されます。申請から24時間が過ぎると期限切れになり、承認できません。
      </p>
      {result && (
        <p
          role={result.ok ? "status" : "alert"}
          className={`rounded border-l-4 px-4 py-3 font-bold ${
            result.ok ? "border-brand-600 bg-brand-50" : "border-danger bg-red-50 text-danger"
          }`}
        >
          {result.text}
        </p>
      )}
      {toDecide && toDecide.approval.requestedBy !== me && (
        <section
          id="confirm"
          aria-labelledby="confirm-heading"
          className="space-y-3 rounded border-2 border-brand-600 bg-white p-4"
          data-testid="decision-confirmation"
        >
          <h2 id="confirm-heading" className="font-bold">
            {approvalKindNames[toDecide.approval.kind]}の申請を{as === "approve" ? "承認" : "却下"}しますか？
          </h2>
          <p>
            対象：
            <Target approval={toDecide.approval} />
            。申請者：{toDecide.requestedByName}（{toDecide.requestedBySelfCareId}）。理由：{toDecide.approval.reason}
            {toDecide.approval.ticket && `（チケット番号：${toDecide.approval.ticket}）`}
          </p>
          {as === "approve" && <p className="font-bold">承認すると、すぐに実行されます。元に戻すことはできません。</p>}
          <form action={decideApprovalAction} className="space-y-3">
            <input type="hidden" name="approvalId" value={toDecide.approval.id} />
            <input type="hidden" name="decision" value={as} />
            <div className="grid gap-1">
              <label htmlFor="comment" className="font-bold">
                コメント（任意）
              </label>
              <input
                id="comment"
                name="comment"
                maxLength={OPERATOR_REASON_MAX}
                aria-describedby="comment-hint"
                className="min-h-11 w-full max-w-md rounded border border-gray-500 bg-white px-3 py-2"
              />
              <p id="comment-hint" className="text-sm text-muted">
                {OPERATOR_REASON_MAX}文字以内。操作の記録に残ります。
              </p>
            </div>
            <div className="flex flex-wrap gap-3">
              <button
                type="submit"
                className={`min-h-11 rounded px-5 py-2 font-bold text-white ${as === "approve" ? "bg-danger" : "bg-brand-700"}`}
              >
                {as === "approve" ? "承認して実行する" : "却下する"}
              </button>
              <Link href="/admin/approvals" className="min-h-11 px-2 py-2 text-brand-700 underline">
                やめる
              </Link>
            </div>
          </form>
        </section>
      )}
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm" data-testid="pending-approvals">
          <caption className="py-2 text-left font-bold">承認待ち（{pending.length}件）</caption>
          <thead>
            <tr className="bg-brand-100 text-left">
              {["操作", "対象", "理由", "チケット番号", "申請者", "申請日時", "期限", "承認・却下"].map((heading) => (
                <th key={heading} scope="col" className={`${cell} whitespace-nowrap`}>
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pending.length === 0 && (
              <tr>
                <td colSpan={8} className={cell}>
                  承認待ちの申請はありません。
                </td>
              </tr>
            )}
            {pending.map(({ approval, requestedByName, requestedBySelfCareId }) => {
              const expired = approval.expiresAt <= at;
              const own = approval.requestedBy === me;
              return (
                <tr key={approval.id} data-testid="approval-row">
                  <th scope="row" className={`${cell} text-left font-normal`}>
                    {approvalKindNames[approval.kind]}
                  </th>
                  <td className={cell}>
                    <Target approval={approval} />
                  </td>
                  <td className={cell}>{approval.reason}</td>
                  <td className={cell}>{approval.ticket ?? ""}</td>
                  <td className={cell}>
                    {requestedByName}（{requestedBySelfCareId}）
                  </td>
                  <td className={`${cell} whitespace-nowrap`}>{formatJst(approval.createdAt)}</td>
                  <td className={`${cell} whitespace-nowrap`}>
                    {formatJst(approval.expiresAt)}
                    {expired && "（期限切れ）"}
                  </td>
                  <td className={cell}>
                    {expired ? (
                      "期限切れのため承認できません"
                    ) : own ? (
                      "ご自身の申請のため、別の管理者が承認します"
                    ) : (
                      <span className="flex flex-wrap gap-x-4">
                        <Link
                          href={`/admin/approvals?decide=${approval.id}&as=approve#confirm`}
                          className="text-brand-700 underline"
                        >
                          承認する…<span className="sr-only">（{approvalKindNames[approval.kind]}）</span>
                        </Link>
                        <Link
                          href={`/admin/approvals?decide=${approval.id}&as=reject#confirm`}
                          className="text-brand-700 underline"
                        >
                          却下する…<span className="sr-only">（{approvalKindNames[approval.kind]}）</span>
                        </Link>
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm" data-testid="decided-approvals">
          <caption className="py-2 text-left font-bold">最近の決定（新しい順、{decided.length}件まで）</caption>
          <thead>
            <tr className="bg-brand-100 text-left">
              {["操作", "対象", "理由", "申請者", "結果", "決定者", "決定日時"].map((heading) => (
                <th key={heading} scope="col" className={`${cell} whitespace-nowrap`}>
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {decided.length === 0 && (
              <tr>
                <td colSpan={7} className={cell}>
                  まだありません。
                </td>
              </tr>
            )}
            {decided.map(({ approval, requestedBySelfCareId, decidedBySelfCareId }) => (
              <tr key={approval.id}>
                <th scope="row" className={`${cell} text-left font-normal`}>
                  {approvalKindNames[approval.kind]}
                </th>
                <td className={cell}>
                  <Target approval={approval} />
                </td>
                <td className={cell}>
                  {approval.reason}
                  {approval.ticket && `（${approval.ticket}）`}
                </td>
                <td className={cell}>{requestedBySelfCareId}</td>
                <td className={cell}>{statusNames[approval.status]}</td>
                <td className={cell}>{decidedBySelfCareId ?? ""}</td>
                <td className={`${cell} whitespace-nowrap`}>
                  {approval.decidedAt ? formatJst(approval.decidedAt) : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
