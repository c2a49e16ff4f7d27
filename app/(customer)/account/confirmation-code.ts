// The emailed code that confirms a signed-in customer's own action (a new self-care password, a step-up): mailed and
// bound to this browser, and what the page that asked for it says next.
import "server-only";
import { redirect } from "next/navigation";
import { findCustomerById } from "@/db/queries/customers";
import { requireCustomerNowDuringForcedChange } from "@/lib/auth/guards";
import { sendCode } from "@/lib/auth/login-mail";
import { generateBinding } from "@/lib/auth/otp";
import { requestCookies } from "@/lib/auth/request-cookies";
import { requestMeta } from "@/lib/http/current-request";
import { deliverQueuedMail } from "@/lib/mail/queue";
import type { CodePurpose } from "@/lib/mail/templates/login-code";
import { afterAnswer } from "@/lib/server/after-answer";
import { now } from "@/lib/server/clock";

/** Mails the code (after the answer), binds it to this browser, and goes back to `page` saying so. */
export async function mailConfirmationCode({ purpose, page }: { purpose: CodePurpose; page: string }): Promise<never> {
  const session = await requireCustomerNowDuringForcedChange();
  const customer = await findCustomerById(session.user.id);
  if (!customer) redirect("/login");
  const binding = generateBinding();
  const at = now();
  const sent = await sendCode({ customer, bindingHash: binding.hash, meta: await requestMeta(), now: at, purpose });
  const back = `${page}${page.includes("?") ? "&" : "?"}code=`;
  if (!sent.ok) redirect(`${back}${sent.reason}`);
  afterAnswer(() => deliverQueuedMail(at));
  (await requestCookies()).set("binding", binding.token);
  redirect(`${back}sent`);
}
