"use server";

import { mailConfirmationCode } from "../confirmation-code";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { verifyCode } from "@/lib/auth/code-step";
import { requireCustomerNowDuringForcedChange } from "@/lib/auth/guards";
import { loginContext } from "@/lib/auth/login-context";
import { startStepUp, stepUpWithPasskey } from "@/lib/auth/passkey-assertions";
import { newBrowserToken, relyingParty } from "@/lib/auth/passkey-flows";
import { requestCookies } from "@/lib/auth/request-cookies";
import { recordCodeStepUp, stepUpReturn } from "@/lib/auth/step-up";
import { requestMeta } from "@/lib/http/current-request";
import { now } from "@/lib/server/clock";
import { codeSchema } from "@/lib/validation/login";
import { passkeyAnswerSchema } from "@/lib/validation/passkey";

/** Options for a step-up with one of the customer's passkeys, bound to this browser. */
export async function stepUpOptions() {
  const session = await requireCustomerNowDuringForcedChange();
  const party = relyingParty();
  if (!party) return null;
  const bindingToken = newBrowserToken();
  const options = await startStepUp({ party, customerId: session.user.id, bindingToken, now: now() });
  (await requestCookies()).set("webauthn", bindingToken);
  return options;
}

/** The passkey's answer: a step-up for this browser, then back to the page that asked for it. */
export async function finishStepUp(next: string, answer: string): Promise<{ ok: false; message: string }> {
  const session = await requireCustomerNowDuringForcedChange();
  const party = relyingParty();
  const parsed = passkeyAnswerSchema.safeParse({ response: answer });
  const jar = await requestCookies();
  const stepUpToken = newBrowserToken();
  const ok =
    party !== null &&
    parsed.success &&
    (await stepUpWithPasskey({
      party,
      customerId: session.user.id,
      bindingToken: jar.read("webauthn"),
      stepUpToken,
      response: parsed.data.response,
      meta: await requestMeta(),
      now: now(),
    }));
  jar.expire("webauthn");
  if (!ok) return { ok: false, message: "パスキーで確認できませんでした。お客様のパスキーでもう一度お試しください。" };
  jar.set("stepUp", stepUpToken);
  redirect(stepUpReturn(next));
}

/** Mails a code for the step-up (the way without a passkey, or without JavaScript). */
export async function sendStepUpCode(formData: FormData): Promise<void> {
  const next = stepUpReturn(formData.get("next"));
  await mailConfirmationCode({ purpose: "step-up", page: `/account/verify?next=${encodeURIComponent(next)}` });
}

export type StepUpCodeState = FormState<"code">;

export async function verifyStepUpCode(_previous: StepUpCodeState, formData: FormData): Promise<StepUpCodeState> {
  const session = await requireCustomerNowDuringForcedChange();
  const next = stepUpReturn(formData.get("next"));
  const parsed = codeSchema.safeParse({ code: formData.get("code") });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, at: Date.now() };
  const context = await loginContext();
  const jar = await requestCookies();
  const verified = await verifyCode(jar.read("binding"), parsed.data.code, context, { signIn: false });
  // A code proves this customer only: another account's code, even a right one, proves nothing here.
  if (!verified.ok || verified.customer.id !== session.user.id) {
    return {
      fieldErrors: {
        code: ["認証コードが正しくないか、有効期限が切れています。必要なら認証コードを送り直してください。"],
      },
      at: Date.now(),
    };
  }
  jar.expire("binding");
  const stepUpToken = newBrowserToken();
  await recordCodeStepUp({ customerId: session.user.id, stepUpToken, meta: context.meta, now: context.now });
  jar.set("stepUp", stepUpToken);
  redirect(next);
}
