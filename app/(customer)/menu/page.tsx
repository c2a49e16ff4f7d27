import type { Metadata } from "next";
import Link from "next/link";
import { requireCustomer } from "@/app/_lib/guards";
import { listLinesOf } from "@/db/queries/customers";
import { serviceNames } from "@/lib/reflection";

export const metadata: Metadata = { title: "メニュー" };

export default async function MenuPage() {
  const session = await requireCustomer();
  const lines = await listLinesOf(session.user.id);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">メニュー</h1>
      <p>{session.user.name} 様、ご利用ありがとうございます。</p>

      <section aria-labelledby="lines-heading" className="rounded border border-brand-100 bg-white p-5">
        <h2 id="lines-heading" className="mb-3 font-bold">
          ご契約中のIP加入電話番号
        </h2>
        {lines.length > 0 ? (
          <ul className="space-y-1">
            {lines.map((line) => (
              <li key={line.id} className="flex flex-wrap gap-x-3">
                <span className="font-mono text-lg">{line.number}</span>
                <span className="text-muted">{serviceNames[line.serviceKind]}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>ご契約中のIP加入電話番号はありません。</p>
        )}
      </section>

      <nav aria-labelledby="menu-heading" className="rounded border border-brand-100 bg-white p-5">
        <h2 id="menu-heading" className="mb-3 font-bold">
          ◆各種サービス設定・変更
        </h2>
        <ul className="ml-4 space-y-2">
          <li>
            <span className="font-bold">◆IP加入電話パスワード変更</span>
            <ul className="ml-4 mt-1">
              <li>
                <Link href="/ip-phone/password" className="text-brand-700 underline">
                  入力画面
                </Link>
              </li>
            </ul>
          </li>
        </ul>
      </nav>
    </div>
  );
}
