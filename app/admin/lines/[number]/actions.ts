"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { requireOperatorNow } from "@/lib/auth/guards";
import { disableInternationalByOperator } from "@/lib/calls/international";
import { requestMeta } from "@/lib/http/current-request";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { afterAnswer } from "@/lib/server/after-answer";
import { requestLineTermination } from "@/lib/operators/approvals";
import { changeLineState } from "@/lib/operators/line-lifecycle";
import { now } from "@/lib/server/clock";
import { lifecycleSchema } from "@/lib/validation/line-lifecycle";
import { operatorReasonFieldNames, parseOperatorReason } from "@/lib/validation/operator-reason";
import { lineNumberSchema } from "@/lib/validation/provisioning";
import { linesOfNumber } from "@/db/queries/console-lines";

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

export type InternationalOffState = FormState<(typeof operatorReasonFieldNames)[number]>;

/**
 * Turns a line's 「国際電話の利用」 off (support and admin), with the operator's reason and ticket, audited with the
 * operator; the customer is mailed after the answer. Back to the customer's page or the line's, saying what happened.
 */
export async function internationalOffAction(
  _state: InternationalOffState,
  formData: FormData,
): Promise<InternationalOffState> {
  const session = await requireOperatorNow("lines.international-off");
  const number = lineNumberSchema.safeParse(formData.get("number"));
  // The live line first; an ended one has nothing to turn off (the switch itself touches active lines only).
  const [line] = number.success ? await linesOfNumber(number.data) : [];
  if (!line) redirect("/admin/customers");
  const why = parseOperatorReason(formData);
  if (!why.success) {
    return {
      message: "入力内容を確認してください。",
      fieldErrors: z.flattenError(why.error).fieldErrors,
      at: Date.now(),
    };
  }
  const at = now();
  const outcome = await disableInternationalByOperator({
    number: line.number,
    operator: { id: session.user.id, name: session.user.name ?? session.user.id },
    why: why.data,
    meta: await requestMeta(),
    now: at,
  });
  if (outcome === "done") afterAnswer(() => deliverQueuedMail(at));
  const done = outcome === "done" ? "international-off" : "international-unchanged";
  redirect(
    formData.get("back") === "customer"
      ? `/admin/customers/${line.customerId}?done=${done}`
      : `/admin/lines/${line.number}?done=${done}`,
  );
}
