import type { Metadata } from "next";
import Link from "next/link";
import { countWaitingLetters, findCustomerForReissue, listWaitingLetters } from "@/db/queries/letters";
import { ReasonFields } from "@/app/admin/_components/reason-fields";
import { requireOperator } from "@/lib/auth/guards";
import { formatJst } from "@/lib/jst";
import { LETTER_BATCH_MAX } from "@/lib/provisioning/letters";
import { decodeKeyset, encodeKeyset } from "@/lib/validation/keyset-cursor";
import { LETTERS_PAGE_SIZE, reissueSchema } from "@/lib/validation/letters";
import { SELF_CARE_ID_MAX } from "@/lib/validation/limits";
import { reissueLetterAction } from "./actions";

export const metadata: Metadata = { title: "サービス開始のご案内（管理）" };

const notices: Record<string, { text: string; tone: "info" | "error" }> = {
  "none-selected": { text: "印刷するお客様を選択してください。", tone: "error" },
  "none-waiting": {
    text: "選択したご案内は、すでに印刷されたか再発行されたため、印刷待ちではありません。一覧を更新しました。",
    tone: "error",
  },
  "reissue-invalid": { text: "セルフケアIDの形式が正しくありません。", tone: "error" },
  "reissue-reason": { text: "再発行の理由を選んでください（「その他」は理由を入力）。", tone: "error" },
};

const button = "min-h-11 rounded px-4 py-2 font-bold";
const primary = `${button} bg-brand-700 text-white hover:bg-brand-800`;
const secondary = `${button} border border-brand-700 bg-white text-brand-700 hover:bg-brand-50`;

export default async function LettersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireOperator("letters.print");
  const params = await searchParams;
  const text = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);
  const after = decodeKeyset(text(params.after));
  const [rows, waiting] = await Promise.all([
    listWaitingLetters({ after: after && { issuedAt: after.at, id: after.id }, limit: LETTERS_PAGE_SIZE + 1 }),
    countWaitingLetters(),
  ]);
  const page = rows.slice(0, LETTERS_PAGE_SIZE);
  const last = page.at(-1);
  const next = rows.length > LETTERS_PAGE_SIZE && last ? encodeKeyset({ at: last.issuedAt, id: last.id }) : null;
  const notice = notices[text(params.notice) ?? ""];
  const asked = reissueSchema.safeParse({ selfCareId: text(params.reissue) });
  const target = asked.success ? await findCustomerForReissue(asked.data.selfCareId) : undefined;
  const reissued = text(params.reissued);

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">サービス開始のご案内</h1>
      {notice && (
        <p
          role={notice.tone === "error" ? "alert" : "status"}
          className="rounded border-l-4 border-danger bg-white px-4 py-3 font-bold"
        >
          {notice.text}
        </p>
      )}
      {reissued && (
        <p role="status" className="rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3 font-bold">
          {`セルフケアID ${reissued} のご案内を再発行しました。以前のセルフケアパスワードとすべてのログインは無効になりました。新しいご案内は下の一覧から印刷してください。`}
        </p>
      )}
      <div className="space-y-1 text-sm leading-relaxed">
        <p>
          ご案内には、お客様のセルフケアID・初回ログイン用のセルフケアパスワード・各番号のIP加入電話パスワードが記載されます。
        </p>
        <p className="font-bold">
          記載のパスワードは印刷と同時にシステムから消去されるため、同じご案内は一度しか印刷できません。紛失・印刷の失敗の場合は、下の「再発行」で新しいパスワードのご案内を作成してください。
        </p>
        <p>
          ご案内の印刷後に番号が追加されたお客様は、「追加回線のご案内」として再び印刷待ちになります。追加回線のご案内には追加の番号のIP加入電話パスワードだけが記載され、セルフケアパスワードは記載されません。
        </p>
        <p>{`まとめて印刷は1回につき最大${LETTER_BATCH_MAX}件です（新しいものから）。残りはもう一度実行してください。印刷した分は、ページを再読み込みすると一覧から消えます。`}</p>
      </div>

      <section aria-labelledby="waiting-heading" className="space-y-3 rounded border border-brand-100 bg-white p-4">
        <h2 id="waiting-heading" className="font-bold">
          印刷待ち：<span data-testid="waiting-count">{waiting}</span>件
        </h2>
        {page.length === 0 ? (
          <p>印刷待ちのご案内はありません。</p>
        ) : (
          <form method="post" action="/admin/letters/print" className="space-y-3">
            <div className="flex flex-wrap gap-3">
              <button type="submit" name="scope" value="waiting" className={primary}>
                {`まとめて印刷（印刷待ちすべて・最大${LETTER_BATCH_MAX}件）`}
              </button>
              <button type="submit" name="scope" value="selected" className={secondary}>
                選択した分を印刷
              </button>
            </div>
            <div className="overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">印刷待ちのご案内（新しい順）</caption>
                <thead>
                  <tr className="border-b border-brand-100">
                    <th scope="col" className="p-2">
                      選択
                    </th>
                    <th scope="col" className="p-2">
                      セルフケアID
                    </th>
                    <th scope="col" className="p-2">
                      お客様名
                    </th>
                    <th scope="col" className="p-2">
                      ご案内の種類
                    </th>
                    <th scope="col" className="p-2">
                      番号数
                    </th>
                    <th scope="col" className="p-2">
                      発行日時
                    </th>
                    <th scope="col" className="p-2">
                      印刷
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.map((row) => (
                    <tr key={row.id} className="border-b border-brand-50" data-testid="waiting-letter">
                      <td className="p-2">
                        <input
                          type="checkbox"
                          name="ids"
                          value={row.id}
                          aria-label={`${row.selfCareId}を選択`}
                          className="size-5"
                        />
                      </td>
                      <td className="p-2 font-mono">{row.selfCareId}</td>
                      <td className="p-2">{row.name}</td>
                      <td className="p-2" data-testid="letter-kind">
                        {row.selfCarePassword ? "サービス開始のご案内" : `追加回線のご案内（${row.sealedLines}番号）`}
                      </td>
                      <td className="p-2">{row.lines}</td>
                      <td className="p-2">{formatJst(row.issuedAt)}</td>
                      <td className="p-2">
                        <button
                          type="submit"
                          name="customer"
                          value={row.id}
                          aria-label={`印刷（PDF）：${row.selfCareId}`}
                          className={secondary}
                        >
                          印刷（PDF）
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </form>
        )}
        <nav aria-label="ページ送り" className="flex gap-4">
          {after && (
            <Link href="/admin/letters" className="text-brand-700 underline">
              最初のページ
            </Link>
          )}
          {next && (
            <Link href={`/admin/letters?after=${next}`} className="text-brand-700 underline">
              次のページ
            </Link>
          )}
        </nav>
      </section>

      <section
        id="reissue"
        aria-labelledby="reissue-heading"
        className="space-y-3 rounded border border-brand-100 bg-white p-4"
      >
        <h2 id="reissue-heading" className="font-bold">
          再発行
        </h2>
        <p className="text-sm">
          ご案内を紛失した、セルフケアパスワードが分からないなどの場合に、新しい初回ログイン用のパスワードを発行します。それまでのパスワードはすぐに使えなくなり、お客様のすべてのログインが終了します。IP加入電話パスワードは変わりません。
        </p>
        <form method="get" action="/admin/letters#reissue" className="flex flex-wrap items-end gap-3">
          <div className="grid gap-1">
            <label htmlFor="reissue-id" className="text-sm font-bold">
              セルフケアID
            </label>
            <input
              id="reissue-id"
              name="reissue"
              defaultValue={asked.success ? asked.data.selfCareId : undefined}
              maxLength={SELF_CARE_ID_MAX}
              required
              aria-invalid={params.reissue !== undefined && !target ? true : undefined}
              aria-describedby={params.reissue !== undefined && !target ? "reissue-error" : undefined}
              className="min-h-11 rounded border border-gray-500 bg-white px-2 py-1"
            />
          </div>
          <button type="submit" className={secondary}>
            再発行の確認へ
          </button>
        </form>
        {params.reissue !== undefined && !target && (
          <p id="reissue-error" className="text-sm font-bold text-danger">
            このセルフケアIDのお客様は見つかりません。
          </p>
        )}
        {target && (
          <div className="space-y-3 rounded border-2 border-brand-600 p-4" data-testid="reissue-confirmation">
            <h3 className="font-bold">{`${target.name} 様（${target.selfCareId}）のご案内を再発行しますか？`}</h3>
            <p className="text-sm">
              {target.letterPrintedAt
                ? `前回のご案内は ${formatJst(target.letterPrintedAt)} に印刷済みです。`
                : "前回のご案内はまだ印刷されていません（再発行すると、そのご案内は使えなくなります）。"}
              再発行すると、現在のセルフケアパスワードとすべてのログインは直ちに無効になり、次回のログインで再びパスワードの変更が必要になります。
            </p>
            <div className="flex flex-wrap gap-3">
              <form action={reissueLetterAction} className="space-y-3">
                <input type="hidden" name="selfCareId" value={target.selfCareId} />
                <ReasonFields prefix="reissue" />
                <button type="submit" className={primary}>
                  再発行する
                </button>
              </form>
              <Link href="/admin/letters" className="min-h-11 px-2 py-2 text-brand-700 underline">
                やめる
              </Link>
            </div>
          </div>
        )}
      </section>
    </div>
  );
}
