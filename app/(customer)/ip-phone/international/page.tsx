import type { Metadata } from "next";
import Link from "next/link";
import { activeLinesWithInternational, type InternationalLine } from "@/db/queries/international";
import { requireCustomer } from "@/lib/auth/guards";
import { requestCookies } from "@/lib/auth/request-cookies";
import { currentStepUp } from "@/lib/auth/step-up";
import { INTERNATIONAL_POLICY, internationalOffReasonNames } from "@/lib/calls/international";
import { serviceNames } from "@/lib/changes/reflection";
import { env } from "@/lib/env";
import { formatJst } from "@/lib/jst";
import { now } from "@/lib/server/clock";
import { EmergencyNotice } from "@/app/_components/emergency-notice";
import { SubmitButton } from "@/app/_components/submit-button";
import { disableInternationalAction, enableInternationalAction } from "./actions";

export const metadata: Metadata = { title: "国際電話の利用" };

/** What the last action did, said after its redirect (`?done=`). */
const doneMessages: Record<string, { text: string; ok: boolean }> = {
  on: { text: "国際電話の利用をオンにしました。確認のメールをお送りしました。", ok: true },
  off: { text: "国際電話の利用をオフにしました。確認のメールをお送りしました。", ok: true },
  unchanged: { text: "すでにその設定になっているため、変更はありません。", ok: false },
  "not-found": { text: "ご契約中の利用できる番号ではありません。", ok: false },
};

/** The line's setting as the customer reads it: on since when, or off, and why and since when when not by them. */
function stateOf(line: InternationalLine): string {
  const since = line.internationalChangedAt ? `（${formatJst(line.internationalChangedAt)}から）` : "";
  if (line.internationalCalling) return `オン${since}`;
  if (!line.internationalOffReason) return "オフ（初期設定）";
  return `オフ：${internationalOffReasonNames[line.internationalOffReason]}${since}`;
}

export default async function InternationalPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireCustomer();
  const params = await searchParams;
  const lines = await activeLinesWithInternational(session.user.id);
  const stepUp = await currentStepUp({
    customerId: session.user.id,
    stepUpToken: (await requestCookies()).read("stepUp"),
    now: now(),
  });
  const done = typeof params.done === "string" ? doneMessages[params.done] : undefined;
  // Back from 「ご本人の確認」 for this line: its button now turns it on at once.
  const confirmed = stepUp !== null && typeof params.number === "string" ? params.number : undefined;
  const months = env().internationalIdleMonths;
  const policy = INTERNATIONAL_POLICY;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">国際電話の利用</h1>
      {done && (
        <p
          role={done.ok ? "status" : "alert"}
          className={`rounded border-l-4 px-4 py-3 font-bold ${
            done.ok ? "border-brand-600 bg-brand-50" : "border-danger bg-red-50 text-danger"
          }`}
        >
          {done.text}
        </p>
      )}
      <EmergencyNotice />
      <section aria-labelledby="about-heading" className="space-y-2 rounded border border-brand-100 bg-white p-5">
        <h2 id="about-heading" className="font-bold">
          「国際電話の利用」について
        </h2>
        <ul className="list-disc space-y-1 pl-6">
          <li>
            オフの間は、その番号から国際電話をかけられません（発信はお断りします）。最初はすべての番号でオフです。
          </li>
          <li>オンにするときは、不正利用を防ぐため、パスキーかメールの認証コードでご本人であることを確認します。</li>
          <li>{`${months}か月間国際電話のご利用がないと、自動でオフになります（メールでお知らせします）。`}</li>
          <li>
            {`短時間に国際電話の発信が続いた場合（${policy.burstMinutes}分間に${policy.burstAttempts}回を超えた場合）は、国際発信の異常として自動でオフになります（メールでお知らせします）。`}
          </li>
          <li>
            {`オンの間も、国際電話は1つの番号で同時に${policy.concurrentCalls}通話まで、1回の通話は${policy.maxMinutes}分までです（${policy.maxMinutes}分で自動的に切れます）。`}
          </li>
          <li>オフにするときは、ボタンひとつですぐにオフになります。オン・オフのたびに確認のメールをお送りします。</li>
        </ul>
      </section>

      {lines.length === 0 ? (
        <p>ご利用中のIP加入電話番号はありません。</p>
      ) : (
        <ul className="space-y-4">
          {lines.map((line) => (
            <li key={line.number}>
              <section
                id={`line-${line.number}`}
                aria-labelledby={`line-${line.number}-heading`}
                className="space-y-3 rounded border border-brand-100 bg-white p-5"
                data-testid="international-line"
              >
                <h2 id={`line-${line.number}-heading`} className="font-bold">
                  <span className="font-mono text-lg">{line.number}</span>{" "}
                  <span className="font-normal text-muted">{serviceNames[line.serviceKind]}</span>
                </h2>
                <p data-testid="international-state">
                  国際電話の利用：<span className="font-bold">{stateOf(line)}</span>
                </p>
                {line.internationalLastCallAt && (
                  <p className="text-sm">最後の国際電話：{formatJst(line.internationalLastCallAt)}</p>
                )}
                {line.internationalCalling ? (
                  <form action={disableInternationalAction}>
                    <input type="hidden" name="number" value={line.number} />
                    <SubmitButton pendingLabel="オフにしています…" variant="secondary">
                      {`${line.number} の国際電話の利用をオフにする`}
                    </SubmitButton>
                  </form>
                ) : (
                  <form action={enableInternationalAction} className="space-y-2">
                    <input type="hidden" name="number" value={line.number} />
                    {confirmed === line.number ? (
                      <p role="status" className="font-bold">
                        ご本人の確認ができました。下のボタンでオンにしてください。
                      </p>
                    ) : (
                      stepUp === null && (
                        <p className="text-sm text-muted">オンにする前に、ご本人の確認の画面に進みます。</p>
                      )
                    )}
                    <SubmitButton pendingLabel="送信しています…">
                      {`${line.number} の国際電話の利用をオンにする`}
                    </SubmitButton>
                  </form>
                )}
              </section>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/menu" className="text-brand-700 underline">
          メニューへ戻る
        </Link>
      </p>
    </div>
  );
}
