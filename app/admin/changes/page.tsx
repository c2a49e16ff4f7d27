import type { Metadata } from "next";
import Link from "next/link";
import { countOverdue, countsByStatus, listChanges, upcomingBatches } from "@/db/queries/admin-changes";
import { OVERDUE_GRACE_MS, isOverdue, statusLabels } from "@/lib/change-status";
import { now } from "@/lib/clock";
import { env } from "@/lib/env";
import { formatDuration } from "@/lib/duration";
import { changeStatuses, isOpenStatus, serviceKinds } from "@/db/enums";
import { formatJst, formatJstTime, serviceNames } from "@/lib/reflection";
import { encodeCursor, parseAdminQuery } from "@/lib/validation/admin-filter";
import { ADMIN_SEARCH_MAX } from "@/lib/validation/limits";
import { requireAdmin } from "@/app/_lib/guards";
import { runReflectionNow } from "./actions";

export const metadata: Metadata = { title: "パスワード変更の状況（管理）" };

const PAGE_SIZE = 50;
// Reflected and superseded changes are counted for the last day; open ones (pending, failed) all.
const SETTLED_WINDOW_MS = 24 * 60 * 60 * 1000;
const input = "min-h-11 rounded border border-gray-500 bg-white px-2 py-1";

export default async function AdminChangesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin();
  const params = await searchParams;
  const { filter, cursor, raw } = parseAdminQuery(params);
  const clock = now();
  const [rows, batches, counts, overdue] = await Promise.all([
    listChanges(filter, cursor, PAGE_SIZE + 1),
    upcomingBatches(),
    countsByStatus(new Date(clock.getTime() - SETTLED_WINDOW_MS)),
    countOverdue(clock, OVERDUE_GRACE_MS),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  const next = rows.length > PAGE_SIZE && last ? new URLSearchParams({ ...raw, after: encodeCursor(last) }) : null;
  const ran = typeof params.ran === "string" ? params.ran.split("-").map(Number) : null;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">パスワード変更の状況</h1>
      {env().mode === "preview" && (
        <p className="rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3" data-testid="preview-note">
          プレビュー環境では定期実行（Vercel
          Cron）が動きません。反映処理は、いずれかのページが開かれたとき（1分に1回まで）と、下の「今すぐ反映処理を実行」ボタンで行われます。
        </p>
      )}

      {ran && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          反映処理を実行しました：反映 {ran[0]}件・再試行待ち {ran[1]}件・失敗 {ran[2]}件
        </p>
      )}

      <section aria-labelledby="summary-heading" className="grid gap-4 sm:grid-cols-2">
        <h2 id="summary-heading" className="sr-only">
          概要
        </h2>
        <div className="rounded border border-brand-100 bg-white p-4">
          <h3 className="mb-2 font-bold">今後のバッチ（B2BUA・OpenGate）</h3>
          {batches.length === 0 ? (
            <p>反映待ちのバッチはありません。</p>
          ) : (
            <ul data-testid="batches">
              {batches.map((batch) => (
                <li key={batch.reflectionAt.toISOString()}>
                  {formatJst(batch.reflectionAt).split(" ")[0]} {formatJstTime(batch.reflectionAt)} バッチ:{" "}
                  {batch.count}件
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="rounded border border-brand-100 bg-white p-4">
          <h3 className="mb-2 font-bold">状態別の件数</h3>
          <ul>
            {changeStatuses.map((status) => (
              <li key={status}>
                {statusLabels[status]}
                {!isOpenStatus(status) && `（直近${formatDuration(SETTLED_WINDOW_MS)}）`}:{" "}
                {counts.find((row) => row.status === status)?.count ?? 0}件
              </li>
            ))}
          </ul>
          <p className={overdue > 0 ? "mt-2 font-bold text-danger" : "mt-2"}>
            遅延（パスワード反映時間を{formatDuration(OVERDUE_GRACE_MS)}以上過ぎても反映待ち）: {overdue}件
          </p>
        </div>
      </section>

      <form action={runReflectionNow}>
        <button
          type="submit"
          className="min-h-11 rounded bg-brand-700 px-5 py-2 font-bold text-white hover:bg-brand-800"
        >
          今すぐ反映処理を実行
        </button>
      </form>

      <form
        method="get"
        className="flex flex-wrap items-end gap-3 rounded border border-brand-100 bg-white p-4"
        aria-label="絞り込み"
      >
        <label className="grid gap-1">
          <span className="text-sm font-bold">状態</span>
          <select name="status" defaultValue={raw.status ?? "pending"} className={input}>
            {changeStatuses.map((status) => (
              <option key={status} value={status}>
                {statusLabels[status]}
              </option>
            ))}
            <option value="all">すべて</option>
          </select>
        </label>
        <label className="grid gap-1">
          <span className="text-sm font-bold">サービス</span>
          <select name="service" defaultValue={raw.service ?? ""} className={input}>
            <option value="">すべて</option>
            {serviceKinds.map((kind) => (
              <option key={kind} value={kind}>
                {serviceNames[kind]}
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1">
          <span className="text-sm font-bold">反映日（から）</span>
          <input type="date" name="from" defaultValue={raw.from} className={input} />
        </label>
        <label className="grid gap-1">
          <span className="text-sm font-bold">反映日（まで）</span>
          <input type="date" name="to" defaultValue={raw.to} className={input} />
        </label>
        <label className="grid gap-1">
          <span className="text-sm font-bold">番号またはセルフケアID</span>
          <input type="search" name="q" defaultValue={raw.q} maxLength={ADMIN_SEARCH_MAX} className={input} />
        </label>
        <button
          type="submit"
          className="min-h-11 rounded border border-brand-700 bg-white px-4 py-2 font-bold text-brand-700"
        >
          表示
        </button>
        <a
          href={`/admin/changes/export?${new URLSearchParams(raw)}`}
          className="min-h-11 px-2 py-2 text-brand-700 underline"
        >
          CSVをダウンロード
        </a>
      </form>

      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="py-2 text-left font-bold">変更一覧（パスワード反映時間順）</caption>
          <thead>
            <tr className="bg-brand-100 text-left">
              {["番号", "お客様", "サービス", "受付日時", "パスワード反映時間", "状態"].map((heading) => (
                <th key={heading} scope="col" className="border border-brand-100 px-2 py-2">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {page.map((row) => (
              <tr key={row.id} data-testid="change-row">
                <td className="border border-brand-100 px-2 py-1.5 font-mono">
                  <Link href={`/admin/changes/${row.id}`} className="text-brand-700 underline">
                    {row.number}
                  </Link>
                </td>
                <td className="border border-brand-100 px-2 py-1.5">
                  {row.selfCareId}（{row.customerName}）
                </td>
                <td className="border border-brand-100 px-2 py-1.5">{serviceNames[row.serviceKind]}</td>
                <td className="border border-brand-100 px-2 py-1.5">{formatJst(row.requestedAt)}</td>
                <td className="border border-brand-100 px-2 py-1.5">{formatJst(row.reflectionAt)}</td>
                <td className="border border-brand-100 px-2 py-1.5">
                  {statusLabels[row.status]}
                  {isOverdue(row, clock) && (
                    <strong className="ml-2 rounded bg-danger px-1.5 py-0.5 text-white">遅延</strong>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {page.length === 0 && <p className="py-3">条件に合う変更はありません。</p>}
      </div>
      <nav aria-label="ページ送り" className="flex gap-4">
        {cursor && (
          <Link href={`/admin/changes?${new URLSearchParams(raw)}`} className="text-brand-700 underline">
            最初のページ
          </Link>
        )}
        {next && (
          <Link href={`/admin/changes?${next}`} className="text-brand-700 underline">
            次のページ
          </Link>
        )}
      </nav>
    </div>
  );
}
