import type { Metadata } from "next";
import Link from "next/link";
import { SupportContact } from "@/app/_components/support-contact";

export const metadata: Metadata = { title: "セルフケアID・パスワードをお忘れの方" };

export default function LoginHelpPage() {
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">セルフケアID・パスワードをお忘れの方</h1>
      <section className="space-y-3 leading-relaxed">
        <p>
          セルフケアIDとセルフケアパスワードは、ご契約時にお送りした「サービス開始のご案内」に記載しています。まずはお手元の「サービス開始のご案内」をご確認ください。
        </p>
        <p>
          「サービス開始のご案内」が見当たらない場合や、記載のパスワードでログインできない場合は、ご本人様確認のうえで再発行の手続きをご案内します。サポート窓口までご連絡ください。
        </p>
        <SupportContact className="rounded border border-brand-100 bg-white p-4" />
        <p className="text-sm text-muted">
          安全のため、セルフケアIDやパスワードを電話やメールでお伝えすることはありません。再発行した内容は、ご契約時に登録の住所へ郵送します。
        </p>
      </section>
      <p>
        <Link href="/login" className="text-brand-700 underline">
          セルフケアログインへ戻る
        </Link>
      </p>
    </div>
  );
}
