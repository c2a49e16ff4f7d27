"use server";

import { redirect } from "next/navigation";
import { requireOperatorNow } from "@/lib/auth/guards";
import { requestMeta } from "@/lib/http/current-request";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { reissueLetter } from "@/lib/provisioning/reissue";
import { afterAnswer } from "@/lib/server/after-answer";
import { now } from "@/lib/server/clock";
import { reissueSchema } from "@/lib/validation/letters";
import { parseOperatorReason } from "@/lib/validation/operator-reason";

/** 「再発行する」, after the page's confirmation: a new initial password, the old one and every session ended. */
export async function reissueLetterAction(formData: FormData): Promise<void> {
  const session = await requireOperatorNow("customers.reissue-letter");
  const parsed = reissueSchema.safeParse({ selfCareId: formData.get("selfCareId") ?? undefined });
  if (!parsed.success) redirect("/admin/letters?notice=reissue-invalid#reissue");
  const id = encodeURIComponent(parsed.data.selfCareId);
  // Every operator action says why (lib/validation/operator-reason.ts); without it, back to the confirmation.
  const why = parseOperatorReason(formData);
  if (!why.success) redirect(`/admin/letters?reissue=${id}&notice=reissue-reason#reissue`);
  const at = now();
  const result = await reissueLetter({
    selfCareId: parsed.data.selfCareId,
    actor: { kind: "admin", adminId: session.user.id, operator: session.user.name ?? session.user.id, ...why.data },
    meta: await requestMeta(),
    now: at,
  });
  if (!result.ok) redirect(`/admin/letters?reissue=${id}#reissue`);
  // The mail about passkeys removed with the sessions, if any, goes after the answer.
  if (result.passkeysRemoved > 0) afterAnswer(() => deliverQueuedMail(at));
  redirect(`/admin/letters?reissued=${id}`);
}
