"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { requireOperatorNow } from "@/lib/auth/guards";
import { forgetSessionState } from "@/lib/auth/session-state";
import { requestMeta } from "@/lib/http/current-request";
import { changeOperator, createOperator, type OperatorChange } from "@/lib/operators/accounts";
import { now } from "@/lib/server/clock";
import { type NewOperatorField, newOperatorSchema, operatorRoleSchema } from "@/lib/validation/operator";
import { operatorReasonFieldNames, parseOperatorReason } from "@/lib/validation/operator-reason";

type ReasonField = (typeof operatorReasonFieldNames)[number];

/** The form's answer; `created` carries the initial password, which this answer alone ever shows. */
export type CreateOperatorState = FormState<NewOperatorField | ReasonField> & {
  created?: { selfCareId: string; password: string };
};

const text = (formData: FormData, name: string) => String(formData.get(name) ?? "");
/** The reason fields as typed, for the form to show again after an error. */
const reasonValues = (formData: FormData) =>
  Object.fromEntries(operatorReasonFieldNames.map((name) => [name, text(formData, name)])) as Record<
    ReasonField,
    string
  >;

export async function createOperatorAction(
  _previous: CreateOperatorState,
  formData: FormData,
): Promise<CreateOperatorState> {
  const session = await requireOperatorNow("operators.manage");
  const values = {
    selfCareId: text(formData, "selfCareId"),
    name: text(formData, "name"),
    email: text(formData, "email"),
    role: text(formData, "role"),
    ...reasonValues(formData),
  };
  const parsed = newOperatorSchema.safeParse({ ...values, codeFallback: formData.get("codeFallback") === "on" });
  const why = parseOperatorReason(formData);
  if (!parsed.success || !why.success) {
    const fieldErrors = {
      ...(parsed.success ? {} : z.flattenError(parsed.error).fieldErrors),
      ...(why.success ? {} : z.flattenError(why.error).fieldErrors),
    };
    return { fieldErrors, values, at: Date.now() };
  }
  const created = await createOperator({
    operator: parsed.data,
    by: session.user.id,
    why: why.data,
    meta: await requestMeta(),
  });
  if (!created.ok) {
    return {
      fieldErrors: { selfCareId: ["このIDはすでに使われています（お客様のIDを含みます）。別のIDにしてください。"] },
      values,
      at: Date.now(),
    };
  }
  revalidatePath("/admin/operators");
  return { created: { selfCareId: parsed.data.selfCareId, password: created.password }, at: Date.now() };
}

export type ChangeOperatorState = FormState<ReasonField | "role">;

const changeKinds = ["role", "disable", "enable", "code-fallback"] as const;

const refusals = {
  self: "ご自身のアカウントの役割の変更・無効化などはできません。ほかの管理者に依頼してください。",
  "last-admin": "有効な管理者が1人だけになるため、この管理者を無効にしたり役割を変えたりすることはできません。",
  "not-admin": "この操作をする権限がなくなりました。",
  "not-found": "このオペレーターは見つかりませんでした。",
  unchanged: "すでにその状態です。一覧を確認してください。",
};

/** One change to another operator (role, disable, enable, code fallback), with the reason; back to the list. */
export async function changeOperatorAction(
  _previous: ChangeOperatorState,
  formData: FormData,
): Promise<ChangeOperatorState> {
  const session = await requireOperatorNow("operators.manage");
  const targetId = z.uuid().safeParse(formData.get("operatorId"));
  const kind = z.enum(changeKinds).safeParse(formData.get("kind"));
  if (!targetId.success || !kind.success) redirect("/admin/operators");
  const values = reasonValues(formData);
  const why = parseOperatorReason(formData);
  const role = operatorRoleSchema.safeParse(formData.get("role"));
  if (!why.success || (kind.data === "role" && !role.success)) {
    const fieldErrors = {
      ...(why.success ? {} : z.flattenError(why.error).fieldErrors),
      ...(kind.data === "role" && !role.success ? { role: ["役割を選んでください。"] } : {}),
    };
    return { fieldErrors, values, at: Date.now() };
  }
  const change: OperatorChange =
    kind.data === "role"
      ? { kind: "role", role: role.data! }
      : kind.data === "code-fallback"
        ? { kind: "code-fallback", codeFallback: formData.get("codeFallback") === "true" }
        : { kind: kind.data };
  const result = await changeOperator({
    targetId: targetId.data,
    change,
    by: session.user.id,
    why: why.data,
    meta: await requestMeta(),
    now: now(),
  });
  if (!result.ok) return { message: refusals[result.reason], values, at: Date.now() };
  // This instance's page views ask the database again at once (the others within seconds; actions always do).
  forgetSessionState(targetId.data);
  revalidatePath("/admin/operators");
  redirect(`/admin/operators?${new URLSearchParams({ done: kind.data, id: result.selfCareId })}#main`);
}
