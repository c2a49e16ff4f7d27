import type { AuthFailureClass } from "@/db/enums";
import { formatJst } from "@/lib/jst";
import { describeGuessPolicy, describeGuessWindow, GUESS_ALERT } from "@/lib/registrar/guess-alert";
import type { LineActivity } from "@/lib/registrar/line-activity";

type Ban = LineActivity["bans"][number];

const classLabels = {
  previous: "以前のパスワード（お客様の機器の設定漏れ）",
  early: "反映前の新しいパスワード（お客様の機器の早すぎる設定）",
  wrong: "誤ったパスワード",
  "unknown-user": "存在しない番号",
  inactive: "停止中・解約済みの回線への接続",
} as const satisfies Record<AuthFailureClass, string>;

const banReasons = { "wrong-password": "この番号への誤ったパスワードが続いた", scanner: "多くの番号を試した" } as const;

/**
 * The registrar's records of a line, as the operator needs them: full addresses, and the bans in force. `liftBan`
 * renders a ban's lift form where the operator may lift it (the customer's page), nothing elsewhere.
 */
export function LineAttempts({
  line,
  liftBan,
  headingId = "attempts-heading",
}: {
  line: LineActivity;
  liftBan?: (ban: Ban) => React.ReactNode;
  headingId?: string;
}) {
  const attempts = [line.strangers, line.staleDevice, line.earlyDevice].filter((row) => row !== null);
  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded border border-brand-100 bg-white p-5">
      <h2 id={headingId} className="font-bold">
        {line.number}：接続の試みと接続拒否（直近7日間）
      </h2>
      {line.guessFlood && (
        <p className="rounded border-l-4 border-danger bg-red-50 px-4 py-3" data-testid="admin-guess-flood">
          <strong className="text-danger">パスワード推測の集中</strong>：直近{describeGuessWindow(GUESS_ALERT)}
          に誤ったパスワード {line.guessFlood.wrong}回、接続元 {line.guessFlood.addresses}か所（基準：
          {describeGuessPolicy()}
          。接続元ごとの拒否にかからない分散した推測です。お客様には1日1回メールでお知らせしています）
        </p>
      )}
      {line.devices.length === 0 ? (
        <p>登録中の機器はありません。</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="admin-devices">
          {line.devices.map((device, index) => (
            <li key={index}>
              <span className="font-bold">登録中の機器</span>：{device.userAgent || "機器名なし"}、接続元{" "}
              <span className="font-mono">{device.address}</span>、{formatJst(device.registeredAt)} 登録（
              {device.usesPrevious ? "以前のパスワード" : "現在のパスワード"}）
            </li>
          ))}
        </ul>
      )}
      {attempts.length === 0 ? (
        <p>認証に失敗した接続の試みはありません。</p>
      ) : (
        <ul className="space-y-1 text-sm" data-testid="admin-attempts">
          {attempts.map((row) => (
            <li key={row.class}>
              <span className="font-bold">{classLabels[row.class]}</span>：{row.count}回、接続元{" "}
              <span className="font-mono">{row.addresses.join("、")}</span>、最後 {formatJst(row.lastAt)}、機器{" "}
              {row.lastUserAgent || "不明"}
            </li>
          ))}
        </ul>
      )}
      {line.bans.length === 0 ? (
        <p className="text-sm">拒否中の接続元はありません。</p>
      ) : (
        <ul className="space-y-2" data-testid="admin-bans">
          {line.bans.map((ban) => (
            <li key={ban.id} className="flex flex-wrap items-center gap-3">
              <span>
                <span className="font-mono">{ban.address}</span>
                {ban.number === null ? "（すべての番号）" : ""} を {formatJst(ban.until)} まで拒否（
                {banReasons[ban.reason]}）
              </span>
              {liftBan?.(ban)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
