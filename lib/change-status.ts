// How a change's status reads to people, and when a pending change counts as overdue.
import type { ChangeStatus } from "@/db/enums";

export const statusLabels: Record<ChangeStatus, string> = {
  pending: "反映待ち",
  reflected: "反映済み",
  superseded: "取消（新しい変更あり）",
  failed: "反映失敗",
};

/** A pending change still waiting five minutes after its reflection time has missed it. */
export const OVERDUE_GRACE_MS = 5 * 60_000;

export function isOverdue(change: { status: ChangeStatus; reflectionAt: Date }, now: Date): boolean {
  return change.status === "pending" && change.reflectionAt.getTime() + OVERDUE_GRACE_MS < now.getTime();
}
