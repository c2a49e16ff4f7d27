// What an import leaves for people: the per-row table's words, and the rejected rows file (the input's own rows and
// header, with a 「理由」 column), as CSV for spreadsheet software (lib/csv.ts). Whoever writes the file out puts the
// BOM in front (the download, the command line): stored text keeps none, as PGlite drops a leading BOM when it reads.
import { csvLine } from "@/lib/csv";
import { REASON_HEADER } from "./csv-format";
import type { ImportSink, RowOutcome, RowResult } from "./csv-import";

export const outcomeLabels: Record<RowOutcome, string> = {
  created: "作成",
  updated: "更新",
  unchanged: "変更なし",
  rejected: "エラー",
};

/**
 * The rejected rows as CSV lines, streamed to `write`: the header (once), then each rejected row with its reason. An
 * input that is itself a corrected rejected file has its old 「理由」 column dropped, not doubled.
 */
export function rejectedRowsWriter(write: (text: string) => void): ImportSink & { readonly written: number } {
  let header: string[] = [];
  let reasonColumn = -1;
  let written = 0;
  const withoutReason = (cells: string[]) => cells.filter((_, index) => index !== reasonColumn);
  return {
    header(cells) {
      header = cells;
      reasonColumn = cells.findIndex((cell) => cell.normalize("NFKC").trim() === REASON_HEADER);
    },
    row(result, cells) {
      if (result.outcome !== "rejected") return;
      if (written === 0) write(csvLine([...withoutReason(header), REASON_HEADER]));
      write(csvLine([...withoutReason(cells), result.reason ?? ""]));
      written++;
    },
    get written() {
      return written;
    },
  };
}

/** The console keeps this many rows' results; the counts cover every row. */
export const RESULTS_KEPT = 200;

/** For the console: the first rows' results and the whole rejected rows file, as strings. */
export function consoleReport() {
  const results: RowResult[] = [];
  const rejected: string[] = [];
  const writer = rejectedRowsWriter((text) => rejected.push(text));
  const sink: ImportSink = {
    header: (cells) => writer.header(cells),
    row(result, cells) {
      if (results.length < RESULTS_KEPT) results.push(result);
      writer.row(result, cells);
    },
  };
  return { sink, results, rejectedCsv: () => (rejected.length > 0 ? rejected.join("") : null) };
}
