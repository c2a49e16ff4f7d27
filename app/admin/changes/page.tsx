import type { Metadata } from "next";
import Link from "next/link";
import { countOverdue, countsByStatus, listChanges, upcomingBatches } from "@/db/queries/admin-changes";
import { OVERDUE_GRACE_MS, isOverdue, statusLabels } from "@/lib/changes/status";
import { now } from "@/lib/server/clock";
import { env } from "@/lib/env";
import { formatDuration } from "@/lib/duration";
import { changeStatuses, isOpenStatus, serviceKinds } from "@/db/enums";
import { serviceNames } from "@/lib/changes/reflection";
import { formatJst } from "@/lib/jst";
import { deviceStates, type RegistrationState } from "@/lib/registrar/registration-state";
import { AWAITING_REGISTRATION, encodeCursor, parseAdminQuery } from "@/lib/validation/admin-filter";
import { ADMIN_SEARCH_MAX } from "@/lib/validation/limits";
import { requireAdmin } from "@/lib/auth/guards";
import { runReflectionNow } from "./actions";

export const metadata: Metadata = { title: "パスワード変更の状況（管理）" };

const PAGE_SIZE = 50;
// Reflected and superseded changes are counted for the last day; open ones (pending, failed) all.
const SETTLED_WINDOW_MS = 24 * 60 * 60 * 1000;
const input = "min-h-11 rounded border border-gray-500 bg-white px-2 py-1";
const columns = ["番号", "お客様", "サービス", "受付日時", "パスワード反映時間", "状態"];
// On a phone each row is a card: every cell on its own line, led by its column's name.
const cell =
  "border border-brand-100 px-2 py-1.5 max-lg:flex max-lg:gap-3 max-lg:border-0 max-lg:px-0 max-lg:py-0.5 max-lg:whitespace-normal max-lg:before:w-24 max-lg:before:shrink-0 max-lg:before:font-bold max-lg:before:content-[attr(data-label)]";

/** The device's state under a reflected change's status: registered (with when), or not yet. */
function DeviceBadge({ state }: { state: RegistrationState | undefined }) {
  if (state?.kind === "confirmed") {
    return (
      <span className="block text-muted" data-testid="row-device">
        機器登録済み（{formatJst(state.at)}）
      </span>
    );
  }
  if (state?.kind !== "waiting") return null;
  return (
    <span className={`block ${state.overdue ? "font-bold text-amber-900" : "text-muted"}`} data-testid="row-device">
      機器未登録
    </span>
  );
}

/** The manual run asks first: it touches every due change at once, and the cron normally does it. */
function RunConfirmation({ due }: { due: number }) {
  return (
    <section
      aria-labelledby="confirm-heading"
      className="space-y-3 rounded border-2 border-brand-600 bg-white p-4"
      data-testid="run-confirmation"
    >
      <h2 id="confirm-heading" className="font-bold">
        反映処理を今すぐ実行しますか？
      </h2>
      <p>
        反映時間を過ぎた反映待ちの変更をすべて、今すぐ通話制御システムへ反映します（遅延中：{due}
        件）。反映時間前の変更は反映されません。
      </p>
      <div className="flex flex-wrap gap-3">
        <form action={runReflectionNow}>
          <button
            type="submit"
            className="min-h-11 rounded bg-brand-700 px-5 py-2 font-bold text-white hover:bg-brand-800"
          >
            実行する
          </button>
        </form>
        <Link href="/admin/changes" className="min-h-11 px-2 py-2 text-brand-700 underline">
          やめる
        </Link>
      </div>
    </section>
  );
}

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
  const devices = await deviceStates(page, clock);
  const { registrationCheck } = env();
  const last = page.at(-1);
  const next = rows.length > PAGE_SIZE && last ? new URLSearchParams({ ...raw, after: encodeCursor(last) }) : null;
  const ran = typeof params.ran === "string" ? params.ran.split("-").map(Number) : null;
  const confirming = params.confirm === "run";

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">パスワード変更の状況</h1>
      {env().mode === "preview" && (
        <p className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3" data-testid="preview-note">
          プレビュー環境では定期実行（Vercel
          Cron）が動きません。反映処理は、いずれかのページが開かれたとき（1分に1回まで）と、このページ下の「今すぐ反映処理を実行」で行われます。
        </p>
      )}

      {ran && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          反映処理を実行しました：反映{ran[0]}件・再試行待ち{ran[1]}件・失敗{ran[2]}件
        </p>
      )}
      {confirming && <RunConfirmation due={overdue} />}

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
                  {formatJst(batch.reflectionAt)} のバッチ：{batch.count}件
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
                {!isOpenStatus(status) && `（直近${formatDuration(SETTLED_WINDOW_MS)}）`}：
                {counts.find((row) => row.status === status)?.count ?? 0}件
              </li>
            ))}
          </ul>
          <p className={overdue > 0 ? "mt-2 font-bold text-danger" : "mt-2"}>
            遅延（パスワード反映時間を{formatDuration(OVERDUE_GRACE_MS)}以上過ぎても反映待ち）：{overdue}件
          </p>
        </div>
      </section>

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
            {registrationCheck && <option value={AWAITING_REGISTRATION}>反映済み・機器未登録</option>}
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
        <table className="w-full border-collapse bg-white text-sm max-lg:block max-lg:bg-transparent">
          <caption className="py-2 text-left font-bold max-lg:block">変更一覧（パスワード反映時間順）</caption>
          <thead className="max-lg:sr-only">
            <tr className="bg-brand-100 text-left">
              {columns.map((heading) => (
                <th key={heading} scope="col" className="border border-brand-100 px-2 py-2 whitespace-nowrap">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="max-lg:block max-lg:space-y-3">
            {page.map((row) => (
              <tr
                key={row.id}
                data-testid="change-row"
                className="max-lg:block max-lg:rounded max-lg:border max-lg:border-brand-100 max-lg:bg-white max-lg:p-3"
              >
                <td data-label="番号" className={`${cell} font-mono whitespace-nowrap`}>
                  <Link href={`/admin/changes/${row.id}`} className="text-brand-700 underline">
                    {row.number}
                  </Link>
                </td>
                <td data-label="お客様" className={cell}>
                  {row.selfCareId}（{row.customerName}）
                </td>
                <td data-label="サービス" className={cell}>
                  {serviceNames[row.serviceKind]}
                </td>
                <td data-label="受付日時" className={`${cell} whitespace-nowrap`}>
                  {formatJst(row.requestedAt)}
                </td>
                <td data-label="反映時間" className={`${cell} whitespace-nowrap`} data-testid="row-reflection">
                  {formatJst(row.reflectionAt)}
                </td>
                <td data-label="状態" className={`${cell} whitespace-nowrap`}>
                  {statusLabels[row.status]}
                  {isOverdue(row, clock) && (
                    <strong className="ml-2 rounded bg-danger px-1.5 py-0.5 text-white">遅延</strong>
                  )}
                  <DeviceBadge state={devices.get(row.id)} />
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

      <section aria-labelledby="operations-heading" className="space-y-2 border-t border-brand-100 pt-5">
        <h2 id="operations-heading" className="font-bold">
          運用操作
        </h2>
        <p className="text-sm">
          反映時間を過ぎた変更は定期実行で反映されます。定期実行が止まっているときだけ、手動で実行してください。
        </p>
        <Link
          href={`/admin/changes?${new URLSearchParams({ ...raw, confirm: "run" })}#main`}
          className="inline-block min-h-11 rounded border border-brand-700 bg-white px-4 py-2 font-bold text-brand-700 no-underline hover:bg-brand-50"
        >
          今すぐ反映処理を実行…
        </Link>
      </section>
    </div>
  );
}
