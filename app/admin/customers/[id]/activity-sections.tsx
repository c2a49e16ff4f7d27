// The customer's page, lower half: the password changes with their timelines, and the customer's audit trail by kind,
// newest first, a page at a time.
import Link from "next/link";
import type { recentChangesOf } from "@/db/queries/admin-changes";
import type { customerTrail } from "@/db/queries/customer-desk";
import { auditLabels, describeAuditDetail } from "@/lib/audit-labels";
import { serviceNames } from "@/lib/changes/reflection";
import { statusLabels } from "@/lib/changes/status";
import { formatJst } from "@/lib/jst";
import { trailKindLabels } from "@/lib/desk/trail-kinds";
import { encodeTrailCursor, type TrailKindKey } from "@/lib/validation/customer-page";

const box = "space-y-3 rounded border border-brand-100 bg-white p-5";

type Event = { at: Date; type: keyof typeof auditLabels; detail: Parameters<typeof describeAuditDetail>[1] };

function EventLine({ event, operatorName }: { event: Event; operatorName?: string | null }) {
  const detail = describeAuditDetail(event.type, event.detail);
  return (
    <li className="flex flex-wrap gap-x-3">
      <span className="whitespace-nowrap text-muted">{formatJst(event.at)}</span>
      <span className="font-bold">{auditLabels[event.type]}</span>
      {detail.text && <span>{detail.text}</span>}
      {operatorName && !event.detail?.operator && <span>担当：{operatorName}</span>}
    </li>
  );
}

type Changes = Awaited<ReturnType<typeof recentChangesOf>>;

export function ChangesSection({ changes, limit }: { changes: Changes; limit: number }) {
  return (
    <section aria-labelledby="changes-heading" className={box}>
      <h2 id="changes-heading" className="text-lg font-bold">
        IP加入電話パスワードの変更（新しい順、{limit}件まで）
      </h2>
      {changes.length === 0 ? (
        <p>変更の記録はありません。</p>
      ) : (
        <ul className="space-y-2">
          {changes.map((change) => (
            <li key={change.id}>
              <details>
                <summary className="cursor-pointer">
                  <span className="font-mono">{change.number}</span>（{serviceNames[change.serviceKind]}）
                  {formatJst(change.requestedAt)} 受付、反映 {formatJst(change.reflectionAt)}、
                  <span className="font-bold">{statusLabels[change.status]}</span>
                </summary>
                <ol className="mt-2 space-y-1 border-l-2 border-brand-100 pl-3 text-sm">
                  {change.trail.map((event, index) => (
                    <EventLine key={index} event={event} />
                  ))}
                </ol>
                <Link href={`/admin/changes/${change.id}`} prefetch={false} className="text-brand-700 underline">
                  変更の詳細
                </Link>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Trail = Awaited<ReturnType<typeof customerTrail>>;

export function TrailSection({
  customerId,
  trail,
  kind,
  more,
  paged,
}: {
  customerId: string;
  trail: Trail;
  kind: TrailKindKey | undefined;
  /** A later page exists. */
  more: boolean;
  /** This is not the first page. */
  paged: boolean;
}) {
  const base = `/admin/customers/${customerId}`;
  const last = trail.at(-1);
  const next =
    more && last
      ? `${base}?${new URLSearchParams({ ...(kind ? { kind } : {}), before: encodeTrailCursor(last) })}#trail`
      : null;
  return (
    <section id="trail" aria-labelledby="trail-heading" className={box}>
      <h2 id="trail-heading" className="text-lg font-bold">
        監査記録（新しい順）
      </h2>
      <form method="get" action={`${base}#trail`} className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <label htmlFor="trail-kind" className="font-bold">
            種類
          </label>
          <select
            id="trail-kind"
            name="kind"
            defaultValue={kind ?? ""}
            className="min-h-11 rounded border border-gray-500 bg-white px-3 py-2"
          >
            <option value="">すべて</option>
            {Object.entries(trailKindLabels).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button
          type="submit"
          className="min-h-11 rounded border border-brand-700 bg-white px-4 py-2 font-bold text-brand-700 hover:bg-brand-50"
        >
          表示
        </button>
      </form>
      {trail.length === 0 ? (
        <p>記録はありません。</p>
      ) : (
        <ol className="space-y-1 text-sm" data-testid="audit-trail">
          {trail.map((event) => (
            <EventLine key={event.id} event={event} operatorName={event.operatorName} />
          ))}
        </ol>
      )}
      <nav aria-label="監査記録のページ送り" className="flex gap-4">
        {paged && (
          <Link
            href={`${base}${kind ? `?kind=${kind}` : ""}#trail`}
            prefetch={false}
            className="text-brand-700 underline"
          >
            最新に戻る
          </Link>
        )}
        {next && (
          <Link href={next} prefetch={false} className="text-brand-700 underline">
            さらに古い記録
          </Link>
        )}
      </nav>
    </section>
  );
}
