import type { Metadata } from "next";
import Link from "next/link";
import { listRecentImports } from "@/db/queries/provisioning-imports";
import { requireOperator } from "@/lib/auth/guards";
import { formatJst } from "@/lib/jst";
import { importColumns, japaneseHeaders } from "@/lib/provisioning/csv-format";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "CSV取り込み（管理）" };

const statusNames = { checked: "確認済み（未反映）", applied: "反映済み" } as const;

export default async function ImportsPage() {
  await requireOperator("imports.manage");
  const imports = await listRecentImports(20);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">CSV取り込み</h1>
      <p>
        お客様と回線をCSVファイルから登録・更新します。まず確認（書き込みなしの試行）を行い、行ごとの結果を確かめてから「反映する」を押してください。
        取り込みは登録と更新だけを行い、ファイルにないお客様や回線を削除することはありません。
      </p>
      <section aria-labelledby="format-heading" className="space-y-2">
        <h2 id="format-heading" className="text-lg font-bold">
          ファイルの形式
        </h2>
        <p>
          1行目は見出し行です。1行に1回線を記載し、お客様の列は回線ごとに繰り返します。IP加入電話番号が空欄の行はお客様だけを登録します。
          列の並びは自由で、見出しは英語・日本語のどちらでも使えます（停止理由は停止中の回線だけ）。
        </p>
        <ul className="list-inside list-disc text-sm">
          {importColumns.map((column) => (
            <li key={column}>
              <code>{column}</code>（{japaneseHeaders[column]}）
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="upload-heading" className="space-y-2">
        <h2 id="upload-heading" className="text-lg font-bold">
          ファイルを確認する
        </h2>
        <UploadForm />
      </section>
      <section aria-labelledby="recent-heading" className="space-y-2">
        <h2 id="recent-heading" className="text-lg font-bold">
          最近の取り込み
        </h2>
        {imports.length === 0 ? (
          <p>まだありません。</p>
        ) : (
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="sr-only">最近の取り込み（新しい順、20件まで）</caption>
            <thead>
              <tr className="border-b-2 border-brand-600 text-left">
                <th scope="col" className="p-2">
                  確認日時
                </th>
                <th scope="col" className="p-2">
                  ファイル
                </th>
                <th scope="col" className="p-2">
                  状態
                </th>
                <th scope="col" className="p-2 text-right">
                  行数
                </th>
                <th scope="col" className="p-2 text-right">
                  エラー
                </th>
              </tr>
            </thead>
            <tbody>
              {imports.map((row) => (
                <tr key={row.id} className="border-b border-brand-100">
                  <td className="p-2">{formatJst(row.createdAt)}</td>
                  <td className="p-2">
                    <Link href={`/admin/imports/${row.id}`} className="text-brand-700 underline">
                      {row.fileName}
                    </Link>
                  </td>
                  <td className="p-2">{statusNames[row.status]}</td>
                  <td className="p-2 text-right">{row.rows.toLocaleString("ja-JP")}</td>
                  <td className="p-2 text-right">{row.rejected.toLocaleString("ja-JP")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
