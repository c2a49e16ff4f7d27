"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { findCustomerById } from "@/db/queries/customers";
import type { StepUpFactor } from "@/db/enums";
import { requireCustomerNow } from "@/lib/auth/guards";
import { updateSession } from "@/lib/auth/next-auth";
import { forgetSessionState } from "@/lib/auth/session-state";
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

/** Removing a passkey that is not the last: a sign-in in the last ten minutes, or a step-up in the last five. */
function recentlyVerified(session: Session, stepUp: StepUpFactor | null, at: Date): boolean {
  const signedInAt = session.user.signedInAt;
  if (signedInAt !== undefined && at.getTime() - signedInAt * 1000 <= RECENT_VERIFICATION_MS) return true;
  return stepUp !== null;
}

export type AddPasskeyResult = { ok: true } | { ok: false; message: string; verify?: string };

/** A challenge for a new passkey, bound to this browser, after a step-up (lib/auth/passkey-flows.ts). */
export async function passkeyRegistrationOptions() {
  const session = await requireCustomerNow();
  const at = now();
  const party = relyingParty();
  if (!party) return { ok: false as const, message: "このサイトではパスキーをご利用いただけません。" };
  const customer = await findCustomerById(session.user.id);
  if (!customer) redirect("/login");
  const jar = await requestCookies();
  const bindingToken = newBrowserToken();
  const start = await startRegistration({ party, customer, stepUpToken: jar.read("stepUp"), bindingToken, now: at });
  if (!start.ok) {
    return {
      ok: false as const,
      message: "パスキーを登録するには、もう一度ご本人の確認が必要です。",
      verify: stepUpPath("/account/passkeys"),
    };
  }
  jar.set("webauthn", bindingToken);
  return { ok: true as const, options: start.options };
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

/**
 * Removes one passkey (a plain form: works without JavaScript). The last one needs a step-up, decided with the removal
 * in one transaction. Every other session ends; this browser's carries the new session version.
 */
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
  if (!recentlyVerified(session, stepUp, at)) redirect(stepUpPath("/account/passkeys"));
  const customer = await findCustomerById(session.user.id);
  if (!customer) redirect("/login");
  const removal = await removePasskey({
    customer,
    id: id.data,
    lastAllowed: stepUp !== null,
    meta: await requestMeta(),
    now: at,
  });
  if (!removal.ok) {
    if (removal.reason === "step-up") redirect(stepUpPath("/account/passkeys"));
    redirect("/account/passkeys?removed=0");
  }
  afterAnswer(() => deliverQueuedMail(at));
  forgetSessionState(customer.id);
  await updateSession({ user: { sessionVersion: removal.sessionVersion } });
  redirect("/account/passkeys?removed=1");
}
