"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { findCustomerById } from "@/db/queries/customers";
import { requireOperatorNowDuringPasskeySetup } from "@/lib/auth/guards";
import { finishRegistration, newBrowserToken, relyingParty, startRegistration } from "@/lib/auth/passkey-flows";
import { RECENT_VERIFICATION_MS } from "@/lib/auth/passkey-rules";
import { requestCookies } from "@/lib/auth/request-cookies";
import { forgetSessionState } from "@/lib/auth/session-state";
import { requestMeta } from "@/lib/http/current-request";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { afterAnswer } from "@/lib/server/after-answer";
import { now } from "@/lib/server/clock";
import { newPasskeySchema } from "@/lib/validation/passkey";

const SIGN_IN_AGAIN =
  "パスキーを登録するには、ログインし直してください（安全のため、ログインから10分以内に登録していただきます）。";

/** A challenge for the operator's new passkey, bound to this browser, within ten minutes of signing in. */
export async function operatorPasskeyOptions() {
  const session = await requireOperatorNowDuringPasskeySetup();
  const at = now();
  const party = relyingParty();
  if (!party) return { ok: false as const, message: "このサイトではパスキーを利用できません。" };
  const signedInAt = session.user.signedInAt;
  const recent = signedInAt !== undefined && at.getTime() - signedInAt * 1000 <= RECENT_VERIFICATION_MS;
  if (!recent) return { ok: false as const, message: SIGN_IN_AGAIN };
  const operator = await findCustomerById(session.user.id);
  if (!operator) redirect("/login");
  const jar = await requestCookies();
  const bindingToken = newBrowserToken();
  const start = await startRegistration({
    party,
    customer: operator,
    stepUpToken: undefined,
    signedInRecently: true,
    bindingToken,
    now: at,
  });
  if (!start.ok) return { ok: false as const, message: SIGN_IN_AGAIN };
  jar.set("webauthn", bindingToken);
  return { ok: true as const, options: start.options };
}

export async function addOperatorPasskey(
  name: string,
  answer: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const session = await requireOperatorNowDuringPasskeySetup();
  const at = now();
  const party = relyingParty();
  const parsed = newPasskeySchema.safeParse({ name, response: answer });
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return { ok: false, message: fieldErrors.name?.[0] ?? "パスキーを登録できませんでした。もう一度お試しください。" };
  }
  const operator = await findCustomerById(session.user.id);
  if (!operator || !party) redirect("/login");
  const jar = await requestCookies();
  const result = await finishRegistration({
    party,
    customer: operator,
    bindingToken: jar.read("webauthn") ?? "",
    name: parsed.data.name,
    response: parsed.data.response,
    meta: await requestMeta(),
    now: at,
  });
  jar.expire("webauthn");
  if (!result.ok) {
    const messages = {
      invalid: "パスキーを登録できませんでした。時間をおかずに、もう一度お試しください。",
      "too-many": "登録できるパスキーの数の上限に達しています。",
      duplicate: "このパスキーはすでに登録されています。",
    };
    return { ok: false, message: messages[result.reason] };
  }
  // The console opens at once (the forced registration is over): this instance's page views ask the database again.
  forgetSessionState(operator.id);
  afterAnswer(() => deliverQueuedMail(at));
  return { ok: true };
}
