import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { listOperatorEvents, operatorEventTypes } from "@/db/queries/audit-trail";
import { operatorChoices } from "@/db/queries/operators";
import { auditTypes } from "@/db/enums";
import { auditLabels, describeAuditDetail } from "@/lib/audit-labels";
import { requireOperator } from "@/lib/auth/guards";
import { formatJst } from "@/lib/jst";
import { decodeEventKeyset, encodeEventKeyset } from "@/lib/validation/keyset-cursor";

export const metadata: Metadata = { title: "オペレーターの操作記録（管理）" };

const PAGE_SIZE = 50;
const query = z.object({
  operator: z.uuid().optional().catch(undefined),
  type: z.enum(auditTypes).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});
const cell = "border border-brand-100 px-2 py-1.5 align-top";
const control = "min-h-11 rounded border border-gray-500 bg-white px-3 py-2";

/** What every operator did (and looked at), newest first: admins read it. */
export default async function OperatorTrailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireOperator("operators.read-trail");
  const params = await searchParams;
  const { operator, type, before } = query.parse({
    operator: typeof params.operator === "string" && params.operator !== "" ? params.operator : undefined,
    type: typeof params.type === "string" && params.type !== "" ? params.type : undefined,
    before: typeof params.before === "string" ? params.before : undefined,
  });
  const [operators, types, rows] = await Promise.all([
    operatorChoices(),
    operatorEventTypes(),
    listOperatorEvents({ operatorId: operator, type, before: decodeEventKeyset(before), limit: PAGE_SIZE + 1 }),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  const filter = { ...(operator ? { operator } : {}), ...(type ? { type } : {}) };
  const next =
    rows.length > PAGE_SIZE && last
      ? `?${new URLSearchParams({ ...filter, before: encodeEventKeyset({ at: last.at, id: last.id }) })}`
      : null;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">オペレーターの操作記録</h1>
      <p>オペレーターの操作と、お客様の情報の閲覧の記録です。新しい順に表示します。</p>
      <form method="get" className="flex flex-wrap items-end gap-4 rounded border border-brand-100 bg-white p-4">
        <div className="grid gap-1">
          <label htmlFor="trail-operator" className="font-bold">
            オペレーター
          </label>
          <select id="trail-operator" name="operator" defaultValue={operator ?? ""} className={control}>
            <option value="">すべて</option>
            {operators.map((choice) => (
              <option key={choice.id} value={choice.id}>
                {choice.selfCareId}（{choice.displayName}）
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1">
          <label htmlFor="trail-type" className="font-bold">
            操作の種類
          </label>
          <select id="trail-type" name="type" defaultValue={type ?? ""} className={control}>
            <option value="">すべて</option>
            {types.map((choice) => (
              <option key={choice} value={choice}>
                {auditLabels[choice]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded bg-brand-700 px-6 py-2 font-bold text-white">
          表示
        </button>
      </form>
      {page.length === 0 ? (
        <p>該当する記録はありません。</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm" data-testid="operator-trail">
            <caption className="sr-only">オペレーターの操作記録（新しい順）</caption>
            <thead>
              <tr className="bg-brand-100 text-left">
                {["日時", "オペレーター", "操作", "対象のID", "内容", "接続元"].map((heading) => (
                  <th key={heading} scope="col" className="border border-brand-100 px-2 py-2 whitespace-nowrap">
                    {heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.map((row) => (
                <tr key={row.id} data-testid="trail-row">
                  <td className={`${cell} whitespace-nowrap`}>{formatJst(row.at)}</td>
                  <td className={`${cell} font-mono`}>{row.operatorSelfCareId ?? "（削除済み）"}</td>
                  <td className={cell}>{auditLabels[row.type] ?? row.type}</td>
                  <td className={`${cell} font-mono`}>{row.subjectSelfCareId ?? "—"}</td>
                  <td className={cell}>{describeAuditDetail(row.type, row.detail).text ?? "—"}</td>
                  <td className={`${cell} font-mono`}>{row.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="ページ" className="flex gap-4">
        {before && (
          <Link href={`?${new URLSearchParams(filter)}`} className="text-brand-700 underline">
            最新の記録へ
          </Link>
        )}
        {next && (
          <Link href={next} className="text-brand-700 underline">
            さらに古い記録
          </Link>
        )}
      </nav>
    </div>
  );
}
