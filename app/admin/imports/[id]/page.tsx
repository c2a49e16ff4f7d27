import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SubmitButton } from "@/app/_components/submit-button";
import { findImport } from "@/db/queries/provisioning-imports";
import { requireOperator } from "@/lib/auth/guards";
import { formatJst } from "@/lib/jst";
import { encodingNames, type ImportEncoding } from "@/lib/provisioning/csv-encoding";
import type { RowResult } from "@/lib/provisioning/csv-import";
import { RESULTS_KEPT, outcomeLabels } from "@/lib/provisioning/import-report";
import { applyImportAction } from "../actions";
import { ResultsTable } from "./results-table";

export const metadata: Metadata = { title: "CSV取り込みの結果（管理）" };

export default async function ImportPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireOperator("imports.manage");
  const id = z.uuid().safeParse((await params).id);
  const found = id.success ? await findImport(id.data) : undefined;
  if (!found) notFound();
  const { applied } = await searchParams;
  const checked = found.status === "checked";
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
      {applied === "1" && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          反映しました：{found.accepted.toLocaleString("ja-JP")}行を反映、エラー{found.rejected.toLocaleString("ja-JP")}
          行
        </p>
      )}
      {applied === "0" && (
        <p role="alert" className="rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-bold text-danger">
          この取り込みは反映済みか、ファイルの保存期間（1日）を過ぎているため、反映できませんでした。
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
      {checked &&
        (found.hasContent ? (
          <form action={applyImportAction} className="space-y-2">
            <input type="hidden" name="importId" value={found.id} />
            <p>
              エラーの行を除く{found.accepted.toLocaleString("ja-JP")}
              行を反映します。反映したあとで取り消すことはできません（同じ内容の取り込みは何度行っても変わりません）。
            </p>
            <SubmitButton pendingLabel="反映しています…">反映する</SubmitButton>
          </form>
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
