import Link from "next/link";

export default function HomePage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">IP加入電話 セルフケア</h1>
      <p className="leading-relaxed">
        セルフケアIDでログインすると、IP加入電話パスワード（IP電話対応機器に設定するパスワード）を変更できます。
      </p>
      <section aria-labelledby="services" className="rounded border border-brand-100 bg-white p-5">
        <h2 id="services" className="mb-3 font-bold">
          ご利用いただけるサービス
        </h2>
        <ul className="list-inside list-disc space-y-1">
          <li>IP加入電話パスワード変更</li>
        </ul>
        <p className="mt-4">
          <Link
            href="/login"
            className="inline-block rounded bg-brand-700 px-5 py-2.5 font-bold text-white no-underline hover:bg-brand-800"
          >
            セルフケアログイン
          </Link>
        </p>
      </section>
    </div>
  );
}
