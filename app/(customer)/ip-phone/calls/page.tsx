import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { CallHistoryTable } from "@/app/_components/call-history";
import { historyLinesOf } from "@/db/queries/call-records";
import { requireCustomer } from "@/lib/auth/guards";
import { HISTORY_DAYS, lineHistory } from "@/lib/calls/history";
import { formatJstDate } from "@/lib/jst";
import { lineStatusNames } from "@/lib/provisioning/line-status";
import { now } from "@/lib/server/clock";
import { decodeEventKeyset, encodeEventKeyset } from "@/lib/validation/keyset-cursor";

export const metadata: Metadata = { title: "発着信履歴" };

const PAGE_SIZE = 50;
const query = z.object({
  number: z
    .string()
    .regex(/^050\d{8}$/)
    .optional()
    .catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});

/**
 * 「発着信履歴」: one line's calls of the last 90 days, both ways, newest first. The line is chosen with a plain GET
 * form, so the page works without JavaScript and its address names the line.
 */
export default async function CallsPage({
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
  const lines = await historyLinesOf(session.user.id);
  const line = number ? lines.find((candidate) => candidate.number === number) : lines[0];
  // Another customer's number, or one the customer no longer has: nothing to show, and nothing said about it.
  if (number && !line) notFound();
  const history = line
    ? await lineHistory({ line, now: now(), before: decodeEventKeyset(before), limit: PAGE_SIZE })
    : null;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">発着信履歴</h1>
      {!line || !history ? (
        <p>ご契約中のIP加入電話番号はありません。</p>
      ) : (
        <>
          <p>
            {`直近${HISTORY_DAYS}日間（${formatJstDate(history.start)}から）の発信と着信を、新しい順に表示しています。時刻はすべて日本時間です。`}
          </p>
          {lines.length > 1 && (
            <form
              method="get"
              action="/ip-phone/calls"
              className="flex flex-wrap items-end gap-3 rounded border border-brand-100 bg-white p-4"
            >
              <div className="grid gap-1">
                <label htmlFor="number" className="font-bold">
                  IP加入電話番号
                </label>
                <select
                  id="number"
                  name="number"
                  defaultValue={line.number}
                  className="min-h-11 rounded border border-gray-500 bg-white px-3 py-2 font-mono text-base"
                >
                  {lines.map((candidate) => (
                    <option key={candidate.number} value={candidate.number}>
                      {candidate.number}
                      {candidate.status !== "active" ? `（${lineStatusNames[candidate.status]}）` : ""}
                    </option>
                  ))}
                </select>
              </div>
              <button
                type="submit"
                className="min-h-11 rounded bg-brand-700 px-6 py-2 font-bold text-white hover:bg-brand-800"
              >
                表示
              </button>
            </form>
          )}
          <CallHistoryTable
            calls={history.calls}
            caption={`${line.number} の発着信（新しい順）`}
            olderHref={
              history.next
                ? `/ip-phone/calls?${new URLSearchParams({ number: line.number, before: encodeEventKeyset(history.next) })}`
                : null
            }
            empty={
              before
                ? "これより古い発着信はありません。"
                : `${line.number} の直近${HISTORY_DAYS}日間の発着信はありません。`
            }
          />
          <p className="text-sm text-muted">
            {
              "「国際」は国際電話、「拒否」は発信の制限によりつながなかった発信です。国際電話は1回の通話時間に上限があり、上限に達すると自動で切断されます（「上限時間で切断」）。"
            }
          </p>
        </>
      )}
      <p>
        <Link href="/menu" className="text-brand-700 underline">
          メニューへ戻る
        </Link>
      </p>
    </div>
  );
}
