// The manual reflection run: its entry at the bottom of the list, the confirmation it asks for, and its report.
import Link from "next/link";
import type { RunSummary } from "@/lib/validation/admin-filter";
import { runReflectionNow } from "./actions";

/** What the run just did. */
export function RunResult({ ran }: { ran: RunSummary }) {
  return (
    <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
      反映処理を実行しました：反映{ran.reflected}件・再試行待ち{ran.retrying}件・失敗{ran.failed}件
    </p>
  );
}

/** The manual run asks first: it touches every due change at once, and the cron normally does it. */
export function RunConfirmation({ due }: { due: number }) {
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

/** A secondary control: the scheduler runs the job, this is for when it has stopped. */
export function RunOperations({ raw }: { raw: Record<string, string> }) {
  return (
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
  );
}
