import type { ReactElement } from "react";
import { formatDuration } from "@/lib/duration";
import { reflectionSchedule } from "@/lib/changes/reflection";
import { SIP_PASSWORD_RULES } from "@/lib/changes/sip-password";

// What the form page shows whatever the request: the provider's notices, the reflection-time tables and the password
// rules. Each is built once per process as a React element (immutable, so one tree serves every response, as React's
// constant-element hoisting does); only the lines, their predictions and the form are made per request. React still
// writes each tree into every response's HTML and hydration payload (bench/README.md, "Targets missed").

const noticesByGrace = new Map<number, ReactElement>();

/**
 * The provider's two notices, inside the form just above 更新 so they are read before the change is made, each given
 * for both ways of changing: the registrar does what they say (docs/architecture.md, "Rotation"). One tree per grace
 * period, which is fixed per process.
 */
export function changeNotices(graceMs: number): ReactElement {
  let notices = noticesByGrace.get(graceMs);
  if (!notices) {
    notices = noticesTree(formatDuration(graceMs));
    noticesByGrace.set(graceMs, notices);
  }
  return notices;
}

function noticesTree(grace: string): ReactElement {
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

/**
 * The reflection-time tables, rendered from lib/changes/reflection.ts so the page can never disagree with the rule.
 * The cells' styles sit on the table (`[&_td]:…`), not repeated on each of its 60 cells.
 */
export const reflectionScheduleSection: ReactElement = (
  <section aria-labelledby="schedule-heading" className="space-y-2">
    <h2 id="schedule-heading" className="text-lg font-bold text-brand-800">
      パスワード反映時間
    </h2>
    {reflectionSchedule.map((table) => (
      <table
        key={table.title}
        className="w-full max-w-xl border-collapse bg-white text-sm [&_td]:border [&_td]:border-brand-100 [&_td]:px-3 [&_td]:py-1.5 [&_th]:border [&_th]:border-brand-100 [&_th]:px-3 [&_th]:py-2 [&_th]:text-left"
      >
        <caption className="py-2 text-left font-bold">{table.title}</caption>
        <thead>
          <tr className="bg-brand-100">
            <th scope="col">お客様が変更手続きをされる時間帯</th>
            <th scope="col">システムへのパスワード反映時間</th>
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.requestedDuring}>
              <td>{row.requestedDuring}</td>
              <td>{row.reflectedAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ))}
    <p className="text-sm text-muted">時刻はすべて日本時間です。「翌」は手続きの翌日を表します。</p>
  </section>
);

/** Every rule the change form's validator enforces, listed beside the new password before anything is sent. */
export const passwordRulesList: ReactElement = (
  <div className="text-sm sm:ml-[15rem]" data-testid="password-rules">
    <p className="font-bold">新しいパスワードの条件</p>
    <ul className="ml-5 list-disc">
      {SIP_PASSWORD_RULES.map((rule) => (
        <li key={rule}>{rule}</li>
      ))}
    </ul>
  </div>
);
