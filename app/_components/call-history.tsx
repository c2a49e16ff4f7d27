// A line's calls as one table, the customer's 「発着信履歴」 and the console's line page alike. Every value from the call
// records came from devices and carriers: React escapes it, and long ones are cut (lib/calls/call-labels.ts).
import Link from "next/link";
import { directionNames, formatCallDuration, otherParty } from "@/lib/calls/call-labels";
import type { HistoryCall } from "@/lib/calls/history";
import { formatJstSeconds } from "@/lib/jst";

const cell = "px-3 py-2 align-top";

function Mark({ children, danger = false }: { children: string; danger?: boolean }) {
  return (
    <span
      className={`mx-1 inline-block rounded border px-1.5 text-xs font-bold whitespace-nowrap ${
        danger ? "border-danger text-danger" : "border-brand-700 text-brand-800"
      }`}
    >
      {children}
    </span>
  );
}

function Length({ call }: { call: HistoryCall }) {
  if (call.outcome.kind !== "answered") return <>—</>;
  if (call.duration === null) return <>通話中または記録待ち</>;
  return (
    <>
      {formatCallDuration(call.duration)}
      {call.ended === "timeout" && (
        <span className="block text-danger" data-testid="call-timeout">
          上限時間で切断
        </span>
      )}
    </>
  );
}

export function CallHistoryTable({
  calls,
  caption,
  olderHref,
  empty,
}: {
  calls: HistoryCall[];
  caption: string;
  /** The next (older) page, if there is one. */
  olderHref: string | null;
  empty: string;
}) {
  if (calls.length === 0) return <p data-testid="calls-empty">{empty}</p>;
  return (
    <div className="space-y-3">
      {/* Narrow screens scroll the table sideways: the region takes the focus, so a keyboard scrolls it too. */}
      <div className="overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="mb-1 text-left font-bold">{caption}</caption>
          <thead>
            <tr className="bg-brand-100 text-left">
              {["日時", "発信・着信", "相手の番号", "結果", "通話時間"].map((column) => (
                <th key={column} scope="col" className="px-3 py-2">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={call.id} className="border-t border-brand-100" data-testid="call-row">
                <td className={`${cell} whitespace-nowrap`}>{formatJstSeconds(call.at)}</td>
                <td className={cell}>{directionNames[call.direction]}</td>
                <td className={`${cell} whitespace-nowrap`}>
                  <span className="font-mono">{otherParty(call)}</span>
                  {call.kind === "international" && <Mark>国際</Mark>}
                </td>
                <td className={cell}>
                  {call.outcome.kind === "refused" && <Mark danger>拒否</Mark>}
                  <span className={call.outcome.kind === "refused" ? "text-danger" : undefined}>
                    {call.outcome.text}
                  </span>
                </td>
                <td className={`${cell} whitespace-nowrap`}>
                  <Length call={call} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {olderHref && (
        <p>
          <Link href={olderHref} className="text-brand-700 underline">
            さらに古い発着信を見る
          </Link>
        </p>
      )}
    </div>
  );
}
