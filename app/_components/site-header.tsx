import Link from "next/link";

/** The title leads home: the layout passes the menu (or the admin list) when signed in; the top page otherwise. */
export function SiteHeader({ home = "/", children }: { home?: string; children?: React.ReactNode }) {
  return (
    <header className="border-b-4 border-brand-600 bg-white">
      <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <Link href={home} className="group block no-underline">
          <span className="block text-xs text-muted">ご利用中のお客さまへ</span>
          <span className="block text-lg font-bold text-brand-800 group-hover:underline sm:text-xl">
            カスタマー・セルフケア・サービス
          </span>
          <span className="inline-block rounded bg-brand-700 px-2 py-0.5 text-xs font-bold text-white">IP加入電話</span>
        </Link>
        {children}
      </div>
    </header>
  );
}
