// Re-issuing the letter 「サービス開始のご案内」 (a lost letter, a forgotten password): a new generated initial password,
// in force at once. The old one stops, every session ends (with the passkeys added in the last day, as at a sign-out
// everywhere: a thief who had the old letter may have added one), the forced first sign-in applies again, and the new
// letter waits in the console. The console calls it; so will the support desk's tools.
import { recordAudit } from "@/db/queries/audit";
import { replaceInitialPassword } from "@/db/queries/letters";
import { removeRecentPasskeys } from "@/lib/auth/passkey-flows";
import { forgetSessionState } from "@/lib/auth/session-state";
import type { RequestMeta } from "@/lib/http/request-meta";
import { generateInitialPassword, hashGeneratedSecret, sealForLetter } from "./credentials";

export type ReissueResult =
  { ok: true; customerId: string; passkeysRemoved: number } | { ok: false; reason: "unknown" };

/** Who asked: an operator in the console, and why when they said (the support desk's page asks). */
export type ReissueActor = { kind: "admin"; adminId: string; operator: string; reason?: string; ticket?: string };

export async function reissueLetter({
  selfCareId,
  actor,
  meta,
  now,
}: {
  selfCareId: string;
  actor: ReissueActor;
  meta: RequestMeta;
  now: Date;
}): Promise<ReissueResult> {
  const password = generateInitialPassword();
  const customer = await replaceInitialPassword({
    selfCareId,
    passwordHash: hashGeneratedSecret(password),
    seal: (customerId) => sealForLetter({ kind: "customer", customerId }, password),
    now,
  });
  if (!customer) return { ok: false, reason: "unknown" };
  forgetSessionState(customer.id);
  const passkeysRemoved = await removeRecentPasskeys({ customer, cause: "letter-reissued", meta, now });
  await recordAudit({
    ...meta,
    type: "letter.reissued",
    customerId: customer.id,
    operatorId: actor.adminId,
    detail: {
      selfCareId: customer.selfCareId,
      operator: actor.operator,
      by: actor.adminId,
      ...(actor.reason ? { reason: actor.reason } : {}),
      ...(actor.ticket ? { ticket: actor.ticket } : {}),
    },
  });
  return { ok: true, customerId: customer.id, passkeysRemoved };
}
