import type { Metadata } from "next";
import Link from "next/link";
import { requestCookies } from "@/lib/auth/request-cookies";
import { describeChallenge } from "@/lib/auth/code-step";
import { now } from "@/lib/server/clock";
import { CODE_LENGTH, CODE_TTL_MS } from "@/lib/auth/otp";
import { formatDuration } from "@/lib/duration";
import { limits } from "@/lib/rate-limit";
import { formatJst, formatJstWait } from "@/lib/jst";
import { env } from "@/lib/env";
import { CodeMailFailing } from "@/app/_components/code-mail-failing";
import { SupportContact } from "@/app/_components/support-contact";

/** The address part of "Name <address>". */
const emailAddress = (from: string) => /<([^>]+)>/.exec(from)?.[1] ?? from;
import { CodeForm } from "./code-form";
import { ResendForm } from "./resend-form";

export const metadata: Metadata = { title: "認証コードの入力" };

/** The resend button's name, which the notice of a failed mail points to. */
const RESEND_LABEL = "認証コードを再送信";

export default async function VerifyPage() {
  const at = now();
  const challenge = await describeChallenge((await requestCookies()).read("binding"), at);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">メールによる二段階認証</h1>
      {challenge ? (
        <>
          {challenge.mailFailing ? (
            <CodeMailFailing maskedEmail={challenge.maskedEmail} resendLabel={RESEND_LABEL} />
          ) : (
            <p className="leading-relaxed">
              ご登録のメールアドレス <strong>{challenge.maskedEmail}</strong>{" "}
              に認証コードをお送りしました。メールに記載の
              {CODE_LENGTH}桁の数字を入力してください。
            </p>
          )}
          <CodeForm expiresAt={formatJst(challenge.expiresAt)} remaining={challenge.remaining} />
          <section aria-labelledby="resend-heading" className="space-y-2 border-t border-brand-100 pt-5">
            <h2 id="resend-heading" className="font-bold">
              メールが届かない場合
            </h2>
            <ul className="ml-5 list-disc text-sm">
              <li>迷惑メールフォルダーに振り分けられていないか、ご確認ください。</li>
              <li>
                受信の設定をされている場合は、弊社からのメール（送信元：{emailAddress(env().emailFrom)}
                ）を受け取れるようにしてください。
              </li>
              <li>
                ご登録のメールアドレスが変わっている場合は、認証コードをお届けできません。サポート窓口までご連絡ください。
              </li>
            </ul>
            <ResendForm
              label={RESEND_LABEL}
              resendAt={challenge.resendAt.getTime()}
              serverNow={at.getTime()}
              resendAtText={formatJstWait(challenge.resendAt)}
              allowance={`${formatDuration(limits.codeSendsPerCustomer.windowMs)}に${limits.codeSendsPerCustomer.limit}回まで`}
            />
          </section>
        </>
      ) : (
        <div className="space-y-4">
          <p role="alert" className="rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-bold text-danger">
            有効な認証手続きがありません。認証コードの有効期限（{formatDuration(CODE_TTL_MS)}
            ）が切れたか、入力を続けて間違えたため無効になりました。
          </p>
          <p>
            <Link href="/login" className="text-brand-700 underline">
              セルフケアログインからやり直す
            </Link>
          </p>
          <SupportContact className="text-sm" />
        </div>
      )}
    </div>
  );
}
