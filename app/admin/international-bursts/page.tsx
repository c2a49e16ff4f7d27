import type { Metadata } from "next";
import Link from "next/link";
import { recentBursts } from "@/db/queries/international";
import { requireOperator } from "@/lib/auth/guards";
import { INTERNATIONAL_POLICY } from "@/lib/calls/international";
import { formatJst } from "@/lib/jst";
import { lineStatusNames } from "@/lib/provisioning/line-status";
import { now } from "@/lib/server/clock";
import { InternationalState } from "../_components/international-state";

export const metadata: Metadata = { title: "国際発信の異常（運用コンソール）" };

/** How far back the list reaches, and how many rows it shows at most. */
const DAYS = 30;
const LIMIT = 200;

const cell = "border border-brand-100 px-2 py-1.5 text-left align-top";

/**
 * 「国際発信の異常」: the lines whose international calling the registrar's velocity rule stopped in the last 30 days,
 * newest first, with their customer, the setting now and whether the customer has been mailed.
 */
export default async function InternationalBurstsPage() {
  await requireOperator("customers.read");
  const since = new Date(now().getTime() - DAYS * 24 * 60 * 60_000);
  const lines = await recentBursts({ since, limit: LIMIT });
  const policy = INTERNATIONAL_POLICY;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">国際発信の異常</h1>
      <p>
        {`${policy.burstMinutes}分間に${policy.burstAttempts}回を超える国際発信があったため、国際電話の利用が自動でオフになった回線です（直近${DAYS}日、新しい順）。お客様には自動でメールでお知らせしています。オンに戻せるのはお客様ご本人だけです（ご本人の確認が必要です）。`}
      </p>
      <h2 className="font-bold" role="status">
        {lines.length === 0 ? "該当する回線はありません。" : `${lines.length}件`}
      </h2>
      {lines.length > 0 && (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm" data-testid="international-bursts">
            <thead>
              <tr>
                {["IP加入電話番号", "お客様", "回線の状態", "国際電話の利用", "お客様へのメール"].map((column) => (
                  <th key={column} scope="col" className={cell}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.number} data-testid="international-burst-row">
                  <td className={cell}>
                    <Link href={`/admin/lines/${line.number}`} className="font-mono font-bold text-brand-700 underline">
                      {line.number}
                    </Link>
                  </td>
                  <td className={cell}>
                    <Link href={`/admin/customers/${line.customerId}`} className="text-brand-700 underline">
                      {line.displayName}（{line.selfCareId}）
                    </Link>
                  </td>
                  <td className={cell}>{lineStatusNames[line.status]}</td>
                  <td className={cell}>
                    <InternationalState line={line} />
                  </td>
                  <td className={cell}>
                    {line.internationalBurstMailedAt ? formatJst(line.internationalBurstMailedAt) : "送信待ち"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
