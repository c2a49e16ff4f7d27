// The line's 「発着信履歴」 on its console page: the customer's own table, for the line shown (a terminated line's too,
// up to its end). The page that shows it has recorded the view of the customer's data.
import { CallHistoryTable } from "@/app/_components/call-history";
import { HISTORY_DAYS, lineHistory, type HistoryLine } from "@/lib/calls/history";
import { formatJstDate } from "@/lib/jst";
import { decodeEventKeyset, encodeEventKeyset } from "@/lib/validation/keyset-cursor";

const PAGE_SIZE = 50;

export async function CallsSection({ line, cursor, now }: { line: HistoryLine; cursor: unknown; now: Date }) {
  const before = typeof cursor === "string" && cursor.length <= 200 ? decodeEventKeyset(cursor) : undefined;
  const history = await lineHistory({ line, now, before, limit: PAGE_SIZE });
  const path = `/admin/lines/${line.number}`;
  return (
    <section id="calls" aria-labelledby="calls-heading" className="space-y-2">
      <h2 id="calls-heading" className="text-lg font-bold text-brand-800">
        発着信履歴
      </h2>
      <p className="text-sm">
        {`お客様の「発着信履歴」と同じ、直近${HISTORY_DAYS}日間（${formatJstDate(history.start)}から）の発信と着信です。時刻は日本時間です。`}
      </p>
      <CallHistoryTable
        calls={history.calls}
        caption={`${line.number} の発着信（新しい順）`}
        olderHref={
          history.next ? `${path}?${new URLSearchParams({ calls: encodeEventKeyset(history.next) })}#calls` : null
        }
        empty={before ? "これより古い発着信はありません。" : `直近${HISTORY_DAYS}日間の発着信はありません。`}
      />
    </section>
  );
}
