import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getSession } from "@/lib/auth/next-auth";
import { homeFor } from "@/lib/auth/config";
import { SESSION_IDLE_SECONDS } from "@/lib/auth/cookies";
import { formatDuration } from "@/lib/duration";
import { relyingParty } from "@/lib/auth/passkey-flows";
import { LoginForm } from "./login-form";
import { PasskeyLogin } from "./passkey-login";

export const metadata: Metadata = { title: "セルフケアログイン" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ signedOut?: string; expired?: string }>;
}) {
  const { signedOut, expired } = await searchParams;
  const passkeys = relyingParty() !== null;
  // The proxy lets the expired notice through whatever the token says; a session that is in fact valid goes home.
  if (expired !== undefined) {
    const session = await getSession();
    if (session) redirect(homeFor(session.user.role));
  }
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">セルフケアログイン</h1>
      {expired !== undefined && (
        <div role="status" className="space-y-1 rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3">
          <h2 className="font-bold">セッションの有効期限が切れました</h2>
          <p>
            安全のため、{formatDuration(SESSION_IDLE_SECONDS * 1000)}
            間操作がなかった場合や、別の画面でログアウトした場合は自動的にログアウトします。お手数ですが、もう一度ログインしてください。
          </p>
        </div>
      )}
      {signedOut !== undefined && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3">
          ログアウトしました。
        </p>
      )}
      <section className="space-y-3 leading-relaxed">
        <p>
          ログイン認証を行います。ご本人様確認のため、セルフケアIDとパスワードの確認後、ご契約時にご登録いただいたメールアドレスへ
          <strong>認証コード</strong>をお送りします。
        </p>
        <p>
          お手元の「サービス開始のご案内」をご用意のうえ、「セルフケアID」と「セルフケアパスワード」を入力してください。
        </p>
        <p className="rounded border border-brand-100 bg-white px-4 py-3 text-sm">
          セルフケアIDとパスワードは、お客様ご自身の責任で大切に保管してください。紛失や漏えいにより第三者に知られると、不正に利用されるおそれがあります。第三者と共有される場合も、お客様の責任でお取り扱いください。
        </p>
      </section>
      <LoginForm />
      <p className="text-sm text-muted">※ご登録メールアドレスによる二段階認証を行います。</p>
      {passkeys && (
        <section aria-labelledby="passkey-heading" className="space-y-2 rounded border border-brand-100 bg-white p-5">
          <h2 id="passkey-heading" className="font-bold">
            パスキーをお持ちの方
          </h2>
          <p className="text-sm">パスキーでログインすると、パスワードと認証コードの入力は不要です。</p>
          <PasskeyLogin />
          <p className="text-sm">パスキーはJavaScriptが有効な場合にご利用いただけます。</p>
        </section>
      )}
      <p>
        <Link href="/login/help" className="text-brand-700 underline">
          セルフケアID・パスワードをお忘れの方
        </Link>
      </p>
    </div>
  );
}
