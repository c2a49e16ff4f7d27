import type { Metadata } from "next";
import Link from "next/link";
import { requireCustomer } from "@/lib/auth/guards";
import { RECENT_PASSKEY_MS } from "@/lib/auth/passkey-rules";
import { SESSION_ABSOLUTE_SECONDS } from "@/lib/auth/session-lifetime";
import { signOutEverywhere } from "@/lib/auth/sign-out";
import { formatDuration } from "@/lib/duration";
import { linesWithPendingChange } from "@/db/queries/customer-changes";
import { describeReflection, reflectionMode, serviceNames } from "@/lib/changes/reflection";
import { lineStatusNames, suspensionAdvice, suspensionSentence } from "@/lib/provisioning/line-status";
import { EmergencyNotice } from "@/app/_components/emergency-notice";
import { SupportContact } from "@/app/_components/support-contact";

export const metadata: Metadata = { title: "メニュー" };

export default async function MenuPage() {
  const session = await requireCustomer();
  const lines = await linesWithPendingChange(session.user.id);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">メニュー</h1>
      <p>{session.user.name} 様、ご利用ありがとうございます。</p>
      <EmergencyNotice />

      <section aria-labelledby="lines-heading" className="rounded border border-brand-100 bg-white p-5">
        <h2 id="lines-heading" className="mb-3 font-bold">
          ご契約中のIP加入電話番号
        </h2>
        {lines.length > 0 ? (
          <ul className="space-y-2">
            {lines.map((line) => {
              const change = line.pending;
              const suspended = line.status === "suspended";
              return (
                <li key={line.id}>
                  <span className="font-mono text-lg">{line.number}</span>{" "}
                  <span className="text-muted">{serviceNames[line.serviceKind]}</span>{" "}
                  {suspended ? (
                    <span
                      className="rounded border border-amber-700 bg-amber-50 px-2 py-0.5 text-sm font-bold text-amber-900"
                      data-testid="line-suspended"
                    >
                      {lineStatusNames.suspended}
                    </span>
                  ) : (
                    <Link href={`/ip-phone/devices?number=${line.number}`} className="text-sm text-brand-700 underline">
                      機器の接続状況
                    </Link>
                  )}
                  {suspended && (
                    <div className="mt-1 space-y-1 rounded border-l-4 border-amber-600 bg-amber-50 px-3 py-2 text-sm">
                      <p>{suspensionSentence(line.suspensionReason)}</p>
                      <p>
                        {`${suspensionAdvice(line.suspensionReason)}利用停止中は発信・着信ができず、IP加入電話パスワードも変更できません。`}
                      </p>
                      <SupportContact />
                    </div>
                  )}
                  {change && (
                    <p className="text-sm" data-testid="pending-change">
                      パスワード変更の反映待ち：
                      {describeReflection({ at: change.reflectionAt, mode: reflectionMode(change.serviceKind) })}{" "}
                      <Link href={`/ip-phone/password/complete/${change.id}`} className="text-brand-700 underline">
                        内容の確認・取り消し
                      </Link>
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        ) : (
          <p>ご契約中のIP加入電話番号はありません。</p>
        )}
      </section>

      <nav aria-labelledby="menu-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
        <h2 id="menu-heading" className="font-bold">
          ◆各種サービス設定・変更
        </h2>
        <p className="text-sm text-muted">◆IP加入電話パスワード変更 &gt; 入力画面</p>
        <p>
          <Link
            href="/ip-phone/password"
            className="inline-block min-h-11 rounded bg-brand-700 px-6 py-3 text-lg font-bold text-white no-underline hover:bg-brand-800"
          >
            IP加入電話パスワードを変更する
          </Link>
        </p>
        <p>
          <Link href="/ip-phone/password/history" className="text-brand-700 underline">
            IP加入電話パスワードの変更履歴
          </Link>
        </p>
        <p>
          <Link href="/ip-phone/devices" className="text-brand-700 underline">
            機器の接続状況
          </Link>
        </p>
        <p>
          <Link href="/ip-phone/international" className="text-brand-700 underline">
            国際電話の利用
          </Link>
        </p>
        <p>
          <Link href="/ip-phone/calls" className="text-brand-700 underline">
            発着信履歴
          </Link>
        </p>
        <p>
          <Link href="/account/password" className="text-brand-700 underline">
            セルフケアパスワードの変更
          </Link>
        </p>
        <p>
          <Link href="/account/passkeys" className="text-brand-700 underline">
            パスキー
          </Link>
        </p>
      </nav>

      <section aria-labelledby="sessions-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
        <h2 id="sessions-heading" className="font-bold">
          ログイン中の端末
        </h2>
        <p className="text-sm">
          {`ほかの端末やブラウザでログインしたままになっていないか心配なときは、すべての端末からログアウトできます（このブラウザもログアウトします。直近${formatDuration(RECENT_PASSKEY_MS)}以内に登録されたパスキーも削除します）。ログインは操作を続けていても${formatDuration(SESSION_ABSOLUTE_SECONDS.customer * 1000)}で終わります。`}
        </p>
        <form action={signOutEverywhere}>
          <button
            type="submit"
            className="min-h-11 rounded border border-brand-700 bg-white px-4 py-2 font-bold text-brand-700 hover:bg-brand-50"
          >
            すべての端末からログアウト
          </button>
        </form>
      </section>
    </div>
  );
}
