import type { Metadata } from "next";
import Link from "next/link";
import { AddPasskey } from "@/app/_components/add-passkey";
import { listPasskeys } from "@/db/queries/passkeys";
import { requireOperatorDuringPasskeySetup } from "@/lib/auth/guards";
import { relyingParty } from "@/lib/auth/passkey-flows";
import { formatJst } from "@/lib/jst";
import { addOperatorPasskey, operatorPasskeyOptions } from "./actions";

export const metadata: Metadata = { title: "パスキー（運用コンソール）" };

/**
 * The operator's own passkeys. An operator without the emailed-code fallback and without a passkey (a new admin's
 * first sign-in) is kept here until they register one (lib/auth/guards.ts).
 */
export default async function OperatorPasskeysPage() {
  const session = await requireOperatorDuringPasskeySetup();
  const passkeys = await listPasskeys(session.user.id);
  const forced = session.user.mustRegisterPasskey === true;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">パスキー</h1>
      {forced && (
        <p role="alert" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          運用コンソールはパスキーでログインします。初回のログインのため、この端末のパスキーを登録してください。登録が済むまで、ほかの画面は使えません。
        </p>
      )}
      <p>
        パスキーは、端末の画面ロック（指紋・顔・PIN）でログインする方法です。偽のサイトでは使えないため、フィッシングで盗まれません。次回からは、ログイン画面の「パスキーでログイン」でログインしてください。
      </p>
      <section aria-labelledby="list-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
        <h2 id="list-heading" className="font-bold">
          登録済みのパスキー
        </h2>
        {passkeys.length === 0 ? (
          <p>登録済みのパスキーはありません。</p>
        ) : (
          <ul className="divide-y divide-brand-100">
            {passkeys.map((passkey) => (
              <li key={passkey.id} className="py-3" data-testid="passkey">
                <p className="font-bold">{passkey.name}</p>
                <p className="text-sm text-muted">
                  登録：{formatJst(passkey.createdAt)}／最後に使用：
                  {passkey.lastUsedAt ? formatJst(passkey.lastUsedAt) : "まだ使われていません"}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="add-heading" className="space-y-3 rounded border border-brand-100 bg-white p-5">
        <h2 id="add-heading" className="font-bold">
          パスキーを登録する
        </h2>
        {relyingParty() ? (
          <AddPasskey options={operatorPasskeyOptions} add={addOperatorPasskey} placeholder="業務用のパソコン" />
        ) : (
          <p>このサイトではパスキーを利用できません（サイトのアドレスが設定されていません）。</p>
        )}
      </section>
      <p className="text-sm">
        パスキーの端末をなくした場合は、管理者に連絡してください。管理者がメールの認証コードによるログインを一時的に許可します。
      </p>
      {!forced && (
        <p>
          <Link href="/admin/changes" className="text-brand-700 underline">
            運用コンソールへ
          </Link>
        </p>
      )}
    </div>
  );
}
