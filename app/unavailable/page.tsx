import type { Metadata } from "next";
import { UNAVAILABLE_HOLD_SECONDS } from "@/lib/http/db-availability";

export const metadata: Metadata = { title: "ただいまご利用いただけません" };

/** Shown by the proxy (with status 503) while the database cannot be reached. Needs no database itself. */
export default function UnavailablePage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-brand-800">ただいまサービスをご利用いただけません</h1>
      <p className="leading-relaxed">
        システムの一部に接続できないため、ログインやIP加入電話パスワードの変更を一時的に受け付けていません。受け付け済みの変更は失われていません。
      </p>
      <p className="leading-relaxed">{UNAVAILABLE_HOLD_SECONDS}秒ほど待ってから、ページを再読み込みしてください。</p>
    </div>
  );
}
