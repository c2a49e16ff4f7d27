"use server";

import { mailConfirmationCode } from "../confirmation-code";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { findCustomerById } from "@/db/queries/customers";
import { verifyCode } from "@/lib/auth/code-step";
import { requireCustomerNowDuringForcedChange } from "@/lib/auth/guards";
import { loginContext } from "@/lib/auth/login-context";
import { updateSession } from "@/lib/auth/next-auth";
import { requestCookies } from "@/lib/auth/request-cookies";
import { changeSelfCarePassword, needsFreshCode } from "@/lib/auth/self-care-password";
import { passkeyCount } from "@/db/queries/passkeys";
import { currentStepUp } from "@/lib/auth/step-up";
import { forgetSessionState } from "@/lib/auth/session-state";
import { formatJstWait } from "@/lib/jst";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { afterAnswer } from "@/lib/server/after-answer";
import { OVERLOADED_MESSAGE } from "@/lib/server/hashing-gate";
import { selfCarePasswordSchema, type SelfCarePasswordField } from "@/lib/validation/self-care-password";

export type SelfCarePasswordState = FormState<SelfCarePasswordField>;

/** Mails a code that confirms the change, bound to this browser; the page then asks for it. */
export async function sendPasswordCode(): Promise<void> {
  await mailConfirmationCode({ purpose: "password-change", page: "/account/password" });
}

const codeRejected = "認証コードが正しくないか、有効期限が切れています。必要なら認証コードを送り直してください。";

export async function changeSelfCarePasswordAction(
  _previous: SelfCarePasswordState,
  formData: FormData,
): Promise<SelfCarePasswordState> {
  const session = await requireCustomerNowDuringForcedChange();
  const customer = await findCustomerById(session.user.id);
  if (!customer) redirect("/login");
  const parsed = selfCarePasswordSchema(customer.selfCareId).safeParse({
    currentPassword: formData.get("currentPassword") ?? undefined,
    newPassword: formData.get("newPassword") ?? undefined,
    confirmPassword: formData.get("confirmPassword") ?? undefined,
    code: formData.get("code") ?? undefined,
  });
  // Passwords are never sent back: the customer types them again.
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, at: Date.now() };

  const context = await loginContext();
  // With a passkey, a new self-care password needs a step-up (or the emailed code on this form) whatever the sign-in's
  // age; without one, the code when the sign-in is older than ten minutes.
  const stepUp = await currentStepUp({
    customerId: customer.id,
    stepUpToken: (await requestCookies()).read("stepUp"),
    now: context.now,
  });
  const askCode =
    stepUp === null &&
    ((await passkeyCount(customer.id)) > 0 ||
      needsFreshCode({ signedInAt: session.user.signedInAt, now: context.now }));
  if (askCode) {
    if (!parsed.data.code)
      return { fieldErrors: { code: ["メールでお送りした認証コードを入力してください。"] }, at: Date.now() };
    const cookies = await requestCookies();
    const verified = await verifyCode(cookies.read("binding"), parsed.data.code, context, { signIn: false });
    // A code proves this customer only: another account's code, even a right one, proves nothing here.
    if (!verified.ok || verified.customer.id !== customer.id) {
      return { fieldErrors: { code: [codeRejected] }, at: Date.now() };
    }
    cookies.expire("binding");
  }

  const result = await changeSelfCarePassword({
    customerId: customer.id,
    input: parsed.data,
    meta: context.meta,
    now: context.now,
  });
  if (!result.ok) {
    switch (result.reason) {
      case "credentials":
        return { fieldErrors: { currentPassword: ["現在のセルフケアパスワードが正しくありません。"] }, at: Date.now() };
      case "conflict":
        return {
          message: "同時に別の変更が行われました。現在のパスワードをご確認のうえ、もう一度お試しください。",
          at: Date.now(),
        };
      case "overloaded":
        return { message: OVERLOADED_MESSAGE, at: Date.now() };
      case "busy":
      case "throttled":
        return {
          message: `セルフケアパスワードの変更が短時間に続いたため、一時的に受け付けを停止しています。${formatJstWait(result.retryAt)} 以降にもう一度お試しください。`,
          at: Date.now(),
        };
    }
  }
  // Every other session ended with the version bump; this browser's carries the new version. The mail about passkeys
  // removed with them (lib/auth/self-care-password.ts) goes after the answer.
  afterAnswer(() => deliverQueuedMail(context.now));
  forgetSessionState(customer.id);
  await updateSession({ user: { sessionVersion: result.sessionVersion } });
  redirect("/account/password?changed=1");
}
