import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireCustomer } from "@/app/_lib/guards";
import { findChangeForCustomer } from "@/db/queries/changes";
import { describeOutage, describeReflection, formatJst, reflectionMode, serviceNames } from "@/lib/reflection";

export const metadata: Metadata = { title: "IP加入電話パスワード変更 完了" };

const statusNotes = {
  pending: null,
  reflected: "この変更はシステムに反映済みです。",
  superseded: "この変更のあとに、同じ番号で新しい変更が行われています。最新の変更の内容が反映されます。",
  failed: "システムへの反映に失敗しました。お手数ですがサポート窓口までご連絡ください。",
} as const;

export default async function CompletePage({ params }: { params: Promise<{ id: string }> }) {
  const session = await requireCustomer();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const change = await findChangeForCustomer(id, session.user.id);
  if (!change) notFound();

  const reflection = { at: change.reflectionAt, mode: reflectionMode(change.serviceKind) };
  const note = statusNotes[change.status];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">IP加入電話パスワード変更</h1>
      <div role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3">
        <p className="text-lg font-bold">IP加入電話パスワードの変更が完了しました。</p>
        <p>続けて、IP電話対応機器の設定を新しいパスワードに変更してください。</p>
      </div>
      {note && <p className="rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3 font-bold">{note}</p>}
      <dl className="grid gap-x-6 gap-y-3 rounded border border-brand-100 bg-white p-5 sm:grid-cols-[12rem_1fr]">
        <dt className="font-bold">IP加入電話番号</dt>
        <dd className="font-mono text-lg">{change.number}</dd>
        <dt className="font-bold">サービス</dt>
        <dd>{serviceNames[change.serviceKind]}</dd>
        <dt className="font-bold">受付日時</dt>
        <dd>{formatJst(change.requestedAt)}</dd>
        <dt className="font-bold">システムへの反映</dt>
        <dd className="text-xl font-bold text-brand-800" data-testid="reflection-time">
          {describeReflection(reflection)}
        </dd>
        <dt className="font-bold">発着信できない時間</dt>
        <dd data-testid="outage">{describeOutage(change.requestedAt, reflection)} は発着信できません</dd>
      </dl>
      <p className="text-sm text-muted">
        時刻はすべて日本時間です。受付内容はご登録のメールアドレスにもお送りしました。
      </p>
      <p>
        <Link href="/menu" className="text-brand-700 underline">
          メニューへ戻る
        </Link>
      </p>
    </div>
  );
}
