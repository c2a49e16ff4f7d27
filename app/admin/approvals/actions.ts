"use server";

import { redirect } from "next/navigation";
import { requireOperatorNow } from "@/lib/auth/guards";
import { decide } from "@/lib/operators/approvals";
import { now } from "@/lib/server/clock";
import { decisionSchema } from "@/lib/validation/line-lifecycle";

/**
 * Approves or rejects a request after the page's confirmation. The server decides, not the page: the requester, an
 * expired request or one already decided is refused by the decision's own conditional update.
 */
export async function decideApprovalAction(formData: FormData): Promise<void> {
  const session = await requireOperatorNow("approvals.decide");
  const parsed = decisionSchema.safeParse({
    approvalId: formData.get("approvalId"),
    decision: formData.get("decision"),
    comment: formData.get("comment"),
  });
  if (!parsed.success) redirect("/admin/approvals?result=invalid");
  const { approvalId, decision, comment } = parsed.data;
  const outcome = await decide({
    id: approvalId,
    decision,
    operatorId: session.user.id,
    comment: comment || undefined,
    now: now(),
  });
  const result =
    outcome.kind === "refused"
      ? outcome.why
      : outcome.kind === "approved"
        ? outcome.carriedOut === "applied" || outcome.carriedOut === "done"
          ? "approved"
          : "approved-nothing"
        : "rejected";
  redirect(`/admin/approvals?result=${result}`);
}
