"use server";

import { redirect } from "next/navigation";
import { requireCustomerNow } from "@/lib/auth/guards";
import { requestCookies } from "@/lib/auth/request-cookies";
import { currentStepUp, stepUpPath } from "@/lib/auth/step-up";
import { disableInternational, enableInternational } from "@/lib/calls/international";
import { requestMeta } from "@/lib/http/current-request";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { afterAnswer } from "@/lib/server/after-answer";
import { now } from "@/lib/server/clock";
import { lineNumberSchema } from "@/lib/validation/provisioning";

const PAGE = "/ip-phone/international";

/** The line the form names; an unreadable one goes back to the page, which lists only the customer's own. */
function numberOf(formData: FormData): string {
  const number = lineNumberSchema.safeParse(formData.get("number"));
  if (!number.success) redirect(`${PAGE}?done=not-found`);
  return number.data;
}

/**
 * Turns a line's 「国際電話の利用」 on: without a step-up in the last five minutes, to 「ご本人の確認」 first, back to
 * this line's form. The mail goes after the answer.
 */
export async function enableInternationalAction(formData: FormData): Promise<void> {
  const session = await requireCustomerNow();
  const number = numberOf(formData);
  const at = now();
  const stepUp = await currentStepUp({
    customerId: session.user.id,
    stepUpToken: (await requestCookies()).read("stepUp"),
    now: at,
  });
  const outcome = await enableInternational({
    customerId: session.user.id,
    number,
    stepUp,
    meta: await requestMeta(),
    now: at,
  });
  if (outcome === "step-up") redirect(stepUpPath(`${PAGE}?number=${number}`));
  if (outcome === "done") afterAnswer(() => deliverQueuedMail(at));
  redirect(`${PAGE}?done=${outcome === "done" ? "on" : outcome}`);
}

/** Turns it off: one click, no step-up. */
export async function disableInternationalAction(formData: FormData): Promise<void> {
  const session = await requireCustomerNow();
  const number = numberOf(formData);
  const at = now();
  const outcome = await disableInternational({
    customerId: session.user.id,
    number,
    meta: await requestMeta(),
    now: at,
  });
  if (outcome === "done") afterAnswer(() => deliverQueuedMail(at));
  redirect(`${PAGE}?done=${outcome === "done" ? "off" : outcome}`);
}
