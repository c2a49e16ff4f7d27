"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { findCustomerById } from "@/db/queries/customers";
import { passkeyCount } from "@/db/queries/passkeys";
import { requireCustomerNow } from "@/lib/auth/guards";
import { RECENT_VERIFICATION_MS } from "@/lib/auth/passkey-rules";
import {
  finishRegistration,
  newBrowserToken,
  relyingParty,
  removePasskey,
  startRegistration,
} from "@/lib/auth/passkey-flows";
import { requestCookies } from "@/lib/auth/request-cookies";
import { currentStepUp, stepUpPath } from "@/lib/auth/step-up";
import { requestMeta } from "@/lib/http/current-request";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { afterAnswer } from "@/lib/server/after-answer";
import { now } from "@/lib/server/clock";
import { newPasskeySchema } from "@/lib/validation/passkey";

type Session = Awaited<ReturnType<typeof requireCustomerNow>>;

/** Adding or removing a passkey: a sign-in in the last ten minutes, or a step-up in the last five. */
async function recentlyVerified(session: Session, at: Date): Promise<boolean> {
  const signedInAt = session.user.signedInAt;
  if (signedInAt !== undefined && at.getTime() - signedInAt * 1000 <= RECENT_VERIFICATION_MS) return true;
  const stepUpToken = (await requestCookies()).read("stepUp");
  return (await currentStepUp({ customerId: session.user.id, stepUpToken, now: at })) !== null;
}

export type AddPasskeyResult = { ok: true } | { ok: false; message: string; verify?: string };

/** A challenge for a new passkey, bound to this browser, once the customer has been verified recently. */
export async function passkeyRegistrationOptions() {
  const session = await requireCustomerNow();
  const at = now();
  const party = relyingParty();
  if (!party) return { ok: false as const, message: "このサイトではパスキーをご利用いただけません。" };
  if (!(await recentlyVerified(session, at))) {
    return {
      ok: false as const,
      message: "パスキーを登録するには、もう一度ご本人の確認が必要です。",
      verify: stepUpPath("/account/passkeys"),
    };
  }
  const customer = await findCustomerById(session.user.id);
  if (!customer) redirect("/login");
  const bindingToken = newBrowserToken();
  const options = await startRegistration({ party, customer, bindingToken, now: at });
  (await requestCookies()).set("webauthn", bindingToken);
  return { ok: true as const, options };
}

export async function addPasskey(name: string, answer: string): Promise<AddPasskeyResult> {
  const session = await requireCustomerNow();
  const at = now();
  const party = relyingParty();
  const parsed = newPasskeySchema.safeParse({ name, response: answer });
  if (!parsed.success) {
    const { fieldErrors } = z.flattenError(parsed.error);
    return { ok: false, message: fieldErrors.name?.[0] ?? "パスキーを登録できませんでした。もう一度お試しください。" };
  }
  const customer = await findCustomerById(session.user.id);
  if (!customer || !party) redirect("/login");
  const jar = await requestCookies();
  const result = await finishRegistration({
    party,
    customer,
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
      "too-many": "登録できるパスキーの数の上限に達しています。使わなくなったパスキーを削除してから登録してください。",
      duplicate: "このパスキーはすでに登録されています。",
    };
    return { ok: false, message: messages[result.reason] };
  }
  afterAnswer(() => deliverQueuedMail(at));
  return { ok: true };
}

/** Removes one passkey (a plain form: works without JavaScript). The last one needs a step-up. */
export async function removePasskeyAction(formData: FormData): Promise<void> {
  const session = await requireCustomerNow();
  const at = now();
  const id = z.string().min(1).max(1024).safeParse(formData.get("id"));
  if (!id.success) redirect("/account/passkeys");
  const stepUp = await currentStepUp({
    customerId: session.user.id,
    stepUpToken: (await requestCookies()).read("stepUp"),
    now: at,
  });
  const last = (await passkeyCount(session.user.id)) <= 1;
  if (last ? stepUp === null : !(await recentlyVerified(session, at))) redirect(stepUpPath("/account/passkeys"));
  const customer = await findCustomerById(session.user.id);
  if (!customer) redirect("/login");
  const removed = await removePasskey({ customer, id: id.data, meta: await requestMeta(), now: at });
  if (removed) afterAnswer(() => deliverQueuedMail(at));
  redirect(`/account/passkeys?removed=${removed ? "1" : "0"}`);
}
