"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";

/** Any unexpected failure while rendering a page: a plain Japanese explanation, never a stack trace. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <div className="space-y-4">
      {/* A client component has no metadata: React puts this title in the head (a failed page may have none). */}
      <title>エラー | IP加入電話 セルフケア</title>
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-bold text-brand-800">
        ただいまサービスをご利用いただけません
      </h1>
      <p className="leading-relaxed">
        システムで問題が発生したため、ページを表示できませんでした。入力中の内容は保存されていません。しばらく時間をおいてから、もう一度お試しください。
      </p>
      {error.digest && (
        <p className="text-sm text-muted">お問い合わせの際は、次の番号をお伝えください：{error.digest}</p>
      )}
      <div className="flex flex-wrap gap-3">
        <button
          type="button"
          onClick={reset}
          className="min-h-11 rounded bg-brand-700 px-5 py-2 font-bold text-white hover:bg-brand-800"
        >
          もう一度試す
        </button>
        <Link href="/" className="inline-flex min-h-11 items-center text-brand-700 underline">
          トップページへ戻る
        </Link>
      </div>
    </div>
  );
}
