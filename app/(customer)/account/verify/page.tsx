import type { Metadata } from "next";
import Link from "next/link";
import { requireCustomerDuringForcedChange } from "@/lib/auth/guards";
import { passkeyCount } from "@/db/queries/passkeys";
import { STEP_UP_TTL_MS } from "@/lib/auth/passkey-rules";
import { relyingParty } from "@/lib/auth/passkey-flows";
import { stepUpReturn } from "@/lib/auth/step-up";
import { formatDuration } from "@/lib/duration";
import { PasskeyButton } from "@/app/_components/passkey-button";
import { finishStepUp, sendStepUpCode, stepUpOptions } from "./actions";
import { StepUpCodeForm } from "./code-form";
import { SendCode } from "../send-code";

export const metadata: Metadata = { title: "ご本人の確認" };

const purposes: Record<string, string> = {
  "/ip-phone/password": "緊急のIP加入電話パスワード変更",
  "/ip-phone/international": "国際電話の利用をオンにする手続き",
  "/account/password": "セルフケアパスワードの変更",
  "/account/passkeys": "パスキーの登録・削除",
};

export default async function StepUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireCustomerDuringForcedChange();
  const params = await searchParams;
  const next = stepUpReturn(params.next);
  const purpose = purposes[new URL(next, "http://portal.invalid").pathname] ?? "重要なお手続き";
  const hasPasskey = relyingParty() !== null && (await passkeyCount(session.user.id)) > 0;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">ご本人の確認</h1>
      <p className="leading-relaxed">
        {purpose}の前に、もう一度ご本人であることを確認します。確認は{formatDuration(STEP_UP_TTL_MS)}
        間有効です。
      </p>
      {hasPasskey && (
        <section aria-labelledby="passkey-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
          <h2 id="passkey-heading" className="font-bold">
            パスキーで確認する（おすすめ）
          </h2>
          <PasskeyButton label="パスキーで確認" options={stepUpOptions} finish={finishStepUp.bind(null, next)} />
          <p>
            パスキーはJavaScriptが有効な場合にご利用いただけます。使えない場合は、下のメールの認証コードで確認してください。
          </p>
        </section>
      )}
      <section aria-labelledby="code-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
        <h2 id="code-heading" className="font-bold">
          {hasPasskey ? "パスキーを使えない場合：メールの認証コードで確認する" : "メールの認証コードで確認する"}
        </h2>
        <SendCode action={sendStepUpCode} code={params.code} next={next} customerId={session.user.id} />
        {params.code === "sent" && <StepUpCodeForm next={next} />}
      </section>
      <p>
        <Link href={next} className="text-brand-700 underline">
          戻る
        </Link>
      </p>
    </div>
  );
}
