import type { RowOutcome, RowResult } from "@/lib/provisioning/csv-import";

/** The per-row results: the row's line in the file, who and which number, and what became of it (and why not). */
export function ResultsTable({
  results,
  caption,
  labels,
}: {
  results: RowResult[];
  caption: string;
  labels: Record<RowOutcome, string>;
}) {
  return (
    <table className="w-full border-collapse bg-white text-sm" data-testid="import-results">
      <caption className="py-2 text-left text-lg font-bold">{caption}</caption>
      <thead>
        <tr className="border-b-2 border-brand-600 text-left">
          <th scope="col" className="p-2 text-right">
            行
          </th>
          <th scope="col" className="p-2">
            お客様番号
          </th>
          <th scope="col" className="p-2">
            IP加入電話番号
          </th>
          <th scope="col" className="p-2">
            結果
          </th>
          <th scope="col" className="p-2">
            理由
          </th>
        </tr>
      </thead>
      <tbody>
        {results.map((result) => (
          <tr
            key={result.row}
            className={`border-b border-brand-100 ${result.outcome === "rejected" ? "bg-red-50" : ""}`}
          >
            <th scope="row" className="p-2 text-right font-normal">
              {result.row}
            </th>
            <td className="p-2">{result.externalId}</td>
            <td className="p-2">{result.number}</td>
            <td className={`p-2 ${result.outcome === "rejected" ? "font-bold text-danger" : ""}`}>
              {labels[result.outcome]}
            </td>
            <td className="p-2">{result.reason ?? ""}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
