import Link from "next/link";

/** The operator console's own header: what this is and where it leads, with no words meant for customers. */
export function AdminHeader({ children }: { children?: React.ReactNode }) {
  return (
    <header className="border-b-4 border-brand-600 bg-brand-800 text-white">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-3 px-4 py-3 sm:px-6">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <Link href="/admin/changes" className="block font-bold text-white no-underline hover:underline">
            <span className="block text-xs font-normal text-brand-100">IP加入電話 セルフケア</span>
            <span className="block text-lg">運用コンソール</span>
          </Link>
          <nav aria-label="運用メニュー" className="flex flex-wrap gap-x-5 gap-y-1">
            <Link href="/admin/customers" className="text-white underline underline-offset-4">
              お客様の検索
            </Link>
            <Link href="/admin/changes" className="text-white underline underline-offset-4">
              パスワード変更の状況
            </Link>
            <Link href="/admin/imports" className="text-white underline underline-offset-4">
              CSV取り込み
            </Link>
            <Link href="/admin/letters" className="text-white underline underline-offset-4">
              サービス開始のご案内
            </Link>
            <Link href="/admin/api-keys" className="text-white underline underline-offset-4">
              APIキー
            </Link>
          </nav>
        </div>
        {children}
      </div>
    </header>
  );
}
