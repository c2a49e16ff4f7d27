import type { Metadata } from "next";
import Link from "next/link";
import { requireCustomerDuringForcedChange } from "@/lib/auth/guards";
import { FRESH_SIGN_IN_MS, needsFreshCode } from "@/lib/auth/self-care-password";
import { formatDuration } from "@/lib/duration";
import { now } from "@/lib/server/clock";
import { SELF_CARE_PASSWORD_RULES } from "@/lib/validation/self-care-password";
import { passkeyCount } from "@/db/queries/passkeys";
import { requestCookies } from "@/lib/auth/request-cookies";
import { currentStepUp, stepUpPath } from "@/lib/auth/step-up";
import { sendPasswordCode } from "./actions";
import { PasswordForm } from "./password-form";
import { SendCode } from "../send-code";

export const metadata: Metadata = { title: "セルフケアパスワードの変更" };

export default async function SelfCarePasswordPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireCustomerDuringForcedChange();
  const params = await searchParams;
  const at = now();
  const hasPasskey = (await passkeyCount(session.user.id)) > 0;
  const stepUp = await currentStepUp({
    customerId: session.user.id,
    stepUpToken: (await requestCookies()).read("stepUp"),
    now: at,
  });
  const askCode = stepUp === null && (hasPasskey || needsFreshCode({ signedInAt: session.user.signedInAt, now: at }));
  // On a generated password (the letter's, or a re-issued one) nothing else opens until it is changed.
  const forced = session.user.mustChangePassword === true;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">セルフケアパスワードの変更</h1>
      {params.changed === "1" ? (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          セルフケアパスワードを変更しました。この端末以外のログインはすべて終了しました。確認のメールをお送りしました。
        </p>
      ) : (
        <>
          {forced && (
            <section
              aria-labelledby="forced-heading"
              className="space-y-2 rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3"
              data-testid="forced-change"
            >
              <h2 id="forced-heading" className="font-bold">
                初回ログインのため、セルフケアパスワードを変更してください
              </h2>
              <p>
                「サービス開始のご案内」に記載のセルフケアパスワードは、最初のログインのための仮のパスワードです。
                お客様ご自身のパスワードに変更するまで、ほかのメニューはご利用いただけません。
                「現在のセルフケアパスワード」には、ご案内に記載のパスワードを入力してください。
              </p>
            </section>
          )}
          <p>セルフケアにログインするときのパスワードを変更します。IP加入電話のパスワードは変わりません。</p>
          <section aria-labelledby="rules-heading" className="rounded border border-brand-100 bg-white p-5">
            <h2 id="rules-heading" className="mb-2 font-bold">
              新しいセルフケアパスワードの決まり
            </h2>
            <ul className="list-disc space-y-1 pl-6">
              {SELF_CARE_PASSWORD_RULES.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
          </section>
          {askCode && (
            <section aria-labelledby="code-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
              <h2 id="code-heading" className="font-bold">
                ご本人の確認
              </h2>
              {hasPasskey ? (
                <p>
                  パスキーをお持ちのため、変更の前にもう一度ご本人であることを確認します。{" "}
                  <Link href={stepUpPath("/account/password")} className="text-brand-700 underline">
                    パスキーで確認する
                  </Link>
                  か、パスキーを使えない場合はご登録のメールアドレスにお送りする認証コードをお使いください。
                </p>
              ) : (
                <p>
                  {`ログインから${formatDuration(FRESH_SIGN_IN_MS)}以上たっているため、ご登録のメールアドレスにお送りする認証コードで、もう一度ご本人であることを確認します。`}
                </p>
              )}
              <SendCode action={sendPasswordCode} code={params.code} customerId={session.user.id} />
            </section>
          )}
          <PasswordForm askCode={askCode} />
        </>
      )}
      {!forced && (
        <p>
          <Link href="/menu" className="text-brand-700 underline">
            メニューへ戻る
          </Link>
        </p>
      )}
    </div>
  );
}
