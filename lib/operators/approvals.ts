// A second admin's approval (docs/operations.md, "Approvals"): ending a line and applying a bulk import are first a
// pending request; another admin, never the requester, approves it within 24 hours, and only then does the server
// carry it out — in the approval's own transaction, so two approvals at once carry it out exactly once.
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import type { ApprovalKind } from "@/db/enums";
import {
  decideApproval as settle,
  expireApprovals,
  findApproval,
  insertApproval,
  type ApprovalRow,
} from "@/db/queries/approvals";
import { auditInsert, type AuditEvent } from "@/db/queries/audit";
import { lineById } from "@/db/queries/console-lines";
import { claimImport, findImport } from "@/db/queries/provisioning-imports";
import { applyClaimedImport } from "@/lib/provisioning/console-import";
import type { OperatorReason } from "@/lib/validation/operator-reason";
import { applyLifecycle, type LifecycleOutcome } from "./line-lifecycle";

/** How long a request waits for a second admin. */
export const APPROVAL_LIFETIME_MS = 24 * 60 * 60_000;

export type RequestOutcome =
  | { kind: "requested"; id: string }
  /** One for the same line or import is waiting already. */
  | { kind: "already-pending" }
  /** Nothing to ask for: the line has ended, or the import was applied or its file expired. */
  | { kind: "refused" };

export type DecisionOutcome =
  | { kind: "approved"; carriedOut: LifecycleOutcome | "applied" }
  | { kind: "rejected" }
  | { kind: "refused"; why: "own" | "expired" | "decided" | "not-found" | "unavailable" | "ineligible" };

/** The customer whose data a request is about, for the audit trail's customer column (none for an import). */
const subjectOf = (approval: ApprovalRow) => approval.payload.customerId ?? null;

const trail = (approval: ApprovalRow): Record<string, string> => ({
  approvalId: approval.id,
  approvalKind: approval.kind,
  ...approval.payload,
});

/** Marks the requests past their 24 hours expired, audited; inside `tx`. */
async function expireDue(tx: Tx, now: Date): Promise<number> {
  const expired = await expireApprovals(tx, now);
  if (expired.length > 0) {
    await auditInsert(
      tx,
      expired.map((approval) => ({
        type: "approval.expired" as const,
        at: now,
        customerId: subjectOf(approval),
        detail: { ...trail(approval), requestedBy: approval.requestedBy },
      })),
    );
  }
  return expired.length;
}

/** The scheduled work's part (lib/server/scheduled-work.ts): requests nobody decided in 24 hours expire. */
export async function expireDueApprovals(now: Date): Promise<number> {
  const db = await getDb();
  return db.transaction((tx) => expireDue(tx, now));
}

async function request(
  tx: Tx,
  {
    kind,
    payload,
    operatorId,
    why,
    now,
  }: { kind: ApprovalKind; payload: Record<string, string>; operatorId: string; why: OperatorReason; now: Date },
): Promise<RequestOutcome> {
  // An expired request for the same thing must not hold the one-pending index against a new one.
  await expireDue(tx, now);
  const approval = await insertApproval(tx, {
    kind,
    payload,
    reason: why.reason,
    ticket: why.ticket ?? null,
    requestedBy: operatorId,
    now,
    expiresAt: new Date(now.getTime() + APPROVAL_LIFETIME_MS),
  });
  if (!approval) return { kind: "already-pending" };
  await auditInsert(tx, [
    {
      type: "approval.requested",
      at: now,
      customerId: subjectOf(approval),
      operatorId,
      detail: { ...trail(approval), ...why },
    },
  ]);
  return { kind: "requested", id: approval.id };
}

/** 「解約を申請する」: a live line's end, waiting for a second admin. */
export async function requestLineTermination(input: {
  lineId: string;
  operatorId: string;
  why: OperatorReason;
  now: Date;
}): Promise<RequestOutcome> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const line = await lineById(tx, input.lineId);
    if (!line || line.status === "terminated") return { kind: "refused" };
    const payload = { lineId: line.id, number: line.number, customerId: line.customerId };
    return request(tx, { kind: "line-termination", payload, ...input });
  });
}

/** 「反映を申請する」: a checked import's apply, waiting for a second admin. */
export async function requestImportApply(input: {
  importId: string;
  operatorId: string;
  why: OperatorReason;
  now: Date;
}): Promise<RequestOutcome> {
  const found = await findImport(input.importId);
  if (!found || found.status !== "checked" || !found.hasContent) return { kind: "refused" };
  const db = await getDb();
  return db.transaction((tx) =>
    request(tx, { kind: "import-apply", payload: { importId: found.id, fileName: found.fileName }, ...input }),
  );
}

/** Thrown inside the approval's transaction to undo it: the operation it carries cannot be carried out. */
class Unavailable extends Error {}

/** Why a decision's conditional update found nothing to settle, read after it. */
async function refusal(id: string, operatorId: string, now: Date): Promise<DecisionOutcome> {
  const approval = await findApproval(id);
  if (!approval) return { kind: "refused", why: "not-found" };
  if (approval.requestedBy === operatorId) return { kind: "refused", why: "own" };
  if (approval.status === "expired" || (approval.status === "pending" && approval.expiresAt <= now))
    return { kind: "refused", why: "expired" };
  // Still pending and in time: the decider is an admin the requester made, or the requester is no longer an admin.
  if (approval.status === "pending") return { kind: "refused", why: "ineligible" };
  return { kind: "refused", why: "decided" };
}

/**
 * Approves or rejects request `id` as `operatorId` (an admin other than the requester). Approving carries the
 * operation out in the same transaction (an import: its claim; its rows are applied right after, from the claimed
 * text). `comment`, the decider's optional reason, goes to the trail.
 */
export async function decide({
  id,
  decision,
  operatorId,
  comment,
  now,
}: {
  id: string;
  decision: "approve" | "reject";
  operatorId: string;
  comment?: string;
  now: Date;
}): Promise<DecisionOutcome> {
  const db = await getDb();
  type Settled = { outcome: DecisionOutcome; claimed?: { approval: ApprovalRow; content: string } };
  let settled: Settled | undefined;
  try {
    settled = await db.transaction(async (tx): Promise<Settled | undefined> => {
      const status = decision === "approve" ? "approved" : "rejected";
      const approval = await settle(tx, { id, status, decidedBy: operatorId, now });
      if (!approval) return undefined;
      const events: AuditEvent[] = [
        {
          type: decision === "approve" ? "approval.approved" : "approval.rejected",
          at: now,
          customerId: subjectOf(approval),
          operatorId,
          detail: {
            ...trail(approval),
            requestedBy: approval.requestedBy,
            ...(comment ? { comment } : {}),
            ...(approval.ticket ? { ticket: approval.ticket } : {}),
          },
        },
      ];
      let carriedOut: LifecycleOutcome | "applied" = "done";
      let claimed: Settled["claimed"];
      if (decision === "approve" && approval.kind === "line-termination") {
        const line = await lineById(tx, approval.payload.lineId!);
        carriedOut = line
          ? await applyLifecycle(
              tx,
              line,
              { status: "terminated" },
              {
                operatorId,
                why: { reason: approval.reason, ...(approval.ticket ? { ticket: approval.ticket } : {}) },
                now,
                extra: { approvalId: approval.id, requestedBy: approval.requestedBy },
              },
            )
          : "refused";
      }
      if (decision === "approve" && approval.kind === "import-apply") {
        const content = await claimImport(tx, approval.payload.importId!, operatorId, now);
        if (content === undefined) throw new Unavailable();
        claimed = { approval, content };
        carriedOut = "applied";
      }
      await auditInsert(tx, events);
      return { outcome: decision === "approve" ? { kind: "approved", carriedOut } : { kind: "rejected" }, claimed };
    });
  } catch (error) {
    if (!(error instanceof Unavailable)) throw error;
    return { kind: "refused", why: "unavailable" };
  }
  if (!settled) return refusal(id, operatorId, now);
  const { outcome, claimed } = settled;
  if (claimed) {
    await applyClaimedImport({
      id: claimed.approval.payload.importId!,
      content: claimed.content,
      approver: operatorId,
      detail: {
        approvalId: claimed.approval.id,
        requestedBy: claimed.approval.requestedBy,
        reason: claimed.approval.reason,
        ...(claimed.approval.ticket ? { ticket: claimed.approval.ticket } : {}),
      },
      now,
    });
  }
  return outcome;
}
