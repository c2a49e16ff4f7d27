import { formatDuration } from "@/lib/duration";
import { reflectionSchedule } from "@/lib/changes/reflection";

/**
 * The provider's two notices, inside the form just above 更新 so they are read before the change is made, each given
 * for both ways of changing: the registrar does what they say (docs/architecture.md, "Rotation").
 */
export function ChangeNotices({ graceMs }: { graceMs: number }) {
  const grace = formatDuration(graceMs);
  return (
    <section aria-labelledby="notices-heading" className="space-y-3" data-testid="notices">
      <h2 id="notices-heading" className="text-lg font-bold text-brand-800">
        ご注意事項（必ずご確認ください）
      </h2>
      <div className="space-y-1 rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3">
        <p className="font-bold">※注意事項1</p>
        <p>
          IP加入電話パスワードを変更したら、お客様のIP電話対応機器の設定も新しいパスワードに変更してください。変更するのは、パスワード反映時間を過ぎてからです（反映時間より前に変更すると、反映時間まで機器が接続できません）。
        </p>
        <ul className="ml-5 list-disc">
          <li>
            通常：反映時間から{grace}
            以内に変更してください。それまでは以前の設定のまま発着信できますが、新しいパスワードで機器を登録した時点、または
            {grace}
            が過ぎた時点で、以前のパスワードは使えなくなります。
          </li>
          <li>緊急：機器の設定を変更するまで発着信できません。</li>
        </ul>
      </div>
      <div className="space-y-1 rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3">
        <p className="font-bold">※注意事項2</p>
        <ul className="ml-5 list-disc">
          <li>
            通常：変更のお手続き後も、反映時間までは今のパスワードのままご利用いただけます。発着信は止まりません。
          </li>
          <li>
            緊急：お手続きの時点で今のパスワードは使えなくなり、接続中の機器も切断されます。弊社システムに反映されるまでの間は、IP電話をご利用いただけません。反映される時刻は、番号ごとに上に表示しています（時間帯ごとの一覧はこのページの下にあります）。
          </li>
        </ul>
        <p className="text-sm">
          （例）B2BUAサービスのパスワードを14時に緊急で変更した場合、パスワード反映時間は17:30となり、14:00～17:30は発着信ができません。通常の変更なら、この間も発着信できます。
        </p>
      </div>
    </section>
  );
}

/** The reflection-time tables, rendered from lib/changes/reflection.ts so the page can never disagree with the rule. */
export function ReflectionSchedule() {
  return (
    <section aria-labelledby="schedule-heading" className="space-y-2">
      <h2 id="schedule-heading" className="text-lg font-bold text-brand-800">
        パスワード反映時間
      </h2>
      {reflectionSchedule.map((table) => (
        <table key={table.title} className="w-full max-w-xl border-collapse bg-white text-sm">
          <caption className="py-2 text-left font-bold">{table.title}</caption>
          <thead>
            <tr className="bg-brand-100">
              <th scope="col" className="border border-brand-100 px-3 py-2 text-left">
                お客様が変更手続きをされる時間帯
              </th>
              <th scope="col" className="border border-brand-100 px-3 py-2 text-left">
                システムへのパスワード反映時間
              </th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.requestedDuring}>
                <td className="border border-brand-100 px-3 py-1.5">{row.requestedDuring}</td>
                <td className="border border-brand-100 px-3 py-1.5">{row.reflectedAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <p className="text-sm text-muted">時刻はすべて日本時間です。「翌」は手続きの翌日を表します。</p>
    </section>
  );
}
