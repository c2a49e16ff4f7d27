"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import {
  passwordChangeRequired,
  requireCustomerCheckedByAction,
  requireCustomerNow,
  signedOut,
} from "@/lib/auth/guards";
import { env } from "@/lib/env";
import { changeRefusalFor } from "@/lib/provisioning/line-status";
import { supportSentence } from "@/lib/support";
import { afterAnswer } from "@/lib/server/after-answer";
import { requestCookies } from "@/lib/auth/request-cookies";
import { currentStepUp, stepUpPath } from "@/lib/auth/step-up";
import { now } from "@/lib/server/clock";
import { cancelPasswordChange, requestPasswordChange, type ChangeResult } from "@/lib/changes/password-change";
import { formatJstWait } from "@/lib/jst";
import { requestMeta } from "@/lib/http/current-request";
import { generateSipPassword } from "@/lib/changes/sip-password";
import { isSwitchMode } from "@/lib/changes/rotation";
import { LINE_NUMBER_INPUT_MAX, NEW_PASSWORD_INPUT_MAX } from "@/lib/validation/limits";
import { passwordChangeSchema, type PasswordChangeField } from "@/lib/validation/password-change";
import { OVERLOADED_MESSAGE } from "@/lib/server/hashing-gate";

const fields = ["number", "currentPassword", "newPassword", "confirmPassword", "switchMode", "requestToken"] as const;

/** The form's answer: a generated suggestion rides along so the page can show the one password it filled in. */
export type ChangeFormState = FormState<PasswordChangeField> & { suggestion?: string };

/** What the form shows; a session found ended never reaches it (the action goes to the sign-in page). */
type Refusal = Exclude<
  ChangeResult,
  | { ok: true }
  | { ok: false; reason: "signed-out" }
  | { ok: false; reason: "step-up" }
  | { ok: false; reason: "password-change-required" }
>;

/** The field a refusal is about, marked on the form beside the message at its top. */
const faultyField: Partial<Record<Refusal["reason"], [PasswordChangeField, string]>> = {
  credentials: ["currentPassword", "現IP加入電話パスワードが正しくありません。"],
  "not-owned": ["number", "ご契約中のIP加入電話番号を入力してください。"],
  "line-suspended": ["number", "利用停止中の番号です。"],
  "line-terminated": ["number", "ご解約済みの番号です。"],
};

function messageFor(result: Refusal): string {
  switch (result.reason) {
    case "credentials":
      return "現IP加入電話パスワードが正しくありません。この番号で現在お使いのパスワードをご確認ください。";
    case "not-owned":
      return "入力されたIP加入電話番号は、ご契約中の番号ではありません。番号をご確認ください。";
    case "throttled":
      return `この番号では現IP加入電話パスワードの誤りが続いたため、変更を一時的に受け付けていません。${formatJstWait(result.retryAt)} 以降にもう一度お試しください。`;
    case "busy":
      return `パスワード変更のお手続きが短時間に続いたため、一時的に受け付けを停止しています。${formatJstWait(result.retryAt)} 以降にもう一度お試しください。`;
    case "overloaded":
      return OVERLOADED_MESSAGE;
    case "line-suspended":
      return `${changeRefusalFor("suspended", result.suspensionReason)}${supportSentence(env().support)}`;
    case "line-terminated":
      return changeRefusalFor("terminated", null);
    case "conflict":
      return "同じ番号のパスワード変更が同時に行われたため、この変更は受け付けられませんでした。現在のパスワードをご確認のうえ、もう一度お試しください。";
  }
}

const text = (value: FormDataEntryValue | undefined, max: number) =>
  typeof value === "string" ? value.slice(0, max) : "";

export async function changePassword(_previous: ChangeFormState, formData: FormData): Promise<ChangeFormState> {
  // The session version is checked in the change's first statement (requestPasswordChange answers "signed-out").
  const session = await requireCustomerCheckedByAction();

  const raw = Object.fromEntries(fields.map((field) => [field, formData.get(field) ?? undefined]));
  // What the customer typed comes back, so nothing right has to be typed twice. The current password never does:
  // it is a secret the customer proves, not one the page should hold.
  const typed = {
    number: text(raw.number, LINE_NUMBER_INPUT_MAX),
    newPassword: text(raw.newPassword, NEW_PASSWORD_INPUT_MAX),
    confirmPassword: text(raw.confirmPassword, NEW_PASSWORD_INPUT_MAX),
    switchMode: isSwitchMode(raw.switchMode) ? raw.switchMode : "routine",
  };

  // The generator's button without JavaScript: the same form back, a fresh suggestion in both new-password fields.
  if (formData.get("intent") === "suggest") {
    const suggestion = generateSipPassword(typed.number.replace(/\D/g, "") || undefined);
    return {
      values: { ...typed, newPassword: suggestion, confirmPassword: suggestion },
      suggestion,
      tone: "info",
      at: Date.now(),
    };
  }

  const parsed = passwordChangeSchema.safeParse(raw);
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    const message = fieldErrors.requestToken?.[0] ?? "入力内容に誤りがあります。各項目のメッセージをご確認ください。";
    // The number comes back even when wrong, to be corrected in place; a new password only when it passed.
    const values = {
      number: typed.number,
      switchMode: typed.switchMode,
      newPassword: fieldErrors.newPassword ? "" : typed.newPassword,
      confirmPassword: fieldErrors.confirmPassword || fieldErrors.newPassword ? "" : typed.confirmPassword,
    };
    return { message, fieldErrors, values, at: Date.now() };
  }

  const at = now();
  // Looked up only for an emergency change, the one that needs it (a routine change keeps its round trips).
  const stepUp =
    parsed.data.switchMode === "emergency"
      ? await currentStepUp({
          customerId: session.user.id,
          stepUpToken: (await requestCookies()).read("stepUp"),
          now: at,
        })
      : null;
  const result = await requestPasswordChange({
    customerId: session.user.id,
    sessionVersion: session.user.sessionVersion,
    stepUp,
    input: parsed.data,
    meta: await requestMeta(),
    now: at,
    defer: afterAnswer,
  });
  if (!result.ok && result.reason === "signed-out") return signedOut();
  if (!result.ok && result.reason === "password-change-required") passwordChangeRequired();
  // The form comes back with the number and the emergency way chosen once the customer has been verified.
  if (!result.ok && result.reason === "step-up") {
    redirect(stepUpPath(`/ip-phone/password?number=${parsed.data.number}&mode=emergency`));
  }
  if (!result.ok) {
    const fault = faultyField[result.reason];
    return {
      message: messageFor(result),
      fieldErrors: fault ? { [fault[0]]: [fault[1]] } : undefined,
      values: typed,
      at: Date.now(),
    };
  }
  redirect(`/ip-phone/password/complete/${result.changeId}`);
}

/** Cancels one of the customer's own pending changes; the completion page says what happened. */
export async function cancelChangeAction(formData: FormData): Promise<void> {
  const session = await requireCustomerNow();
  const id = z.uuid().safeParse(formData.get("changeId"));
  if (!id.success) redirect("/ip-phone/password/history");
  const result = await cancelPasswordChange({
    customerId: session.user.id,
    changeId: id.data,
    meta: await requestMeta(),
    now: now(),
    defer: afterAnswer,
  });
  redirect(`/ip-phone/password/complete/${id.data}?cancel=${result.kind}`);
}
