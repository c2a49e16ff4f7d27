"use server";

import { redirect } from "next/navigation";
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { loginContext } from "@/lib/auth/login-context";
import { requestCookies } from "@/lib/auth/request-cookies";
import { readSessionUncached, signIn } from "@/lib/auth/next-auth";
import { homeFor } from "@/lib/auth/config";
import { decodeCodeRejection, type CodeRejection } from "@/lib/auth/code-rejection";
import { challengeOwner, resendCode } from "@/lib/auth/code-step";
import { newDeviceToken } from "@/lib/auth/password-step";
import { RESEND_COOLDOWN_MS } from "@/lib/auth/otp";
import { now } from "@/lib/server/clock";
import { formatJstWait } from "@/lib/jst";
import { CODE_FORMAT_MESSAGE, codeSchema } from "@/lib/validation/login";

type CodeField = "code";
/** The server's count of tries left rides along, so the hint never disagrees with the error. */
export type CodeFormState = FormState<CodeField> & { remaining?: number };
/** When the server next allows a resend, as a number for the countdown and as the page writes it. */
export type ResendFormState = FormState & { resendAt?: number; resendAtText?: string };

const START_OVER = "お手数ですが、ログインからやり直してください。";

function codeMessage(rejection: CodeRejection): string {
  switch (rejection.reason) {
    case "wrong":
      return `認証コードが正しくありません。あと${rejection.remaining}回間違えると、この認証手続きは無効になります。`;
    case "exhausted":
      return `認証コードを続けて間違えたため、この認証手続きは無効になりました。${START_OVER}`;
    case "expired":
      return `認証コードの有効期限が切れました。${START_OVER}`;
    case "format":
      return CODE_FORMAT_MESSAGE;
    case "missing":
      return `有効な認証手続きが見つかりません。${START_OVER}`;
    case "locked":
      return `認証コードの誤りが続いたため、認証コードによるログインを一時的に停止しています。${formatJstWait(rejection.retryAt)} 以降に、ログインからやり直してください。`;
  }
}

export async function verify(_previous: CodeFormState, formData: FormData): Promise<CodeFormState> {
  const session = await readSessionUncached();
  if (session) redirect(homeFor(session.user.role));

  const parsed = codeSchema.safeParse({ code: formData.get("code") });
  if (!parsed.success) return { fieldErrors: z.flattenError(parsed.error).fieldErrors, at: Date.now() };

  try {
    await signIn("email-otp", { code: parsed.data.code, redirect: false });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      const rejection = decodeCodeRejection(error.code);
      // A wrong or malformed code is the field's fault; anything else ends this attempt.
      if (rejection.reason === "wrong") {
        return { fieldErrors: { code: [codeMessage(rejection)] }, remaining: rejection.remaining, at: Date.now() };
      }
      return rejection.reason === "format"
        ? { fieldErrors: { code: [codeMessage(rejection)] }, at: Date.now() }
        : { message: codeMessage(rejection), at: Date.now() };
    }
    throw error;
  }
  const jar = await requestCookies();
  const owner = await challengeOwner(jar.read("binding"));
  jar.expire("binding");
  // This browser has now signed in as the ID: a lock strangers put on the ID no longer stops it.
  if (owner) jar.set("device", newDeviceToken(owner.selfCareId, now()));
  redirect(homeFor(owner?.role ?? "customer"));
}

const nextResend = (at: Date): Pick<ResendFormState, "resendAt" | "resendAtText"> => ({
  resendAt: at.getTime(),
  resendAtText: formatJstWait(at),
});

export async function resend(_previous: ResendFormState, _formData: FormData): Promise<ResendFormState> {
  const jar = await requestCookies();
  const binding = jar.read("binding");
  const context = await loginContext();
  const result = await resendCode(binding, context);
  // The new code lives as long as the first did: so does the cookie that binds it to this browser.
  if (result.ok && binding) jar.set("binding", binding);
  if (result.ok)
    return {
      message: "認証コードを再送信しました。新しいメールに記載のコードを入力してください。",
      tone: "info",
      ...nextResend(new Date(context.now.getTime() + RESEND_COOLDOWN_MS)),
      at: Date.now(),
    };
  switch (result.reason) {
    case "cooldown":
      return {
        message: `認証コードの再送信は${formatJstWait(result.retryAt)}以降にお試しください。`,
        ...nextResend(result.retryAt),
        at: Date.now(),
      };
    case "send-limited":
      return {
        message: `認証コードの送信回数が上限に達しました。${formatJstWait(result.retryAt)} 以降にもう一度ログインしてください。`,
        at: Date.now(),
      };
    case "missing":
      return { message: `有効な認証手続きが見つかりません。${START_OVER}`, at: Date.now() };
  }
}
