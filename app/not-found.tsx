import Link from "next/link";

export default function NotFound() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold text-brand-800">ページが見つかりません</h1>
      <p>お探しのページは移動または削除されたか、URLが間違っている可能性があります。</p>
      <p>
        <Link href="/" className="text-brand-700 underline">
          トップページへ戻る
        </Link>
      </p>
    </div>
  );
}
