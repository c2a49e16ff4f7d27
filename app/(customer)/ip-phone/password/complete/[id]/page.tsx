import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SupportContact } from "@/app/_components/support-contact";
import { requireCustomer } from "@/lib/auth/guards";
import type { ChangeStatus } from "@/db/enums";
import { acceptanceMailFailed, findChangeForCustomer } from "@/db/queries/customer-changes";
import { describeReflection, reflectionMode, serviceNames } from "@/lib/changes/reflection";
import { describeInterruption, deviceInstruction, passwordTimeline, switchModeNames } from "@/lib/changes/rotation";
import { formatJst } from "@/lib/jst";
import { now } from "@/lib/server/clock";
import { deviceStates } from "@/lib/registrar/registration-state";
import { DeviceRegistration } from "../../device-registration";
import { CancelForm } from "./cancel-form";

export const metadata: Metadata = { title: "IP加入電話パスワード変更 完了" };

type Change = NonNullable<Awaited<ReturnType<typeof findChangeForCustomer>>>;

const rotationOf = (change: Change) => ({
  mode: change.switchMode,
  requestedAt: change.requestedAt,
  reflection: { at: change.reflectionAt, mode: reflectionMode(change.serviceKind) },
  graceUntil: change.graceUntil,
  graceEndedAt: change.graceEndedAt,
});

/** After the reflection: whether the device may still use the old password, and until when. */
function reflectedBody(change: Change): string {
  const applied = `${change.appliedAt ? formatJst(change.appliedAt) : ""} に反映しました。`;
  if (change.switchMode === "emergency") {
    return `${applied}IP電話対応機器の設定を新しいパスワードに変更すると、発信・着信できます。以前のパスワードは使えません。`;
  }
  if (change.graceEndedAt || !change.graceUntil) {
    return `${applied}新しいパスワードで機器が登録されたため、以前のパスワードは使えなくなりました。ほかにも機器があれば、設定を新しいパスワードに変更してください。`;
  }
  return `${applied}${formatJst(change.graceUntil)} までに、IP電話対応機器の設定を新しいパスワードに変更してください。それまでは以前の設定のままでも発信・着信できます。`;
}

/** What the page says first, by what became of the change: never "complete" for one that did not happen. */
function headline(change: Change): { title: string; body: string } {
  const headlines: Record<ChangeStatus, { title: string; body: string }> = {
    pending: {
      title:
        change.switchMode === "emergency"
          ? "IP加入電話パスワードの変更（緊急）が完了しました。今のパスワードは使えなくなりました。"
          : "IP加入電話パスワードの変更が完了しました。",
      body: deviceInstruction(rotationOf(change)),
    },
    reflected: {
      title: "新しいIP加入電話パスワードは、弊社システムに反映済みです。",
      body: reflectedBody(change),
    },
    superseded: {
      title: "この変更は、あとから行われた変更に置き換えられました。",
      body: "同じ番号で新しい変更が行われたため、この変更は反映されません。最新の変更の状況は変更履歴でご確認ください。",
    },
    cancelled: {
      title: "この変更は取り消しました。",
      body: `${change.cancelledAt ? formatJst(change.cancelledAt) : ""} に取り消しました。パスワードは変更前のものに戻っています。IP電話対応機器の設定は、変更前のパスワードのままでご利用いただけます。`,
    },
    failed: {
      title: "弊社システムへの反映ができませんでした。",
      body: "ご不便をおかけして申し訳ございません。お手数ですが、下記のサポート窓口までご連絡ください。",
    },
  };
  return headlines[change.status];
}

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
  const { title, body } = headline(change);
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
      <DeviceRegistration state={devices.get(change.id)!} />
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
