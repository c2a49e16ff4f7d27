import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { findPendingApproval } from "@/db/queries/approvals";
import { linesOfNumber } from "@/db/queries/console-lines";
import { requireOperator } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { recordCustomerView } from "@/lib/desk/support-actions";
import { requestMeta } from "@/lib/http/current-request";
import { now } from "@/lib/server/clock";
import { serviceNames } from "@/lib/changes/reflection";
import { formatJst } from "@/lib/jst";
import { lineStatusNames, suspensionReasonNames, suspensionSentence } from "@/lib/provisioning/line-status";
import { lineNumberSchema } from "@/lib/validation/provisioning";
import { InternationalOffForm } from "../../_components/international-off-form";
import { InternationalState } from "../../_components/international-state";
import { CallsSection } from "./calls-section";
import { LifecycleForm } from "./lifecycle-form";

export const metadata: Metadata = { title: "回線（管理）" };

/** What the last action did, said after its redirect (`?done=`). */
const doneMessages: Record<string, { text: string; ok: boolean }> = {
  suspended: { text: "回線の利用を停止しました。機器の登録も解除しました。", ok: true },
  resumed: { text: "回線の利用を再開しました。", ok: true },
  requested: {
    text: "解約を申請しました。別の管理者が承認すると解約されます（24時間以内）。",
    ok: true,
  },
  "already-pending": { text: "この回線の解約はすでに申請され、承認を待っています。", ok: false },
  unchanged: { text: "回線はすでにその状態のため、変更はありません。", ok: false },
  refused: { text: "この回線は解約済みのため、操作できません。", ok: false },
  "international-off": {
    text: "国際電話の利用をオフにしました。お客様にメールでお知らせします。",
    ok: true,
  },
  "international-unchanged": { text: "国際電話の利用はすでにオフのため、変更はありません。", ok: false },
};

const row = "grid gap-x-6 gap-y-1 sm:grid-cols-[10rem_1fr]";

export default async function LinePage({
  params,
  searchParams,
}: {
  params: Promise<{ number: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireOperator("customers.read");
  const number = lineNumberSchema.safeParse(decodeURIComponent((await params).number));
  if (!number.success) notFound();
  const lines = await linesOfNumber(number.data);
  const [line, ...past] = lines;
  if (!line) notFound();
  // The line's page names its customer: the view is recorded as on the customer's own page.
  const operator = { id: session.user.id, name: session.user.name ?? session.user.id };
  const clock = now();
  await recordCustomerView(line.customerId, { operator, meta: await requestMeta(), now: clock }, "line");
  const { done, calls } = await searchParams;
  const message = typeof done === "string" ? doneMessages[done] : undefined;
  const live = line.status !== "terminated";
  const pending = live ? await findPendingApproval("line-termination", { lineId: line.id }) : undefined;
  const mayAct = live && can(session.user.role, "lines.lifecycle");
  const form = { lineId: line.id, number: line.number };

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">回線 {line.number}</h1>
      {message && (
        <p
          role={message.ok ? "status" : "alert"}
          className={`rounded border-l-4 px-4 py-3 font-bold ${
            message.ok ? "border-brand-600 bg-brand-50" : "border-danger bg-red-50 text-danger"
          }`}
        >
          {message.text}
        </p>
      )}
      <dl className={row} data-testid="line-summary">
        <dt className="font-bold">状態</dt>
        <dd data-testid="line-status">
          {lineStatusNames[line.status]}
          {line.suspensionReason && `（${suspensionReasonNames[line.suspensionReason]}）`}
          {line.terminatedAt && `（${formatJst(line.terminatedAt)}）`}
        </dd>
        {line.status === "suspended" && (
          <>
            <dt className="font-bold">お客様への表示</dt>
            <dd>{suspensionSentence(line.suspensionReason)}</dd>
          </>
        )}
        <dt className="font-bold">サービス</dt>
        <dd>{serviceNames[line.serviceKind]}</dd>
        <dt className="font-bold">国際電話の利用</dt>
        <dd>
          <InternationalState line={line} />
        </dd>
        <dt className="font-bold">お客様</dt>
        <dd>
          <Link href={`/admin/customers/${line.customerId}`} className="text-brand-700 underline">
            {line.displayName}（{line.selfCareId}）
          </Link>
          {line.customerExternalId && `　お客様番号：${line.customerExternalId}`}
        </dd>
        <dt className="font-bold">状態の変更</dt>
        <dd>{formatJst(line.statusChangedAt)}</dd>
        <dt className="font-bold">登録</dt>
        <dd>{formatJst(line.createdAt)}</dd>
      </dl>
      {pending && (
        <p className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3" data-testid="termination-pending">
          解約の承認待ちです（{formatJst(pending.expiresAt)}まで）。
          <Link href="/admin/approvals" className="text-brand-700 underline">
            承認待ちの操作
          </Link>
          で、申請者以外の管理者が承認または却下します。
        </p>
      )}
      {line.status !== "terminated" &&
        line.internationalCalling &&
        can(session.user.role, "lines.international-off") && <InternationalOffForm number={line.number} back="line" />}
      {mayAct && line.status === "active" && (
        <LifecycleForm
          action="suspend"
          {...form}
          title="利用を停止する"
          description="発信も着信もできなくなり、機器の登録は解除されます。お客様の画面には停止理由に応じた案内が表示されます。"
          button="利用を停止する"
          suspensionReasons={suspensionReasonNames}
        />
      )}
      {mayAct && line.status === "suspended" && (
        <LifecycleForm
          action="resume"
          {...form}
          title="利用を再開する"
          description="すぐに発信・着信ができるようになります。機器は次の登録で使えるようになります。"
          button="利用を再開する"
        />
      )}
      {mayAct && !pending && (
        <LifecycleForm
          action="terminate"
          {...form}
          title="解約を申請する"
          description="解約は元に戻せないため、別の管理者の承認が必要です。承認されるとすぐに解約され、この番号は一定期間ほかのお客様に割り当てられません。"
          button="解約を申請する"
        />
      )}
      <CallsSection line={line} cursor={calls} now={clock} />
      {past.length > 0 && (
        <section aria-labelledby="past-heading" className="space-y-2">
          <h2 id="past-heading" className="text-lg font-bold text-brand-800">
            この番号の以前の回線
          </h2>
          <ul className="list-disc pl-6">
            {past.map((ended) => (
              <li key={ended.id}>
                {ended.displayName}（{ended.selfCareId}）：{formatJst(ended.createdAt)}から
                {ended.terminatedAt ? `${formatJst(ended.terminatedAt)}に解約` : ""}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
