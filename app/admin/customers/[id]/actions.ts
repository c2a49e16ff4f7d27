"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/app/_components/form-state";
import { findDeskCustomer } from "@/db/queries/customer-desk";
import { type OperatorSession, requireOperatorNow } from "@/lib/auth/guards";
import {
  type Accountability,
  changeCustomerEmail,
  endCustomerSessions,
  liftCustomerBan,
  reissueCustomerLetter,
  removeCustomerPasskeys,
  unlockAccount,
} from "@/lib/desk/support-actions";
import { requestMeta } from "@/lib/http/current-request";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { afterAnswer } from "@/lib/server/after-answer";
import { now } from "@/lib/server/clock";
import { banIdSchema, customerIdSchema, newEmailSchema } from "@/lib/validation/customer-page";
import { operatorReasonFieldNames, parseOperatorReason } from "@/lib/validation/operator-reason";

type SupportField = (typeof operatorReasonFieldNames)[number] | "email";
export type SupportFormState = FormState<SupportField>;

type Customer = NonNullable<Awaited<ReturnType<typeof findDeskCustomer>>>;
type Prepared = { customer: Customer; act: Accountability; values: Record<string, string> };

const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/**
 * Every action's steps after its guard: whose page it is, and the operator's reason.
 * A malformed customer goes back to the search; a missing reason is the form's answer.
 */
async function prepare(
  session: OperatorSession,
  formData: FormData,
  extra: readonly SupportField[] = [],
): Promise<Prepared | SupportFormState> {
  const id = customerIdSchema.safeParse(formData.get("customerId"));
  const customer = id.success ? await findDeskCustomer(id.data) : undefined;
  if (!customer) redirect("/admin/customers");
  const values = Object.fromEntries(
    [...operatorReasonFieldNames, ...extra].map((name) => [name, text(formData, name)]),
  );
  const why = parseOperatorReason(formData);
  if (!why.success) return { fieldErrors: z.flattenError(why.error).fieldErrors, values, at: Date.now() };
  const operator = { id: session.user.id, name: session.user.name ?? session.user.id };
  return { customer, values, act: { operator, why: why.data, meta: await requestMeta(), now: now() } };
}

const done = (customer: Customer, outcome: string, anchor: string): never =>
  redirect(`/admin/customers/${customer.id}?done=${outcome}#${anchor}`);

/** Mail the step queued (the customer told of removed passkeys, a new address) goes after the answer. */
const mailAfter = (act: Accountability) => afterAnswer(() => deliverQueuedMail(act.now));

export async function unlockAction(_previous: SupportFormState, formData: FormData): Promise<SupportFormState> {
  const session = await requireOperatorNow("customers.unlock");
  const prepared = await prepare(session, formData);
  if (!("act" in prepared)) return prepared;
  await unlockAccount(prepared.customer, prepared.act);
  return done(prepared.customer, "unlocked", "account");
}

export async function endSessionsAction(_previous: SupportFormState, formData: FormData): Promise<SupportFormState> {
  const session = await requireOperatorNow("customers.end-sessions");
  const prepared = await prepare(session, formData);
  if (!("act" in prepared)) return prepared;
  if ((await endCustomerSessions(prepared.customer, prepared.act)) > 0) mailAfter(prepared.act);
  return done(prepared.customer, "signed-out", "sessions");
}

export async function removePasskeysAction(_previous: SupportFormState, formData: FormData): Promise<SupportFormState> {
  const session = await requireOperatorNow("customers.remove-passkeys");
  const prepared = await prepare(session, formData);
  if (!("act" in prepared)) return prepared;
  if ((await removeCustomerPasskeys(prepared.customer, prepared.act)) > 0) mailAfter(prepared.act);
  return done(prepared.customer, "passkeys-removed", "sessions");
}

export async function reissueAction(_previous: SupportFormState, formData: FormData): Promise<SupportFormState> {
  const session = await requireOperatorNow("customers.reissue-letter");
  const prepared = await prepare(session, formData);
  if (!("act" in prepared)) return prepared;
  const result = await reissueCustomerLetter(prepared.customer, prepared.act);
  if (result.ok && result.passkeysRemoved > 0) mailAfter(prepared.act);
  return done(prepared.customer, result.ok ? "reissued" : "reissue-failed", "reissue");
}

export async function changeEmailAction(_previous: SupportFormState, formData: FormData): Promise<SupportFormState> {
  const session = await requireOperatorNow("customers.change-email");
  const prepared = await prepare(session, formData, ["email"]);
  if (!("act" in prepared)) return prepared;
  const email = newEmailSchema.safeParse({ email: formData.get("email") ?? undefined });
  if (!email.success)
    return { fieldErrors: z.flattenError(email.error).fieldErrors, values: prepared.values, at: Date.now() };
  if (email.data.email === prepared.customer.email)
    return {
      fieldErrors: { email: ["現在の登録メールアドレスと同じです。"] },
      values: prepared.values,
      at: Date.now(),
    };
  const changed = await changeCustomerEmail(prepared.customer, email.data.email, prepared.act);
  if (changed) mailAfter(prepared.act);
  return done(prepared.customer, changed ? "email-changed" : "email-unchanged", "email");
}

export async function liftBanAction(_previous: SupportFormState, formData: FormData): Promise<SupportFormState> {
  const session = await requireOperatorNow("sip.lift-ban");
  const prepared = await prepare(session, formData);
  if (!("act" in prepared)) return prepared;
  const banId = banIdSchema.safeParse(formData.get("banId"));
  const numbers = prepared.customer.lines.filter((line) => line.status !== "terminated").map((line) => line.number);
  const lifted =
    banId.success &&
    (await liftCustomerBan(numbers, banId.data, { ...prepared.act, customerId: prepared.customer.id }));
  return done(prepared.customer, lifted ? "ban-lifted" : "ban-gone", "lines");
}
