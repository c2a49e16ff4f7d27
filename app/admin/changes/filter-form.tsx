// The list's filters as a plain GET form (works without JavaScript), and the CSV export of the same filter.
import { changeStatuses, serviceKinds } from "@/db/enums";
import { serviceNames } from "@/lib/changes/reflection";
import { statusLabels } from "@/lib/changes/status";
import { describeGuessPolicy } from "@/lib/registrar/guess-alert";
import { AWAITING_REGISTRATION } from "@/lib/validation/admin-filter";
import { ADMIN_SEARCH_MAX } from "@/lib/validation/limits";

const input = "min-h-11 rounded border border-gray-500 bg-white px-2 py-1";

export function FilterForm({ raw, registrationCheck }: { raw: Record<string, string>; registrationCheck: boolean }) {
  return (
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
      {registrationCheck && (
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" name="attempts" value="1" defaultChecked={raw.attempts === "1"} className="size-5" />
          <span className="text-sm font-bold">不正な接続試行あり（24時間以内）</span>
        </label>
      )}
      {registrationCheck && (
        <label className="flex min-h-11 items-center gap-2">
          <input type="checkbox" name="guesses" value="1" defaultChecked={raw.guesses === "1"} className="size-5" />
          <span className="text-sm font-bold">パスワード推測の集中（誤ったパスワードが{describeGuessPolicy()}）</span>
        </label>
      )}
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
  );
}
