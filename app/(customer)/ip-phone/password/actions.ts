"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { requireCustomer } from "@/app/_lib/guards";
import { now } from "@/lib/clock";
import { cancelPasswordChange, requestPasswordChange, type ChangeResult } from "@/lib/password-change";
import { formatJst } from "@/lib/reflection";
import { env } from "@/lib/env";
import { requestMetaFrom } from "@/lib/request-meta";
import { LINE_NUMBER_INPUT_MAX } from "@/lib/validation/limits";
import { passwordChangeSchema, type PasswordChangeField } from "@/lib/validation/password-change";

const fields = ["number", "currentPassword", "newPassword", "confirmPassword", "requestToken"] as const;

function messageFor(result: Exclude<ChangeResult, { ok: true }>): string {
  switch (result.reason) {
    case "credentials":
      return "IP加入電話番号または現IP加入電話パスワードが正しくありません。ご契約中の番号と、現在のパスワードをご確認ください。";
    case "throttled":
      return `この番号では現IP加入電話パスワードの誤りが続いたため、変更を一時的に受け付けていません。${formatJst(result.retryAt)} 以降にもう一度お試しください。`;
    case "busy":
      return `パスワード変更のお手続きが短時間に続いたため、一時的に受け付けを停止しています。${formatJst(result.retryAt)} 以降にもう一度お試しください。`;
    case "conflict":
      return "同じ番号のパスワード変更が同時に行われたため、この変更は受け付けられませんでした。現在のパスワードをご確認のうえ、もう一度お試しください。";
  }
}

export async function changePassword(
  _previous: FormState<PasswordChangeField>,
  formData: FormData,
): Promise<FormState<PasswordChangeField>> {
  const session = await requireCustomer();

  const raw = Object.fromEntries(fields.map((field) => [field, formData.get(field) ?? undefined]));
  // Only the number comes back to the form: passwords are never sent back to the browser.
  const values = { number: typeof raw.number === "string" ? raw.number.slice(0, LINE_NUMBER_INPUT_MAX) : "" };
  const parsed = passwordChangeSchema.safeParse(raw);
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    const message = fieldErrors.requestToken?.[0] ?? "入力内容に誤りがあります。各項目のメッセージをご確認ください。";
    return { message, fieldErrors, values, at: Date.now() };
  }

  const result = await requestPasswordChange({
    customerId: session.user.id,
    input: parsed.data,
    meta: requestMetaFrom(await headers(), env().clientAddress),
    now: now(),
  });
  if (!result.ok) return { message: messageFor(result), values, at: Date.now() };
  redirect(`/ip-phone/password/complete/${result.changeId}`);
}

/** Cancels one of the customer's own pending changes; the completion page says what happened. */
export async function cancelChangeAction(formData: FormData): Promise<void> {
  const session = await requireCustomer();
  const id = z.uuid().safeParse(formData.get("changeId"));
  if (!id.success) redirect("/ip-phone/password/history");
  const result = await cancelPasswordChange({
    customerId: session.user.id,
    changeId: id.data,
    meta: requestMetaFrom(await headers(), env().clientAddress),
    now: now(),
  });
  redirect(`/ip-phone/password/complete/${id.data}?cancel=${result.kind}`);
}
