// A step-up: the customer proves themselves again, moments before a high-risk action (an emergency change, a new
// self-care password, removing the last passkey, turning 「国際電話の利用」 on). With a passkey where they have one
// (phishing-resistant), else, or without JavaScript, with a fresh emailed code. It holds for five minutes, for the
// browser that made it (a cookie whose hash is stored), and the action records which factor authorised it.
import { findStepUp, recordStepUp } from "@/db/queries/passkeys";
import { recordAudit } from "@/db/queries/audit";
import type { StepUpFactor } from "@/db/enums";
import type { RequestMeta } from "@/lib/http/request-meta";
import { hashBinding } from "./otp";
import { STEP_UP_TTL_MS } from "./passkey-rules";

/** How the operator reads a factor (the admin detail, the audit trail). */
export const stepUpFactorNames: Record<StepUpFactor, string> = {
  passkey: "パスキー",
  "email-code": "メールの認証コード",
};

/** The factor of this browser's step-up for the customer, if it was made in the last five minutes. */
export async function currentStepUp({
  customerId,
  stepUpToken,
  now,
}: {
  customerId: string;
  stepUpToken: string | undefined;
  now: Date;
}): Promise<StepUpFactor | null> {
  if (!stepUpToken) return null;
  const found = await findStepUp({
    tokenHash: hashBinding(stepUpToken),
    customerId,
    since: new Date(now.getTime() - STEP_UP_TTL_MS),
  });
  return found?.factor ?? null;
}

/** After a right emailed code for a step-up (lib/auth/code-step.ts verifyCode, signing nobody in). */
export async function recordCodeStepUp({
  customerId,
  stepUpToken,
  meta,
  now,
}: {
  customerId: string;
  stepUpToken: string;
  meta: RequestMeta;
  now: Date;
}): Promise<void> {
  await recordStepUp({ tokenHash: hashBinding(stepUpToken), customerId, factor: "email-code", verifiedAt: now });
  await recordAudit({ ...meta, customerId, type: "step-up.verified", detail: { factor: "email-code" } });
}

/** Where a step-up leads back to: the pages of the actions that need one, and nowhere else. */
const destinations = [
  "/ip-phone/password",
  "/ip-phone/international",
  "/account/password",
  "/account/passkeys",
] as const;

/**
 * The page to return to after a step-up: one of `destinations` (with its query), else the menu. Every `next` (the
 * page's query, the forms' hidden field) goes through here; one that does not parse (`http://[`) means the menu too.
 */
export function stepUpReturn(next: unknown): string {
  if (typeof next !== "string" || next.length > 200 || !URL.canParse(next, "http://portal.invalid")) return "/menu";
  const url = new URL(next, "http://portal.invalid");
  if (url.origin !== "http://portal.invalid" || !(destinations as readonly string[]).includes(url.pathname)) {
    return "/menu";
  }
  return url.pathname + url.search;
}

/** The step-up page, returning to `next`. */
export const stepUpPath = (next: string) => `/account/verify?next=${encodeURIComponent(next)}`;
