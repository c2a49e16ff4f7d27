// The console's line lifecycle (docs/operations.md, "Line lifecycle in the console"): an admin suspends or resumes a
// line at once; ending one is only ever carried out by an approval (lib/operators/approvals.ts). All of it goes through
// the provisioning core, the same path as the billing system's, so the registrar's views follow in the same
// transaction.
import type { Tx } from "@/db/client";
import type { SuspensionReason } from "@/db/enums";
import { getDb } from "@/db";
import { lineById, type ConsoleLine } from "@/db/queries/console-lines";
import { provisionLines } from "@/lib/provisioning/provision-lines";
import type { LineOutcome } from "@/lib/provisioning/types";
import type { OperatorReason } from "@/lib/validation/operator-reason";

/** What became of a lifecycle action: done, nothing to do (already so), or refused (ended, or no such line). */
export type LifecycleOutcome = "done" | "unchanged" | "refused";

type Target = { status: "active" | "suspended" | "terminated"; suspensionReason?: SuspensionReason };

/** The core's word for one line, said as the console's outcome. */
const outcomeOf = (outcome: LineOutcome): LifecycleOutcome =>
  outcome.kind === "updated" ? "done" : outcome.kind === "unchanged" ? "unchanged" : "refused";

/**
 * Moves `line` to `target` through the provisioning core, inside `tx`, as `operatorId` and with their reason; the
 * core's lifecycle events carry both (and `extra`, an approval's ID).
 */
export async function applyLifecycle(
  tx: Tx,
  line: ConsoleLine,
  target: Target,
  {
    operatorId,
    why,
    now,
    extra = {},
  }: { operatorId: string; why: OperatorReason; now: Date; extra?: Record<string, string> },
): Promise<LifecycleOutcome> {
  if (line.status === "terminated") return "refused";
  const [outcome] = await provisionLines(
    tx,
    [
      {
        number: line.number,
        // The owner by ID: customers made before provisioning have no billing ID (the type's own note).
        customerId: line.customerId,
        customerExternalId: line.customerExternalId ?? "",
        serviceKind: line.serviceKind,
        status: target.status,
        suspensionReason: target.suspensionReason,
      },
    ],
    {
      actor: { kind: "admin", customerId: operatorId },
      now,
      operator: { id: operatorId, detail: { ...why, ...extra } },
    },
  );
  return outcomeOf(outcome!);
}

/** Suspends (for `suspensionReason`) or resumes a line now, in one transaction. */
export async function changeLineState({
  lineId,
  target,
  operatorId,
  why,
  now,
}: {
  lineId: string;
  target: { status: "active" } | { status: "suspended"; suspensionReason: SuspensionReason };
  operatorId: string;
  why: OperatorReason;
  now: Date;
}): Promise<LifecycleOutcome> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const line = await lineById(tx, lineId);
    if (!line) return "refused";
    return applyLifecycle(tx, line, target, { operatorId, why, now });
  });
}
