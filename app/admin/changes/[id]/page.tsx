import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { findChangeForAdmin } from "@/db/queries/admin-changes";
import { auditLabels, describeAuditDetail } from "@/lib/audit-labels";
import { isOverdue, statusLabels } from "@/lib/changes/status";
import { now } from "@/lib/server/clock";
import { serviceNames } from "@/lib/changes/reflection";
import { describePreviousPassword, switchModeNames } from "@/lib/changes/rotation";
import { formatJst } from "@/lib/jst";
import { requireOperator } from "@/lib/auth/guards";
import { recordCustomerView } from "@/lib/desk/support-actions";
import { requestMeta } from "@/lib/http/current-request";
import { formatDuration } from "@/lib/duration";
import { FAILED_SECRET_RETENTION_MS } from "@/lib/server/scheduled-work";
import { deviceStates, type RegistrationState } from "@/lib/registrar/registration-state";
import { env } from "@/lib/env";
import { retryFailedChange } from "../actions";
import { stepUpFactorNames } from "@/lib/auth/step-up";
import { lineActivity } from "@/lib/registrar/line-activity";
import { LineAttempts } from "../../_components/line-attempts";

function describeDevice(state: RegistrationState | undefined): string {
  switch (state?.kind) {
    case "confirmed":
      return `新しいパスワードで登録済み（${formatJst(state.at)}、${state.userAgent || "機器名なし"}）`;
    case "waiting":
      return state.overdue ? `未登録（反映から${formatDuration(env().registrationReminderMs)}以上）` : "未登録";
    case "overtaken":
      return "このあとの変更のパスワードが有効";
    default:
      return "—";
  }
}

export const metadata: Metadata = { title: "変更の詳細（管理）" };

const retryOutcomes = {
  reopened: "再反映を試みました。結果は下の状態と監査記録をご覧ください。",
  "not-failed": "この変更は「反映失敗」ではないため、再反映できません。",
  "secret-wiped": `新しいパスワードの暗号文は保存期間（${formatDuration(FAILED_SECRET_RETENTION_MS)}）を過ぎて消去されたため、再反映できません。お客様に改めて変更していただくようご案内ください。`,
  superseded:
    "この番号にはこのあとの変更があるため、再反映すると新しいパスワードを上書きしてしまいます。再反映はできません。",
} as const;

export default async function AdminChangePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireOperator("changes.read");
  const { id } = await params;
  const { retry } = await searchParams;
  const retryMessage =
    typeof retry === "string" && retry in retryOutcomes ? retryOutcomes[retry as keyof typeof retryOutcomes] : null;
  if (!z.uuid().safeParse(id).success) notFound();
  const change = await findChangeForAdmin(id);
  if (!change) notFound();
  // The change's page shows its customer's personal data: the view is recorded as on the customer's own page.
  const operator = { id: session.user.id, name: session.user.name ?? session.user.id };
  await recordCustomerView(change.customerId, { operator, meta: await requestMeta(), now: now() }, "change");
  const [devices, activity] = await Promise.all([
    deviceStates([change], now()),
    env().registrationCheck ? lineActivity([change.number]) : Promise.resolve([]),
  ]);
  const facts: [string, string][] = [
    ["IP加入電話番号", change.number],
    ["お客様", `${change.selfCareId}（${change.customerName}）`],
    ["サービス", serviceNames[change.serviceKind]],
    ["受付日時", formatJst(change.requestedAt)],
    ["切り替え方法", switchModeNames[change.switchMode]],
    [
      "本人確認（追加認証）",
      change.authorizedBy ? stepUpFactorNames[change.authorizedBy] : "なし（現IP加入電話パスワードのみ）",
    ],
    ["パスワード反映時間", formatJst(change.reflectionAt)],
    [
      "以前のパスワード",
      change.status === "pending" || change.status === "reflected"
        ? describePreviousPassword({ mode: change.switchMode, ...change })
        : "—",
    ],
    ["状態", `${statusLabels[change.status]}${isOverdue(change, now()) ? "（遅延）" : ""}`],
    ["反映日時", change.appliedAt ? formatJst(change.appliedAt) : "—"],
    ["機器の登録", describeDevice(devices.get(change.id))],
    ["試行回数", String(change.attempts)],
    ["失敗理由", change.failureReason ?? "—"],
    ["受付元", `${change.requestIp ?? "不明"} / ${change.userAgent ?? "不明"}`],
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">変更の詳細</h1>
      {retryMessage && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3">
          {retryMessage}
        </p>
      )}
      <dl className="grid gap-x-6 gap-y-2 rounded border border-brand-100 bg-white p-5 sm:grid-cols-[10rem_1fr]">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-bold">{term}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
      {change.status === "failed" && (
        <form action={retryFailedChange} className="space-y-2 rounded border border-brand-100 bg-white p-5">
          <input type="hidden" name="changeId" value={change.id} />
          <p>
            原因を取り除いたあと、再反映を試みることができます。新しいパスワードの暗号文は、反映予定から
            {formatDuration(FAILED_SECRET_RETENTION_MS)}を過ぎると消去され、再反映できなくなります。
          </p>
          <button
            type="submit"
            className="min-h-11 rounded border border-brand-700 bg-white px-4 py-2 font-bold text-brand-700 hover:bg-brand-50"
          >
            再反映を試みる
          </button>
        </form>
      )}
      {activity[0] && <LineAttempts line={activity[0]} />}
      <p className="rounded border border-brand-100 bg-white p-5">
        {`ロックの解除、すべての端末からのログアウト、パスキーの削除、接続拒否の解除は、お客様（${change.selfCareId}）のページで理由を添えて行います（${change.passkeys > 0 ? `パスキー${change.passkeys}件登録` : "パスキーの登録なし"}）。`}
        <Link href={`/admin/customers/${change.customerId}`} prefetch={false} className="text-brand-700 underline">
          お客様のページを開く
        </Link>
      </p>
      <section aria-labelledby="trail-heading">
        <h2 id="trail-heading" className="mb-2 font-bold">
          監査記録
        </h2>
        <ol className="space-y-1 text-sm" data-testid="audit-trail">
          {change.trail.map((event, index) => {
            const detail = describeAuditDetail(event.type, event.detail);
            return (
              <li key={index} className="flex flex-wrap gap-x-3">
                <span className="whitespace-nowrap text-muted">{formatJst(event.at)}</span>
                <span className="font-bold">{auditLabels[event.type]}</span>
                {(detail.text || detail.changeId) && (
                  <span>
                    {detail.text}
                    {detail.changeId && (
                      <Link href={`/admin/changes/${detail.changeId}`} className="text-brand-700 underline">
                        変更の詳細
                      </Link>
                    )}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      </section>
      <p>
        <Link href="/admin/changes" className="text-brand-700 underline">
          一覧へ戻る
        </Link>
      </p>
    </div>
  );
}
