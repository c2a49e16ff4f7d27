import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { findPendingApproval } from "@/db/queries/approvals";
import { findImport } from "@/db/queries/provisioning-imports";
import { can } from "@/lib/auth/permissions";
import { requireOperator } from "@/lib/auth/guards";
import { formatJst } from "@/lib/jst";
import { encodingNames, type ImportEncoding } from "@/lib/provisioning/csv-encoding";
import type { RowResult } from "@/lib/provisioning/csv-import";
import { RESULTS_KEPT, outcomeLabels } from "@/lib/provisioning/import-report";
import { RequestApplyForm } from "./request-form";
import { ResultsTable } from "./results-table";

export const metadata: Metadata = { title: "CSV取り込みの結果（管理）" };

/** What 「反映を申請する」 did, said after its redirect (`?requested=`). */
const requestMessages: Record<string, { text: string; ok: boolean }> = {
  requested: { text: "反映を申請しました。別の管理者が承認すると反映されます（24時間以内）。", ok: true },
  "already-pending": { text: "この取り込みの反映はすでに申請され、承認を待っています。", ok: false },
  refused: {
    text: "この取り込みは反映済みか、ファイルの保存期間（1日）を過ぎているため、申請できませんでした。",
    ok: false,
  },
};

export default async function ImportPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireOperator("imports.manage");
  const id = z.uuid().safeParse((await params).id);
  const found = id.success ? await findImport(id.data) : undefined;
  if (!found) notFound();
  const { requested } = await searchParams;
  const requestMessage = typeof requested === "string" ? requestMessages[requested] : undefined;
  const checked = found.status === "checked";
  const pending = checked ? await findPendingApproval("import-apply", { importId: found.id }) : undefined;
  const mayRequest = can(session.user.role, "imports.manage");
  // Written by this app only (lib/provisioning/console-import.ts): the rows' results as the import produced them.
  const results = (found.results ?? []) as RowResult[];
  // Past their keeping (lib/server/scheduled-work.ts), the rows' results and the rejected rows are gone.
  const forgotten = found.results === null;
  const encoding = encodingNames[found.encoding as ImportEncoding] ?? found.encoding;

  return (
    <div className="space-y-6">
      <p>
        <Link href="/admin/imports" className="text-brand-700 underline">
          CSV取り込みへ戻る
        </Link>
      </p>
      <h1 className="text-2xl font-bold text-brand-800">
        {checked ? "CSV取り込みの確認結果" : "CSV取り込みの反映結果"}
      </h1>
      {requestMessage && (
        <p
          role={requestMessage.ok ? "status" : "alert"}
          className={`rounded border-l-4 px-4 py-3 font-bold ${
            requestMessage.ok ? "border-brand-600 bg-brand-50" : "border-danger bg-red-50 text-danger"
          }`}
        >
          {requestMessage.text}
        </p>
      )}
      <dl className="grid gap-x-6 gap-y-1 sm:grid-cols-[10rem_1fr]" data-testid="import-summary">
        <dt className="font-bold">ファイル</dt>
        <dd>{found.fileName}</dd>
        <dt className="font-bold">文字コード</dt>
        <dd>{encoding}</dd>
        <dt className="font-bold">状態</dt>
        <dd>
          {checked
            ? "確認済み（まだ反映していません）"
            : `反映済み（${found.appliedAt ? formatJst(found.appliedAt) : ""}）`}
        </dd>
        <dt className="font-bold">行数</dt>
        <dd data-testid="count-rows">{found.rows.toLocaleString("ja-JP")}行</dd>
        <dt className="font-bold">{checked ? "反映できる行" : "反映した行"}</dt>
        <dd data-testid="count-accepted">{found.accepted.toLocaleString("ja-JP")}行</dd>
        <dt className="font-bold">エラーの行</dt>
        <dd data-testid="count-rejected">
          {found.rejected.toLocaleString("ja-JP")}行
          {found.rejected > 0 && !forgotten && (
            <>
              {" "}
              <a href={`/admin/imports/${found.id}/rejected`} className="text-brand-700 underline" download>
                エラーの行をダウンロード（CSV・理由つき）
              </a>
            </>
          )}
        </dd>
      </dl>
      <p className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3">
        新しく登録したお客様の初期パスワードと回線のSIPパスワードは、この画面には表示しません。暗号化して保管し、
        <Link href="/admin/letters" className="text-brand-700 underline">
          「サービス開始のご案内」の印刷
        </Link>
        で印刷します。
      </p>
      {checked && pending && (
        <p className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3" data-testid="apply-pending">
          反映の承認待ちです（{formatJst(pending.expiresAt)}まで）。
          <Link href="/admin/approvals" className="text-brand-700 underline">
            承認待ちの操作
          </Link>
          で、申請者以外の管理者が承認すると反映されます。
        </p>
      )}
      {checked &&
        !pending &&
        (found.hasContent ? (
          mayRequest && <RequestApplyForm importId={found.id} accepted={found.accepted} />
        ) : (
          <p>ファイルの保存期間（1日）を過ぎたため、反映できません。もう一度アップロードしてください。</p>
        ))}
      {forgotten ? (
        <p>行ごとの結果とエラーの行は、保存期間（30日）を過ぎたため削除しました。件数だけを残しています。</p>
      ) : (
        <ResultsTable
          results={results}
          caption={`行ごとの結果（${checked ? "確認" : "反映"}、${
            found.rows > RESULTS_KEPT ? `最初の${RESULTS_KEPT}行` : "全行"
          }）`}
          labels={outcomeLabels}
        />
      )}
    </div>
  );
}
