import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { requireCustomer } from "@/lib/auth/guards";
import { listChangesOfCustomer } from "@/db/queries/customer-changes";
import { listLinesOf } from "@/db/queries/customers";
import { lineStatusNames } from "@/lib/provisioning/line-status";
import { customerStatusLabels } from "@/lib/changes/status";
import { now } from "@/lib/server/clock";
import { deviceStates, type RegistrationState } from "@/lib/registrar/registration-state";
import { describeReflection, reflectionMode } from "@/lib/changes/reflection";
import { describePreviousPassword, switchModeNames } from "@/lib/changes/rotation";
import { formatJst } from "@/lib/jst";
import { decodeKeyset, encodeKeyset } from "@/lib/validation/keyset-cursor";

export const metadata: Metadata = { title: "IP加入電話パスワードの変更履歴" };

const PAGE_SIZE = 20;
const query = z.object({
  number: z
    .string()
    .regex(/^050\d{8}$/)
    .optional()
    .catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});

/** The device's state in a word, under the change's status (the change's own page says what to do). */
function deviceNote(state: RegistrationState | undefined): string | null {
  if (state?.kind === "confirmed") return `機器の登録を確認済み（${formatJst(state.at)}）`;
  if (state?.kind === "waiting") return "機器の登録は未確認";
  return null;
}

export default async function HistoryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireCustomer();
  const params = await searchParams;
  const { number, before } = query.parse({
    number: typeof params.number === "string" ? params.number : undefined,
    before: typeof params.before === "string" ? params.before : undefined,
  });
  const lines = await listLinesOf(session.user.id);
  const line = number ? lines.find((candidate) => candidate.number === number) : undefined;
  // Another customer's number (or one that does not exist) has no history here.
  if (number && !line) notFound();
  const rows = await listChangesOfCustomer({
    customerId: session.user.id,
    lineId: line?.id,
    before: decodeKeyset(before),
    limit: PAGE_SIZE + 1,
  });
  const page = rows.slice(0, PAGE_SIZE);
  const devices = await deviceStates(page, now());
  const last = page.at(-1);
  const next =
    rows.length > PAGE_SIZE && last
      ? `?${new URLSearchParams({ ...(number ? { number } : {}), before: encodeKeyset({ at: last.requestedAt, id: last.id }) })}`
      : null;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">IP加入電話パスワードの変更履歴</h1>
      <nav aria-label="番号で絞り込む" className="flex flex-wrap gap-x-4 gap-y-2">
        <Link href="/ip-phone/password/history" aria-current={!number ? "page" : undefined} className="underline">
          すべての番号
        </Link>
        {lines.map((candidate) => (
          <Link
            key={candidate.id}
            href={`/ip-phone/password/history?number=${candidate.number}`}
            aria-current={candidate.number === number ? "page" : undefined}
            className="font-mono underline"
          >
            {candidate.number}
            {candidate.status !== "active" && (
              <span className="font-sans text-sm">（{lineStatusNames[candidate.status]}）</span>
            )}
          </Link>
        ))}
      </nav>
      {page.length === 0 ? (
        <p>変更の記録はまだありません。</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse bg-white text-sm">
            <caption className="sr-only">変更の一覧（新しい順）</caption>
            <thead>
              <tr className="bg-brand-100 text-left">
                <th scope="col" className="px-3 py-2">
                  IP加入電話番号
                </th>
                <th scope="col" className="px-3 py-2">
                  受付日時
                </th>
                <th scope="col" className="px-3 py-2">
                  パスワード反映時間
                </th>
                <th scope="col" className="px-3 py-2">
                  切り替え方法
                </th>
                <th scope="col" className="px-3 py-2">
                  状態
                </th>
                <th scope="col" className="px-3 py-2">
                  反映・取り消しの日時
                </th>
              </tr>
            </thead>
            <tbody>
              {page.map((row) => (
                <tr key={row.id} className="border-t border-brand-100" data-testid="history-row">
                  <td className="px-3 py-2 font-mono">
                    <Link href={`/ip-phone/password/complete/${row.id}`} className="text-brand-700 underline">
                      {row.number}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{formatJst(row.requestedAt)}</td>
                  <td className="px-3 py-2">
                    {describeReflection({ at: row.reflectionAt, mode: reflectionMode(row.serviceKind) })}
                  </td>
                  <td className="px-3 py-2" data-testid="history-mode">
                    {switchModeNames[row.switchMode]}
                    {(row.status === "pending" || row.status === "reflected") && (
                      <span className="block text-muted">
                        {describePreviousPassword({ mode: row.switchMode, ...row })}
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {customerStatusLabels[row.status]}
                    {deviceNote(devices.get(row.id)) && (
                      <span className="block text-muted" data-testid="history-device">
                        {deviceNote(devices.get(row.id))}
                      </span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {row.appliedAt ? formatJst(row.appliedAt) : row.cancelledAt ? formatJst(row.cancelledAt) : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <p>
          <Link href={`/ip-phone/password/history${next}`} className="text-brand-700 underline">
            さらに古い変更を見る
          </Link>
        </p>
      )}
      <p className="text-sm text-muted">時刻はすべて日本時間です。反映待ちの変更は、番号を選ぶと取り消せます。</p>
      <p>
        <Link href="/menu" className="text-brand-700 underline">
          メニューへ戻る
        </Link>
      </p>
    </div>
  );
}
