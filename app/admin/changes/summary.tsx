// The console's overview: the coming batches, counts by status and the overdue count.
import { changeStatuses, isOpenStatus, type ChangeStatus } from "@/db/enums";
import { OVERDUE_GRACE_MS, statusLabels } from "@/lib/changes/status";
import { formatDuration } from "@/lib/duration";
import { formatJst } from "@/lib/jst";

type Props = {
  batches: { reflectionAt: Date; count: number }[];
  counts: { status: ChangeStatus; count: number }[];
  overdue: number;
  /** How far back settled changes (reflected, superseded …) are counted; open ones are counted whatever their age. */
  settledWindowMs: number;
};

export function ChangesSummary({ batches, counts, overdue, settledWindowMs }: Props) {
  return (
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
              {!isOpenStatus(status) && `（直近${formatDuration(settledWindowMs)}）`}：
              {counts.find((row) => row.status === status)?.count ?? 0}件
            </li>
          ))}
        </ul>
        <p className={overdue > 0 ? "mt-2 font-bold text-danger" : "mt-2"}>
          遅延（パスワード反映時間を{formatDuration(OVERDUE_GRACE_MS)}以上過ぎても反映待ち）：{overdue}件
        </p>
      </div>
    </section>
  );
}
