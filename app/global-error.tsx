"use client";

import { SiteFooter } from "./_components/site-footer";
import { SiteHeader } from "./_components/site-header";
import "./globals.css";

/** When even the root layout fails: the same shell and message, drawn without it. */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="ja">
      <body className="flex min-h-screen flex-col font-sans antialiased">
        <SiteHeader />
        <main id="main" className="mx-auto w-full max-w-4xl flex-1 space-y-4 px-4 py-6 sm:px-6 sm:py-8">
          <title>エラー | IP加入電話 セルフケア</title>
          <h1 className="text-2xl font-bold text-brand-800">ただいまサービスをご利用いただけません</h1>
          <p className="leading-relaxed">
            システムで問題が発生しました。しばらく時間をおいてから、もう一度お試しください。
          </p>
          {error.digest && (
            <p className="text-sm text-muted">お問い合わせの際は、次の番号をお伝えください：{error.digest}</p>
          )}
          <p>
            {/* A full page load, not client navigation: the app's own router may be what failed. */}
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- deliberately not <Link>, see above */}
            <a href="/" className="text-brand-700 underline">
              トップページへ戻る
            </a>
          </p>
        </main>
        <SiteFooter />
      </body>
    </html>
  );
}
