import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { listApiKeys } from "@/db/queries/api-keys";
import { apiKeyScopeNames } from "@/lib/audit-labels";
import { requireOperator } from "@/lib/auth/guards";
import { formatJst } from "@/lib/jst";
import { revokeApiKeyAction } from "./actions";
import { CreateKeyForm } from "./create-form";

export const metadata: Metadata = { title: "プロビジョニングAPIキー（管理）" };

const columns = ["名前", "権限", "キーの先頭", "発行日時", "最終利用", "状態", "操作"];
const cell = "border border-brand-100 px-2 py-1.5";

export default async function ApiKeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireOperator("api-keys.manage");
  const query = await searchParams;
  const confirming = z.uuid().safeParse(query.revoke);
  const keys = await listApiKeys();
  const toRevoke = confirming.success ? keys.find((key) => key.id === confirming.data && !key.revokedAt) : undefined;

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">プロビジョニングAPIキー</h1>
      <p>
        料金システムがお客様と回線を登録するAPI（/api/provisioning/v1）のキーです。キーは発行したときに一度だけ表示され、ここには先頭の数文字しか残りません。
      </p>
      {query.revoked === "1" && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          キーを失効させました。このキーでのリクエストは、今後すべて拒否されます。
        </p>
      )}
      {toRevoke && (
        <section
          aria-labelledby="revoke-heading"
          className="space-y-3 rounded border-2 border-brand-600 bg-white p-4"
          data-testid="revoke-confirmation"
        >
          <h2 id="revoke-heading" className="font-bold">
            キー「{toRevoke.name}」を失効させますか？
          </h2>
          <p>
            失効させたキーは元に戻せません。このキーを使っているシステムは、新しいキーに切り替えるまで登録できなくなります。
          </p>
          <div className="flex flex-wrap gap-3">
            <form action={revokeApiKeyAction}>
              <input type="hidden" name="keyId" value={toRevoke.id} />
              <button type="submit" className="min-h-11 rounded bg-danger px-5 py-2 font-bold text-white">
                失効させる
              </button>
            </form>
            <Link href="/admin/api-keys" className="min-h-11 px-2 py-2 text-brand-700 underline">
              やめる
            </Link>
          </div>
        </section>
      )}
      <CreateKeyForm scopeNames={apiKeyScopeNames} />
      <div className="overflow-x-auto">
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="py-2 text-left font-bold">キーの一覧</caption>
          <thead>
            <tr className="bg-brand-100 text-left">
              {columns.map((heading) => (
                <th key={heading} scope="col" className="border border-brand-100 px-2 py-2 whitespace-nowrap">
                  {heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 && (
              <tr>
                <td colSpan={columns.length} className={cell}>
                  キーはまだありません。
                </td>
              </tr>
            )}
            {keys.map((key) => (
              <tr key={key.id} data-testid="api-key-row">
                <th scope="row" className={`${cell} text-left font-normal`}>
                  {key.name}
                </th>
                <td className={cell}>{apiKeyScopeNames[key.scope]}</td>
                <td className={`${cell} font-mono`}>{key.keyPrefix}…</td>
                <td className={`${cell} whitespace-nowrap`}>{formatJst(key.createdAt)}</td>
                <td className={`${cell} whitespace-nowrap`}>{key.lastUsedAt ? formatJst(key.lastUsedAt) : "未使用"}</td>
                <td className={cell}>{key.revokedAt ? `失効（${formatJst(key.revokedAt)}）` : "有効"}</td>
                <td className={cell}>
                  {!key.revokedAt && (
                    <Link href={`/admin/api-keys?revoke=${key.id}#main`} className="text-brand-700 underline">
                      失効させる…<span className="sr-only">（{key.name}）</span>
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
