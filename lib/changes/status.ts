// How a change's status reads to people, and when a pending change counts as overdue.
import type { ChangeStatus } from "@/db/enums";

export const statusLabels: Record<ChangeStatus, string> = {
  pending: "反映待ち",
  reflected: "反映済み",
  superseded: "置き換え（新しい変更あり）",
  cancelled: "取り消し（お客様）",
  failed: "反映失敗",
};

/** The same statuses as the customer reads them. */
export const customerStatusLabels: Record<ChangeStatus, string> = {
  pending: "反映待ち",
  reflected: "反映済み",
  superseded: "新しい変更に置き換え",
  cancelled: "取り消し",
  failed: "反映できませんでした",
};

/** A pending change still waiting five minutes after its reflection time has missed it. */
export const OVERDUE_GRACE_MS = 5 * 60_000;

export function isOverdue(change: { status: ChangeStatus; reflectionAt: Date }, now: Date): boolean {
  return change.status === "pending" && change.reflectionAt.getTime() + OVERDUE_GRACE_MS < now.getTime();
}
