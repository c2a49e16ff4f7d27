import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SupportContact } from "@/app/_components/support-contact";
import { requireCustomer } from "@/lib/auth/guards";
import type { ChangeStatus } from "@/db/enums";
import { acceptanceMailFailed, findChangeForCustomer } from "@/db/queries/customer-changes";
import { describeOutage, describeReflection, reflectionMode, serviceNames } from "@/lib/changes/reflection";
import { formatJst } from "@/lib/jst";
import { now } from "@/lib/server/clock";
import { deviceStates } from "@/lib/registrar/registration-state";
import { DeviceRegistration } from "../../device-registration";
import { CancelForm } from "./cancel-form";

export const metadata: Metadata = { title: "IP加入電話パスワード変更 完了" };

type Change = NonNullable<Awaited<ReturnType<typeof findChangeForCustomer>>>;

/** What the page says first, by what became of the change: never "complete" for one that did not happen. */
function headline(change: Change): { title: string; body: string } {
  const headlines: Record<ChangeStatus, { title: string; body: string }> = {
    pending: {
      title: "IP加入電話パスワードの変更が完了しました。",
      body: "続けて、IP電話対応機器の設定を新しいパスワードに変更してください。下記のパスワード反映時間から、新しいパスワードが有効になります。",
    },
    reflected: {
      title: "新しいIP加入電話パスワードは、弊社システムに反映済みです。",
      body: `${change.appliedAt ? formatJst(change.appliedAt) : ""} に反映しました。IP電話対応機器に新しいパスワードを設定済みであれば、そのまま発信・着信できます。`,
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

  const reflection = { at: change.reflectionAt, mode: reflectionMode(change.serviceKind) };
  const { title, body } = headline(change);
  const waiting = change.status === "pending";
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
        <dt className="font-bold">パスワード反映時間</dt>
        <dd className="text-xl font-bold text-brand-800" data-testid="reflection-time">
          {describeReflection(reflection)}
        </dd>
        {waiting && (
          <>
            <dt className="font-bold">発着信できない時間</dt>
            <dd data-testid="outage">{describeOutage(change.requestedAt, reflection)} は発着信できません</dd>
          </>
        )}
      </dl>
      <p className="text-sm text-muted">
        時刻はすべて日本時間です。
        {waiting && !mailFailed && "受付内容はご登録のメールアドレスにもお送りしました。"}
        {waiting && mailFailed && "受付内容のメールはお送りできませんでした。この画面の内容をお控えください。"}
      </p>
      {waiting && <CancelForm changeId={change.id} />}
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
