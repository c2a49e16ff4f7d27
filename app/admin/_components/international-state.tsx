import type { InternationalOffReason } from "@/db/enums";
import { internationalOffReasonNames } from "@/lib/calls/international";
import { formatJst } from "@/lib/jst";

type Props = {
  line: {
    internationalCalling: boolean;
    internationalChangedAt: Date | null;
    internationalOffReason: InternationalOffReason | null;
    internationalLastCallAt: Date | null;
    internationalBurstAt: Date | null;
  };
};

/**
 * A line's 「国際電話の利用」 as the console reads it: on or off, why and since when, the last international call, and
 * the flag 「国際発信の異常」 when the velocity rule stopped it.
 */
export function InternationalState({ line }: Props) {
  const since = line.internationalChangedAt ? `（${formatJst(line.internationalChangedAt)}）` : "";
  const state = line.internationalCalling
    ? `オン${since}`
    : line.internationalOffReason
      ? `オフ：${internationalOffReasonNames[line.internationalOffReason]}${since}`
      : "オフ（初期設定）";
  return (
    <span data-testid="international-state">
      <span className="font-bold">{state}</span>
      {line.internationalLastCallAt && (
        <span className="block text-sm">最後の国際電話：{formatJst(line.internationalLastCallAt)}</span>
      )}
      {line.internationalBurstAt && (
        <span
          className="mt-1 block w-fit rounded border border-danger bg-red-50 px-2 py-0.5 text-sm font-bold text-danger"
          data-testid="international-burst"
        >
          国際発信の異常：{formatJst(line.internationalBurstAt)}
        </span>
      )}
    </span>
  );
}
