"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { loginContext } from "@/lib/auth/login-context";
import { requestCookies } from "@/lib/auth/request-cookies";
import { CredentialsSignin } from "next-auth";
import { readSessionUncached, signIn } from "@/lib/auth/next-auth";
import { startSignIn } from "@/lib/auth/passkey-assertions";
import { newBrowserToken, relyingParty } from "@/lib/auth/passkey-flows";
import { now } from "@/lib/server/clock";
import { requestMeta } from "@/lib/http/current-request";
import { homeFor } from "@/lib/auth/config";
import { checkPassword, newDeviceToken, type PasswordStep } from "@/lib/auth/password-step";
import { findCustomerById } from "@/db/queries/customers";
import { env } from "@/lib/env";
import { formatJstWait } from "@/lib/jst";
import { supportSentence } from "@/lib/support";
import { SELF_CARE_ID_MAX } from "@/lib/validation/limits";
import { loginSchema } from "@/lib/validation/login";
import { OVERLOADED_MESSAGE } from "@/lib/server/hashing-gate";

export type LoginField = "selfCareId" | "password";

const until = (at: Date) => `${formatJstWait(at)} 以降に`;

function messageFor(result: Exclude<PasswordStep, { ok: true }>): string {
  switch (result.reason) {
    case "invalid":
      return "セルフケアIDまたはセルフケアパスワードが正しくありません。お手元の「サービス開始のご案内」をご確認のうえ、もう一度入力してください。";
    case "locked":
      return `ログインに続けて失敗したため、このセルフケアIDでのログインを一時的に制限しています。${until(result.retryAt)}もう一度お試しください。${supportSentence(env().support)}`;
    case "throttled":
      return `ご利用の環境からのログイン試行が多すぎるため、一時的に受け付けを停止しています。${until(result.retryAt)}もう一度お試しください。`;
    case "send-limited":
      return `認証コードの送信回数が上限に達しました。${until(result.retryAt)}もう一度ログインしてください。`;
    case "passkey-required":
      return "このIDはパスキーでログインするよう設定されています。パスワードと認証コードではログインできません。このページの「パスキーでログイン」ボタンからログインしてください。パスキーの端末をなくした場合は、管理者に連絡してください。";
    case "overloaded":
      return OVERLOADED_MESSAGE;
    case "code-locked":
      return `認証コードの誤りが続いたため、このセルフケアIDでの認証コードによるログインを一時的に停止しています。${until(result.retryAt)}もう一度お試しください。${supportSentence(env().support)}`;
  }
}

export async function login(_previous: FormState<LoginField>, formData: FormData): Promise<FormState<LoginField>> {
  const session = await readSessionUncached();
  if (session) redirect(homeFor(session.user.role));

  const rawId = formData.get("selfCareId");
  const typedId = typeof rawId === "string" ? rawId.slice(0, SELF_CARE_ID_MAX) : "";
  const parsed = loginSchema.safeParse({ selfCareId: rawId, password: formData.get("password") });
  if (!parsed.success) {
    return { fieldErrors: z.flattenError(parsed.error).fieldErrors, values: { selfCareId: typedId }, at: Date.now() };
  }

  const result = await checkPassword(parsed.data, await loginContext());
  if (!result.ok) return { message: messageFor(result), values: { selfCareId: typedId }, at: Date.now() };

  const jar = await requestCookies();
  // No valid session (checked above), so any session cookie left is a revoked token. It would send the code step
  // back to the menu, so the new sign-in drops it.
  if (jar.has("session")) jar.expire("session");
  jar.set("binding", result.bindingToken);
  redirect("/login/verify");
}

/**
 * A sign-in challenge for the passkeys this browser holds, bound to it (the button and the ID field's autofill); a
 * refusal once the address's sign-in attempts are spent.
 */
export async function passkeySignInOptions() {
  const party = relyingParty();
  if (!party) return null;
  const bindingToken = newBrowserToken();
  const options = await startSignIn({ party, bindingToken, meta: await requestMeta(), now: now() });
  if (!options) {
    return {
      ok: false as const,
      message:
        "ご利用の環境からのログイン試行が多すぎるため、一時的に受け付けを停止しています。しばらくしてからもう一度お試しください。",
    };
  }
  (await requestCookies()).set("webauthn", bindingToken);
  return options;
}

/**
 * The passkey's answer, through next-auth's `passkey` provider (lib/auth/next-auth.ts): the same session, limits and
 * audit as a sign-in with the emailed code, which it replaces together with the password.
 */
export async function passkeySignIn(answer: string): Promise<{ ok: false; message: string }> {
  const session = await readSessionUncached();
  if (session) redirect(homeFor(session.user.role));
  const jar = await requestCookies();
  try {
    await signIn("passkey", { response: answer, redirect: false });
  } catch (error) {
    if (!(error instanceof CredentialsSignin)) throw error;
    jar.expire("webauthn");
    return {
      ok: false,
      message:
        "パスキーでログインできませんでした。登録済みのパスキーでもう一度お試しいただくか、セルフケアIDとパスワードでログインしてください。",
    };
  }
  jar.expire("webauthn");
  const signedIn = await readSessionUncached();
  // A full sign-in, as the code's is: this browser gets the device cookie that a stranger's lock on the ID spares.
  const owner = signedIn ? await findCustomerById(signedIn.user.id) : undefined;
  if (owner) jar.set("device", newDeviceToken(owner.selfCareId, now()));
  redirect(homeFor(signedIn?.user.role ?? "customer"));
}
