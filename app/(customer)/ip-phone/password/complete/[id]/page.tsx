import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SupportContact } from "@/app/_components/support-contact";
import { requireCustomer } from "@/lib/auth/guards";
import { acceptanceMailFailed, findChangeForCustomer } from "@/db/queries/customer-changes";
import { describeReflection, serviceNames } from "@/lib/changes/reflection";
import { completionHeadline, rotationOf } from "@/lib/changes/completion";
import { describeInterruption, passwordTimeline, switchModeNames } from "@/lib/changes/rotation";
import { formatJst } from "@/lib/jst";
import { now } from "@/lib/server/clock";
import { deviceStates } from "@/lib/registrar/registration-state";
import { DeviceRegistration } from "../../device-registration";
import { CancelForm } from "./cancel-form";

export const metadata: Metadata = { title: "IP加入電話パスワード変更 完了" };

const cancelResults = {
  cancelled: null,
  claimed: "ただいま弊社システムへの反映処理中のため、取り消せませんでした。",
  "not-pending": "この変更は反映待ちではないため、取り消せません。",
  "not-restorable": "この変更は取り消せません。お手数ですが、サポート窓口までご連絡ください。",
  emergency: "緊急の変更は取り消せません。以前のパスワードは漏れたおそれがあるためです。",
  missing: "この変更は見つかりませんでした。",
} as const;

export default async function CompletePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireCustomer();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const change = await findChangeForCustomer({ id, customerId: session.user.id });
  if (!change) notFound();
  const { cancel } = await searchParams;
  const cancelMessage =
    typeof cancel === "string" && cancel in cancelResults ? cancelResults[cancel as keyof typeof cancelResults] : null;
  const [mailFailed, devices] = await Promise.all([acceptanceMailFailed(change.id), deviceStates([change], now())]);

  const rotation = rotationOf(change);
  const graceRunning = !change.graceEndedAt && change.graceUntil !== null && change.graceUntil > now();
  const { title, body } = completionHeadline(change);
  const waiting = change.status === "pending";
  const timeline = passwordTimeline(rotation);
  const showTimeline = waiting || change.status === "reflected";
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">IP加入電話パスワード変更</h1>
      {cancelMessage && (
        <p role="alert" className="rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-bold text-danger">
          {cancelMessage}
        </p>
      )}
      <div role="status" className="space-y-1 rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3">
        <p className="text-lg font-bold" data-testid="headline">
          {title}
        </p>
        <p>{body}</p>
      </div>
      <DeviceRegistration state={devices.get(change.id)!} graceUntil={graceRunning ? change.graceUntil : null} />
      {change.status === "failed" && <SupportContact className="rounded border border-brand-100 bg-white p-4" />}
      <dl className="grid gap-x-6 gap-y-3 rounded border border-brand-100 bg-white p-5 sm:grid-cols-[14rem_1fr]">
        <dt className="font-bold">IP加入電話番号</dt>
        <dd className="font-mono text-lg">{change.number}</dd>
        <dt className="font-bold">サービス</dt>
        <dd>{serviceNames[change.serviceKind]}</dd>
        <dt className="font-bold">受付日時</dt>
        <dd>{formatJst(change.requestedAt)}</dd>
        <dt className="font-bold">切り替え方法</dt>
        <dd data-testid="switch-mode">{switchModeNames[change.switchMode]}</dd>
        <dt className="font-bold">パスワード反映時間</dt>
        <dd className="text-xl font-bold text-brand-800" data-testid="reflection-time">
          {describeReflection(rotation.reflection)}
        </dd>
        {waiting && (
          <>
            <dt className="font-bold">発着信できない時間</dt>
            <dd data-testid="outage">{describeInterruption(rotation)}</dd>
          </>
        )}
        {showTimeline && (
          <>
            <dt className="font-bold">今のパスワード</dt>
            <dd data-testid="timeline-old">{timeline.old}</dd>
            <dt className="font-bold">新しいパスワード</dt>
            <dd data-testid="timeline-new">{timeline.next}</dd>
          </>
        )}
      </dl>
      <p className="text-sm text-muted">
        時刻はすべて日本時間です。
        {waiting && !mailFailed && "受付内容はご登録のメールアドレスにもお送りしました。"}
        {waiting && mailFailed && "受付内容のメールはお送りできませんでした。この画面の内容をお控えください。"}
      </p>
      {waiting && change.switchMode === "routine" && <CancelForm changeId={change.id} />}
      {waiting && change.switchMode === "emergency" && (
        <p className="rounded border border-brand-100 bg-white p-5 text-sm" data-testid="no-cancel">
          緊急の変更は取り消せません。以前のパスワードは漏れたおそれがあるため、元に戻すと第三者に再び使われるおそれがあります。新しいパスワードを変えたい場合は、
          <Link href="/ip-phone/password" className="text-brand-700 underline">
            もう一度パスワードを変更
          </Link>
          してください（この変更は置き換えられます）。
        </p>
      )}
      <nav aria-label="このページから" className="flex flex-wrap gap-x-6 gap-y-2">
        <Link href="/ip-phone/password/history" className="text-brand-700 underline">
          変更履歴を見る
        </Link>
        <Link href="/menu" className="text-brand-700 underline">
          メニューへ戻る
        </Link>
      </nav>
    </div>
  );
}
