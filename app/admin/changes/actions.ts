"use server";

import { findCustomerById } from "@/db/queries/customers";
import { endEverySession } from "@/lib/auth/end-sessions";
import { removeAllPasskeys } from "@/lib/auth/passkey-flows";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { afterAnswer } from "@/lib/server/after-answer";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireOperatorNow } from "@/lib/auth/guards";
import { recordAudit } from "@/db/queries/audit";
import { findChangeForAdmin } from "@/db/queries/admin-changes";
import { reopenFailedChange } from "@/db/queries/reflection";
import { liftBan } from "@/db/queries/line-activity";
import { now } from "@/lib/server/clock";
import { runScheduledWork } from "@/lib/server/scheduled-work";
import { requestMeta } from "@/lib/http/current-request";
import { runSummaryPath } from "@/lib/validation/admin-filter";

export async function runReflectionNow(): Promise<void> {
  const session = await requireOperatorNow("changes.operate");
  const summary = await runScheduledWork(now());
  await recordAudit({
    type: "admin.reflect-now",
    customerId: session.user.id,
    detail: { reflected: summary.reflected, failed: summary.failed },
  });
  redirect(runSummaryPath(summary));
}

/** An admin's retry of a failed change: reopened now, and applied by this very run when the cause is gone. */
export async function retryFailedChange(formData: FormData): Promise<void> {
  const session = await requireOperatorNow("changes.operate");
  const id = z.uuid().safeParse(formData.get("changeId"));
  if (!id.success) redirect("/admin/changes");
  const meta = await requestMeta();
  const outcome = await reopenFailedChange(id.data, { customerId: session.user.id, ...meta });
  if (outcome === "reopened") await runScheduledWork(now());
  redirect(`/admin/changes/${id.data}?retry=${outcome}`);
}

/**
 * An operator ends every session of a change's customer (a suspected leak, a customer's call): the version bump
 * invalidates all their tokens at once, and the passkeys added in the last day are removed (the customer is mailed).
 * Audited on the customer and the change.
 */
export async function forceCustomerSignOut(formData: FormData): Promise<void> {
  const session = await requireOperatorNow("customers.end-sessions");
  const id = z.uuid().safeParse(formData.get("changeId"));
  if (!id.success) redirect("/admin/changes");
  const change = await findChangeForAdmin(id.data);
  if (!change) redirect("/admin/changes");
  const customer = await findCustomerById(change.customerId);
  if (!customer) redirect("/admin/changes");
  const meta = await requestMeta();
  const at = now();
  const removed = await endEverySession({ customer, cause: "signed-out-by-admin", meta, now: at });
  if (removed > 0) afterAnswer(() => deliverQueuedMail(at));
  await recordAudit({
    type: "admin.force-signout",
    customerId: change.customerId,
    changeId: change.id,
    ...meta,
    detail: { operator: session.user.name ?? session.user.id },
  });
  redirect(`/admin/changes/${change.id}?signedOut=1`);
}

/** For a customer who lost a device: every passkey of theirs removed. Audited; the customer is emailed. */
export async function removeCustomerPasskeys(formData: FormData): Promise<void> {
  const session = await requireOperatorNow("customers.remove-passkeys");
  const id = z.uuid().safeParse(formData.get("changeId"));
  if (!id.success) redirect("/admin/changes");
  const change = await findChangeForAdmin(id.data);
  if (!change) redirect("/admin/changes");
  const customer = await findCustomerById(change.customerId);
  if (!customer) redirect("/admin/changes");
  const at = now();
  const removed = await removeAllPasskeys({ customer, adminId: session.user.id, meta: await requestMeta(), now: at });
  if (removed > 0) afterAnswer(() => deliverQueuedMail(at));
  redirect(`/admin/changes/${change.id}?passkeysRemoved=${removed}`);
}

/** An operator lifts a ban the registrar made (a customer's own mistyped device, a shared office address). Audited. */
export async function liftBanAction(formData: FormData): Promise<void> {
  const session = await requireOperatorNow("sip.lift-ban");
  const parsed = z
    .object({ banId: z.coerce.number().int().positive(), changeId: z.uuid() })
    .safeParse({ banId: formData.get("banId"), changeId: formData.get("changeId") });
  if (!parsed.success) redirect("/admin/changes");
  const change = await findChangeForAdmin(parsed.data.changeId);
  if (!change) redirect("/admin/changes");
  const lifted = await liftBan({ id: parsed.data.banId, by: session.user.id });
  if (lifted) {
    await recordAudit({
      type: "admin.ban-lifted",
      customerId: change.customerId,
      changeId: change.id,
      ...(await requestMeta()),
      detail: { number: lifted.number, address: lifted.address, operator: session.user.name ?? session.user.id },
    });
  }
  redirect(`/admin/changes/${change.id}?lifted=${lifted ? "1" : "0"}`);
}
