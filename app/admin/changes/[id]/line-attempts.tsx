import type { AuthFailureClass } from "@/db/enums";
import { formatJst } from "@/lib/jst";
import { describeGuessPolicy, describeGuessWindow, GUESS_ALERT } from "@/lib/registrar/guess-alert";
import type { LineActivity } from "@/lib/registrar/line-activity";
import { liftBanAction } from "../actions";

const classLabels = {
  previous: "以前のパスワード（お客様の機器の設定漏れ）",
  early: "反映前の新しいパスワード（お客様の機器の早すぎる設定）",
  wrong: "誤ったパスワード",
  "unknown-user": "存在しない番号",
  inactive: "停止中・解約済みの回線への接続",
} as const satisfies Record<AuthFailureClass, string>;

const banReasons = { "wrong-password": "この番号への誤ったパスワードが続いた", scanner: "多くの番号を試した" } as const;

/** The registrar's records of the change's line, as the operator needs them: full addresses, and the bans to lift. */
export function LineAttempts({ line, changeId }: { line: LineActivity; changeId: string }) {
  const attempts = [line.strangers, line.staleDevice, line.earlyDevice].filter((row) => row !== null);
  return (
    <section aria-labelledby="attempts-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
      <h2 id="attempts-heading" className="font-bold">
        接続の試みと接続拒否（直近7日間）
      </h2>
      {line.guessFlood && (
        <p className="rounded border-l-4 border-danger bg-red-50 px-4 py-3" data-testid="admin-guess-flood">
          <strong className="text-danger">パスワード推測の集中</strong>：直近{describeGuessWindow(GUESS_ALERT)}
          に誤ったパスワード {line.guessFlood.wrong}回、接続元 {line.guessFlood.addresses}か所（基準：
          {describeGuessPolicy()}
          。接続元ごとの拒否にかからない分散した推測です。お客様には1日1回メールでお知らせしています）
        </p>
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
              <form action={liftBanAction}>
                <input type="hidden" name="banId" value={ban.id} />
                <input type="hidden" name="changeId" value={changeId} />
                <button
                  type="submit"
                  className="min-h-11 rounded border border-brand-700 bg-white px-3 py-1 font-bold text-brand-700 hover:bg-brand-50"
                >
                  拒否を解除する
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
