import type { Metadata } from "next";
import Link from "next/link";
import { type SearchKind, SEARCH_LIMIT, searchCustomers } from "@/db/queries/customer-search";
import { requireOperator } from "@/lib/auth/guards";
import { maskEmail } from "@/lib/auth/mask-email";
import { lineStatusNames } from "@/lib/provisioning/line-status";
import { parseCustomerSearch } from "@/lib/validation/customer-search";
import { ADMIN_SEARCH_MAX } from "@/lib/validation/limits";

export const metadata: Metadata = { title: "お客様の検索（運用コンソール）" };

const kindNames: Record<SearchKind, string> = {
  "self-care-id": "セルフケアID",
  number: "IP加入電話番号",
  email: "メールアドレス",
  "external-id": "お客様番号",
};

const cell = "border border-brand-100 px-2 py-1.5 text-left align-top";

/**
 * 「お客様の検索」: one box, looked up as every kind it could be. A plain GET form, so it works without JavaScript
 * and the address can be shared. The list shows the email masked: the full record is on the customer's page, whose
 * every opening is recorded.
 */
export default async function CustomerSearchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireOperator("customers.read");
  const { q } = await searchParams;
  const terms = parseCustomerSearch(q);
  const result = terms ? await searchCustomers(terms) : null;
  const typed = typeof q === "string" ? q : "";
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold text-brand-800">お客様の検索</h1>
      <p>
        国際電話の不正利用が疑われる回線は「
        <Link href="/admin/international-bursts" className="text-brand-700 underline">
          国際発信の異常
        </Link>
        」の一覧にあります。
      </p>
      <form
        method="get"
        action="/admin/customers"
        role="search"
        className="space-y-2 rounded border border-brand-100 bg-white p-5"
      >
        <label htmlFor="q" className="block font-bold">
          セルフケアID・IP加入電話番号・メールアドレス・お客様番号
        </label>
        <p id="q-hint" className="text-sm text-muted">
          番号は全角やハイフン入りでも探せます（解約済みの番号も含みます）。メールアドレスは前方一致で、大文字と小文字を区別しません。ほかは完全一致です。
        </p>
        <div className="flex flex-wrap gap-3">
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={typed}
            maxLength={ADMIN_SEARCH_MAX}
            aria-describedby="q-hint"
            autoComplete="off"
            className="min-h-11 w-full max-w-md rounded border border-gray-500 bg-white px-3 py-2 text-base"
          />
          <button
            type="submit"
            className="min-h-11 rounded bg-brand-700 px-6 py-2 font-bold text-white hover:bg-brand-800"
          >
            検索
          </button>
        </div>
      </form>
      {typed && !terms && (
        <p role="alert" className="rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-bold text-danger">
          {`検索する文字を${ADMIN_SEARCH_MAX}文字以内で入力してください（制御文字は使えません）。`}
        </p>
      )}
      {result && (
        <section aria-labelledby="results-heading" className="space-y-2">
          <h2 id="results-heading" className="font-bold" role="status">
            {result.customers.length === 0
              ? "該当するお客様はいません。"
              : `${result.customers.length}件${result.more ? `（${SEARCH_LIMIT}件を超えたため一部のみ。条件を絞り込んでください）` : ""}`}
          </h2>
          {result.customers.length > 0 && (
            <div className="overflow-x-auto">
              <table className="w-full border-collapse text-sm" data-testid="customer-results">
                <thead>
                  <tr>
                    {["セルフケアID", "お名前", "メールアドレス", "お客様番号", "回線と状態", "一致した項目"].map(
                      (column) => (
                        <th key={column} scope="col" className={cell}>
                          {column}
                        </th>
                      ),
                    )}
                  </tr>
                </thead>
                <tbody>
                  {result.customers.map((customer) => (
                    <tr key={customer.id} data-testid="customer-row">
                      <td className={cell}>
                        <Link
                          href={`/admin/customers/${customer.id}`}
                          prefetch={false}
                          className="font-bold text-brand-700 underline"
                        >
                          {customer.selfCareId}
                        </Link>
                      </td>
                      <td className={cell}>{customer.displayName}</td>
                      <td className={cell}>{maskEmail(customer.email)}</td>
                      <td className={cell}>{customer.externalId ?? "—"}</td>
                      <td className={cell}>
                        {customer.lines.length === 0
                          ? "回線なし"
                          : customer.lines.map((line) => (
                              <span key={`${line.number}-${line.status}`} className="block">
                                <span className="font-mono">{line.number}</span> {lineStatusNames[line.status]}
                              </span>
                            ))}
                      </td>
                      <td className={cell}>{customer.matchedBy.map((kind) => kindNames[kind]).join("、")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
