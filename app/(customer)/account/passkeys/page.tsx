import type { Metadata } from "next";
import Link from "next/link";
import { requireCustomer } from "@/lib/auth/guards";
import { listPasskeys } from "@/db/queries/passkeys";
import { relyingParty } from "@/lib/auth/passkey-flows";
import { RECENT_PASSKEY_MS } from "@/lib/auth/passkey-rules";
import { formatDuration } from "@/lib/duration";
import { formatJst } from "@/lib/jst";
import { AddPasskey } from "@/app/_components/add-passkey";
import { addPasskey, passkeyRegistrationOptions, removePasskeyAction } from "./actions";

export const metadata: Metadata = { title: "パスキー" };

export default async function PasskeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireCustomer();
  const { removed } = await searchParams;
  const passkeys = await listPasskeys(session.user.id);
  const available = relyingParty() !== null;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">パスキー</h1>
      <p className="leading-relaxed">
        パスキーを登録すると、セルフケアパスワードとメールの認証コードの代わりに、お使いの端末の画面ロック（指紋・顔・PIN）だけでログインできます。偽のサイトでは使えないため、フィッシングでだまし取られることがありません。パスキーの登録、緊急のIP加入電話パスワード変更、セルフケアパスワードの変更、最後のパスキーの削除の前には、もう一度ご本人を確認します（パスキーをお持ちでない場合はメールの認証コードで確認します）。セルフケアパスワードの変更や「すべての端末からログアウト」の際は、安全のため、直近
        {formatDuration(RECENT_PASSKEY_MS)}以内に登録されたパスキーを削除します。
      </p>
      <p className="text-sm">
        パスキーはJavaScriptが有効な場合にご利用いただけます。JavaScriptが無効な場合は、これまでどおりセルフケアパスワードとメールの認証コードをお使いください。
      </p>
      {removed === "1" && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          パスキーを削除しました。確認のメールをお送りしました。
        </p>
      )}
      <section aria-labelledby="list-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
        <h2 id="list-heading" className="font-bold">
          登録済みのパスキー
        </h2>
        {passkeys.length === 0 ? (
          <p>登録済みのパスキーはありません。</p>
        ) : (
          <ul className="divide-y divide-brand-100">
            {passkeys.map((passkey) => (
              <li
                key={passkey.id}
                className="flex flex-wrap items-center justify-between gap-3 py-3"
                data-testid="passkey"
              >
                <div>
                  <p className="font-bold">{passkey.name}</p>
                  <p className="text-sm text-muted">
                    登録：{formatJst(passkey.createdAt)}／最後に使用：
                    {passkey.lastUsedAt ? formatJst(passkey.lastUsedAt) : "まだ使われていません"}
                  </p>
                </div>
                <form action={removePasskeyAction}>
                  <input type="hidden" name="id" value={passkey.id} />
                  <button
                    type="submit"
                    aria-label={`パスキー「${passkey.name}」を削除`}
                    className="min-h-11 rounded border border-danger bg-white px-4 py-2 font-bold text-danger hover:bg-red-50"
                  >
                    削除
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="add-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
        <h2 id="add-heading" className="font-bold">
          パスキーを登録する
        </h2>
        {available ? (
          <AddPasskey options={passkeyRegistrationOptions} add={addPasskey} />
        ) : (
          <p>このサイトではパスキーをご利用いただけません（サイトのアドレスが設定されていません）。</p>
        )}
      </section>
      <section aria-labelledby="lost-heading" className="space-y-2 text-sm">
        <h2 id="lost-heading" className="font-bold">
          パスキーの端末をなくした場合
        </h2>
        <p>
          セルフケアパスワードとメールの認証コードでログインし、このページでなくした端末のパスキーを削除してください。ログインできない場合は、サポート窓口で本人確認のうえ、パスキーをすべて削除します。
        </p>
      </section>
      <p>
        <Link href="/menu" className="text-brand-700 underline">
          戻る（メニューへ）
        </Link>
      </p>
    </div>
  );
}
