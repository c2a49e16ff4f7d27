import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { findChangeForAdmin } from "@/db/queries/admin-changes";
import { isOverdue, statusLabels } from "@/lib/change-status";
import { now } from "@/lib/clock";
import { formatJst, serviceNames } from "@/lib/reflection";
import { requireAdmin } from "@/app/_lib/guards";

export const metadata: Metadata = { title: "変更の詳細（管理）" };

export default async function AdminChangePage({ params }: { params: Promise<{ id: string }> }) {
  await requireAdmin();
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  const change = await findChangeForAdmin(id);
  if (!change) notFound();
  const facts: [string, string][] = [
    ["IP加入電話番号", change.number],
    ["お客様", `${change.selfCareId}（${change.customerName}）`],
    ["サービス", serviceNames[change.serviceKind]],
    ["受付日時", formatJst(change.requestedAt)],
    ["反映予定", formatJst(change.reflectionAt)],
    ["状態", `${statusLabels[change.status]}${isOverdue(change, now()) ? "（遅延）" : ""}`],
    ["反映日時", change.appliedAt ? formatJst(change.appliedAt) : "—"],
    ["試行回数", String(change.attempts)],
    ["失敗理由", change.failureReason ?? "—"],
    ["受付元", `${change.requestIp ?? "不明"} / ${change.userAgent ?? "不明"}`],
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">変更の詳細</h1>
      <dl className="grid gap-x-6 gap-y-2 rounded border border-brand-100 bg-white p-5 sm:grid-cols-[10rem_1fr]">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-bold">{term}</dt>
            <dd className="break-words">{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="trail-heading">
        <h2 id="trail-heading" className="mb-2 font-bold">
          監査記録
        </h2>
        <ol className="space-y-1 text-sm">
          {change.trail.map((event, index) => (
            <li key={index}>
              {formatJst(event.at)} — {event.type}
              {event.detail ? ` ${JSON.stringify(event.detail)}` : ""}
            </li>
          ))}
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
