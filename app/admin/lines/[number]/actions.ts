"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { requireOperatorNow } from "@/lib/auth/guards";
import { requestLineTermination } from "@/lib/operators/approvals";
import { changeLineState } from "@/lib/operators/line-lifecycle";
import { now } from "@/lib/server/clock";
import { lifecycleSchema } from "@/lib/validation/line-lifecycle";
import { operatorReasonFieldNames, parseOperatorReason } from "@/lib/validation/operator-reason";
import { lineNumberSchema } from "@/lib/validation/provisioning";

type LifecycleField = (typeof operatorReasonFieldNames)[number] | "suspensionReason";
export type LifecycleState = FormState<LifecycleField>;

/**
 * Suspends or resumes a line at once, or asks for its end (a second admin approves it at /admin/approvals); each with
 * the operator's reason and ticket, audited with the operator. Back to the line's page with what became of it.
 */
export async function lineLifecycleAction(_state: LifecycleState, formData: FormData): Promise<LifecycleState> {
  const session = await requireOperatorNow("lines.lifecycle");
  const number = lineNumberSchema.safeParse(formData.get("number"));
  if (!number.success) redirect("/admin/changes");
  const parsed = lifecycleSchema.safeParse({
    action: formData.get("action"),
    lineId: formData.get("lineId"),
    suspensionReason: formData.get("suspensionReason") ?? undefined,
  });
  const why = parseOperatorReason(formData);
  if (!parsed.success || !why.success) {
    const fieldErrors = {
      ...(parsed.success ? {} : z.flattenError(parsed.error).fieldErrors),
      ...(why.success ? {} : z.flattenError(why.error).fieldErrors),
    };
    return { message: "入力内容を確認してください。", fieldErrors, at: Date.now() };
  }
  const input = parsed.data;
  const by = { operatorId: session.user.id, why: why.data, now: now() };
  let done: string;
  if (input.action === "terminate") {
    done = (await requestLineTermination({ lineId: input.lineId, ...by })).kind;
  } else {
    const target =
      input.action === "suspend"
        ? ({ status: "suspended", suspensionReason: input.suspensionReason } as const)
        : ({ status: "active" } as const);
    const outcome = await changeLineState({ lineId: input.lineId, target, ...by });
    done = outcome === "done" ? (input.action === "suspend" ? "suspended" : "resumed") : outcome;
  }
  redirect(`/admin/lines/${number.data}?done=${done}`);
}
