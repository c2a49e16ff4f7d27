import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { listLinesOf } from "@/db/queries/customers";
import type { AttemptSummary } from "@/db/queries/line-activity";
import { requireCustomer } from "@/lib/auth/guards";
import { normalizeLineNumber } from "@/lib/changes/line-number";
import { serviceNames } from "@/lib/changes/reflection";
import { env } from "@/lib/env";
import { formatJst } from "@/lib/jst";
import { describeGuessPolicy, describeGuessWindow, GUESS_ALERT } from "@/lib/registrar/guess-alert";
import { lineActivity, type LineActivity } from "@/lib/registrar/line-activity";
import { maskAddress } from "@/lib/registrar/masking";

export const metadata: Metadata = { title: "機器の接続状況" };

const banReasons = {
  "wrong-password": "この番号への誤ったパスワードが続いたため",
  scanner: "多くの番号に誤ったパスワードを試したため",
} as const;

export default async function DevicesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireCustomer();
  const { number } = await searchParams;
  // Only an active line can have devices: a suspended or ended one is out of the registrar (its registrations deleted).
  const lines = (await listLinesOf(session.user.id)).filter((line) => line.status === "active");
  const wanted = typeof number === "string" ? normalizeLineNumber(number) : undefined;
  const shown = wanted ? lines.filter((line) => line.number === wanted) : lines;
  // Another customer's number, or none of the customer's: nothing to show, and nothing said about it.
  if (wanted && shown.length === 0) notFound();

  const { registrationCheck } = env();
  const activity = registrationCheck ? await lineActivity(shown.map((line) => line.number)) : [];

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">機器の接続状況</h1>
      {!registrationCheck ? (
        <p className="rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3" data-testid="devices-unavailable">
          この環境では、通話制御システムの登録情報を参照していないため、機器の接続状況を表示できません。
        </p>
      ) : (
        <>
          <p>
            ご契約中の番号ごとに、いま登録されている機器と、誤ったパスワードでの接続の試みを表示しています。時刻はすべて日本時間です。
          </p>
          {activity.map((line) => (
            <LineSection
              key={line.number}
              line={line}
              service={serviceNames[shown.find((candidate) => candidate.number === line.number)!.serviceKind]}
            />
          ))}
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

/** A device of the customer's that keeps failing: when, from where (masked), which device, how often. */
function AttemptFacts({ attempts }: { attempts: AttemptSummary }) {
  return (
    <p className="text-sm">
      最後の試み：{formatJst(attempts.lastAt)}、接続元：{attempts.addresses.map(maskAddress).join("、")}、機器：
      {attempts.lastUserAgent || "不明"}（{attempts.count}回）
    </p>
  );
}

/** Many wrong passwords in total from many addresses, each below the bans: what it means, and what to do. */
function GuessFloodAlert({ number, flood }: { number: string; flood: NonNullable<LineActivity["guessFlood"]> }) {
  const headingId = `guess-flood-${number}`;
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-2 rounded border-l-4 border-danger bg-red-50 px-4 py-3"
      data-testid="guess-flood"
    >
      <h3 id={headingId} className="font-bold text-danger">
        パスワードを推測しようとする試みが続いています
      </h3>
      <p>
        直近{describeGuessWindow(GUESS_ALERT)}に、<strong>{flood.addresses}か所</strong>
        の接続元から、誤ったパスワードでの接続の試みが
        <strong>合計{flood.wrong}回</strong>
        ありました。接続元ごとの回数を少なくして接続の拒否を避けながら、多くの場所から少しずつパスワードを推測しようとしている可能性があります（誤ったパスワードが
        {describeGuessPolicy()}あると、この表示とメールでお知らせします）。
      </p>
      <p>いまのところ、パスワードが漏れたとわかっているわけではありません。次のことをお勧めします。</p>
      <ul className="ml-5 list-disc">
        <li>
          推測されやすいパスワードをお使いの場合は、
          <Link href={`/ip-phone/password?number=${number}`} className="text-brand-700 underline">
            パスワードの変更
          </Link>
          で「安全なパスワードを作成して入力」を使い、推測されにくいパスワードに変更してください。
        </li>
        <li>
          見覚えのない機器が「登録中の機器」にあるなど、パスワードが漏れたおそれがある場合は、すぐに
          <Link href={`/ip-phone/password?number=${number}&mode=emergency`} className="font-bold text-danger underline">
            緊急のパスワード変更
          </Link>
          を行ってください。今のパスワードはその時点で使えなくなります。
        </li>
      </ul>
    </section>
  );
}

function LineSection({ line, service }: { line: LineActivity; service: string }) {
  const headingId = `line-${line.number}`;
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded border border-brand-100 bg-white p-5"
      data-testid="device-line"
    >
      <h2 id={headingId} className="font-bold">
        <span className="font-mono text-lg">{line.number}</span>（{service}）
      </h2>

      {line.guessFlood && <GuessFloodAlert number={line.number} flood={line.guessFlood} />}

      <div className="space-y-2">
        <h3 className="font-bold">登録中の機器</h3>
        {line.devices.length === 0 ? (
          <p data-testid="no-devices">いま登録されている機器はありません。</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">{line.number} に登録中の機器</caption>
              <thead>
                <tr className="bg-brand-100 text-left">
                  <th scope="col" className="px-3 py-2">
                    機器
                  </th>
                  <th scope="col" className="px-3 py-2">
                    接続元
                  </th>
                  <th scope="col" className="px-3 py-2">
                    最後の登録
                  </th>
                  <th scope="col" className="px-3 py-2">
                    登録の期限
                  </th>
                  <th scope="col" className="px-3 py-2">
                    パスワード
                  </th>
                </tr>
              </thead>
              <tbody>
                {line.devices.map((device) => (
                  <tr
                    key={`${device.address}-${device.registeredAt.getTime()}-${device.userAgent}`}
                    className="border-t border-brand-100"
                    data-testid="device"
                  >
                    <td className="px-3 py-2">{device.userAgent || "不明"}</td>
                    <td className="px-3 py-2 font-mono">{maskAddress(device.address)}</td>
                    <td className="px-3 py-2">{formatJst(device.registeredAt)}</td>
                    <td className="px-3 py-2">{formatJst(device.expiresAt)}</td>
                    <td className="px-3 py-2">
                      {device.usesPrevious ? "以前のパスワード（猶予期間中）" : "現在のパスワード"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      {line.staleDevice && (
        <div className="space-y-1 rounded border-l-4 border-amber-600 bg-amber-50 px-4 py-3" data-testid="stale-device">
          <p className="font-bold">以前のパスワードで接続しようとしている機器があります。</p>
          <AttemptFacts attempts={line.staleDevice} />
          <p className="text-sm">
            以前のパスワードはもう使えないため、この機器では発信・着信ができません。次の手順で設定してください。
          </p>
          <ol className="ml-5 list-decimal text-sm">
            <li>
              IP電話対応機器の設定画面を開き、SIPパスワード（認証パスワード）を新しいIP加入電話パスワードに変更する。
            </li>
            <li>機器を再起動する。</li>
            <li>このページの「登録中の機器」に、その機器が「現在のパスワード」で表示されることを確かめる。</li>
          </ol>
          <p className="text-sm">
            この試みが続いても、接続が拒否されることはありません。設定を変更すれば、すぐに接続できます。
          </p>
        </div>
      )}

      {line.earlyDevice && (
        <div className="space-y-1 rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3" data-testid="early-device">
          <p className="font-bold">反映前の新しいパスワードで接続しようとしている機器があります。</p>
          <AttemptFacts attempts={line.earlyDevice} />
          <p className="text-sm">
            新しいパスワードは、パスワード反映時間から使えます。反映時間を過ぎると、この機器はそのまま接続できます。通常の変更なら、それまで機器を以前のパスワードに戻しておくと発着信できます。この試みで接続が拒否されることはありません。
          </p>
        </div>
      )}

      <div className="space-y-2" data-testid="strangers">
        <h3 className="font-bold">誤ったパスワードでの接続の試み（直近7日間）</h3>
        {line.strangers ? (
          <p>
            <strong>{line.strangers.count}回</strong>、接続元：
            {line.strangers.addresses.map(maskAddress).join("、")}、最後の試み：{formatJst(line.strangers.lastAt)}
          </p>
        ) : (
          <p>ありません。</p>
        )}
        {line.bans.length > 0 && (
          <ul className="ml-5 list-disc text-sm" data-testid="bans">
            {line.bans.map((ban) => (
              <li key={ban.id}>
                接続元 <span className="font-mono">{maskAddress(ban.address)}</span> からの接続を {formatJst(ban.until)}{" "}
                まで拒否しています（{banReasons[ban.reason]}）。ほかの場所からのお客様の機器の接続には影響しません。
              </li>
            ))}
          </ul>
        )}
        {line.strangers && (
          <p className="text-sm">
            お客様の機器の設定誤りでなければ、第三者がパスワードを推測しようとしている可能性があります。パスワードが漏れたおそれがある場合は、すぐに変更してください。
          </p>
        )}
        <p>
          <Link
            href={`/ip-phone/password?number=${line.number}&mode=emergency`}
            className="inline-block min-h-11 rounded border border-danger px-4 py-2 font-bold text-danger no-underline hover:bg-red-50"
          >
            この番号のパスワードを緊急で変更する
          </Link>
        </p>
      </div>
    </section>
  );
}
