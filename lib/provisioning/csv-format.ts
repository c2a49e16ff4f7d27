// The CSV import's format (docs/provisioning.md, "CSV import"): which columns, under which headers, and how one row
// becomes a customer and maybe a line, checked with the API's own zod schemas. Pure: no I/O.
import type { z } from "zod";
import { customerBodySchema, externalIdSchema, lineBodySchema, lineNumberSchema } from "@/lib/validation/provisioning";
import type { CustomerInput, LineInput } from "./types";

export const importColumns = [
  "external_id",
  "self_care_id",
  "name",
  "email",
  "number",
  "service_kind",
  "status",
  "suspension_reason",
] as const;
type Column = (typeof importColumns)[number];

/** The Japanese headers billing exports use, beside the English ones. */
export const japaneseHeaders: Record<Column, string> = {
  external_id: "お客様番号",
  self_care_id: "セルフケアID",
  name: "お名前",
  email: "メールアドレス",
  number: "IP加入電話番号",
  service_kind: "サービス種別",
  status: "状態",
  suspension_reason: "停止理由",
};

const byHeader = new Map<string, Column>([
  ...importColumns.map((column) => [column, column] as const),
  ...importColumns.map((column) => [japaneseHeaders[column].toLowerCase(), column] as const),
]);

/** The rejected rows file's own column: ignored, so a corrected rejected file imports as it is. */
export const REASON_HEADER = "理由";

const CUSTOMER_COLUMNS: readonly Column[] = ["external_id", "self_care_id", "name", "email"];
const LINE_COLUMNS: readonly Column[] = ["number", "service_kind", "status"];

/** Where each column is in the file's rows; the line columns are absent from a file of customers only. */
export type Header = { positions: Partial<Record<Column, number>>; width: number };

/** The header row read, or why the whole file is refused (in Japanese). */
export function readHeader(cells: string[]): { header: Header } | { error: string } {
  const positions: Partial<Record<Column, number>> = {};
  for (const [index, raw] of cells.entries()) {
    // NFKC: full-width letters and the "ＩＤ" of a hand-typed header read as the same column.
    const name = raw.normalize("NFKC").trim().toLowerCase();
    if (name === REASON_HEADER) continue;
    const column = byHeader.get(name);
    if (!column) return { error: `見出し行の「${raw}」は使用できない列名です（${index + 1}列目）。` };
    if (positions[column] !== undefined) return { error: `見出し行で「${raw}」の列が重複しています。` };
    positions[column] = index;
  }
  const required = positions.number === undefined ? CUSTOMER_COLUMNS : [...CUSTOMER_COLUMNS, ...LINE_COLUMNS];
  const missing = required.filter((column) => positions[column] === undefined);
  if (missing.length > 0) {
    const names = missing.map((column) => `${column}（${japaneseHeaders[column]}）`).join("、");
    return { error: `見出し行に必要な列がありません：${names}。` };
  }
  return { header: { positions, width: cells.length } };
}

/** One data row checked: the customer it names and its line (none when the number is empty), or why it is refused. */
export type ParsedRow =
  | { ok: true; externalId: string; number: string; customer: CustomerInput; line: LineInput | null }
  | { ok: false; externalId: string; number: string; reason: string };

/** Each of zod's issues is already a Japanese sentence (the shared schemas say so). */
const messagesOf = (error: z.ZodError) => error.issues.map((issue) => issue.message);

export function parseRow(header: Header, cells: string[]): ParsedRow {
  const cell = (column: Column) => {
    const index = header.positions[column];
    return index === undefined ? "" : (cells[index] ?? "").trim();
  };
  const rawExternalId = cell("external_id");
  const rawNumber = cell("number");
  if (cells.length !== header.width) {
    return {
      ok: false,
      externalId: rawExternalId,
      number: rawNumber,
      reason: `列の数が見出し行と違います（${cells.length}列、見出し行は${header.width}列）。`,
    };
  }
  const externalId = externalIdSchema.safeParse(rawExternalId);
  const customer = customerBodySchema.safeParse({
    selfCareId: cell("self_care_id"),
    name: cell("name"),
    email: cell("email"),
  });
  const number = rawNumber === "" ? null : lineNumberSchema.safeParse(rawNumber);
  const line =
    rawNumber === ""
      ? null
      : lineBodySchema.safeParse({
          customerExternalId: rawExternalId,
          serviceKind: cell("service_kind") || undefined,
          status: cell("status") || undefined,
          suspensionReason: cell("suspension_reason") || undefined,
        });
  const errors = [externalId, customer, number, line].flatMap((result) =>
    result && !result.success ? messagesOf(result.error) : [],
  );
  // A customer-only row must not carry a line's details: they would be dropped without a word.
  if (rawNumber === "" && (cell("service_kind") || cell("status") || cell("suspension_reason"))) {
    errors.push("IP加入電話番号が空欄のため、サービス種別・状態・停止理由は指定できません。");
  }
  if (errors.length > 0 || !externalId.success || !customer.success) {
    return { ok: false, externalId: rawExternalId, number: rawNumber, reason: [...new Set(errors)].join(" ") };
  }
  const lineInput = number?.success && line?.success ? { ...line.data, number: number.data } : null;
  return {
    ok: true,
    externalId: externalId.data,
    number: lineInput?.number ?? "",
    customer: { ...customer.data, externalId: externalId.data },
    line: lineInput,
  };
}

/** What tells two rows of one customer apart: a customer repeated with other details is a rejected row. */
export const customerFingerprint = (customer: CustomerInput) =>
  `${customer.selfCareId}\u0000${customer.name}\u0000${customer.email}`;
