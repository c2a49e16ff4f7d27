// Why the CSV import refused a file or a row, in the operator's Japanese: the rejected rows file and the console's
// table carry these sentences. Every conflict the core answers has its own.
import { formatJst } from "@/lib/jst";
import type { CustomerOutcome, LineOutcome } from "./types";

/** The whole file is refused (unreadable, no usable header, broken CSV): nothing after it is imported. */
export class ImportFileError extends Error {
  override name = "ImportFileError";
}

type CustomerConflict = Extract<CustomerOutcome, { kind: "conflict" }>;
type LineRefusal = Extract<LineOutcome, { kind: "conflict" | "unknown-customer" }>;

export function customerConflictReason(conflict: CustomerConflict, selfCareId: string): string {
  switch (conflict.reason) {
    case "self-care-id-taken":
      return `セルフケアID「${selfCareId}」は別のお客様が使用しています。`;
    case "duplicate-in-batch":
      return "同じお客様番号がファイル内で重複しています。";
  }
}

export function lineRefusalReason(refusal: LineRefusal, number: string, externalId: string): string {
  if (refusal.kind === "unknown-customer") return `お客様番号「${externalId}」のお客様が登録されていません。`;
  switch (refusal.reason) {
    case "held-by-another-customer":
      return `IP加入電話番号 ${number} は別のお客様の回線です。`;
    case "in-quarantine":
      return refusal.availableAt
        ? `IP加入電話番号 ${number} は解約後の保留期間中のため、${formatJst(refusal.availableAt)}まで割り当てられません。`
        : `IP加入電話番号 ${number} は解約後の保留期間中のため、割り当てられません。`;
    case "terminated":
      return `IP加入電話番号 ${number} は解約済みのため、変更できません。`;
    case "duplicate-in-batch":
      return `IP加入電話番号 ${number} がファイル内で重複しています。`;
  }
}

export const repeatedCustomerReason = (externalId: string, firstRow: number) =>
  `お客様番号「${externalId}」が${firstRow}行目と異なる内容で重複しています（セルフケアID・お名前・メールアドレスは同じにしてください）。`;

export const repeatedNumberReason = (number: string, firstRow: number) =>
  `IP加入電話番号 ${number} が${firstRow}行目と重複しています。`;

export const customerNotProvisionedReason = (externalId: string, firstRow: number) =>
  `お客様番号「${externalId}」のお客様を${firstRow}行目で登録できなかったため、この行も反映できません。`;

/** A row whose customer was written before its line was refused: the operator must know the half that went in. */
export const customerPartApplied = (dryRun: boolean) =>
  dryRun ? "（お客様の情報だけは反映されます）" : "（お客様の情報は反映しました）";
