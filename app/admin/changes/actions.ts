"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { requireOperatorNow } from "@/lib/auth/guards";
import { recordAudit } from "@/db/queries/audit";
import { reopenFailedChange } from "@/db/queries/reflection";
import { now } from "@/lib/server/clock";
import { runScheduledWork } from "@/lib/server/scheduled-work";
import { requestMeta } from "@/lib/http/current-request";
import { runSummaryPath } from "@/lib/validation/admin-filter";

export async function runReflectionNow(): Promise<void> {
  const session = await requireOperatorNow("changes.operate");
  const summary = await runScheduledWork(now());
  await recordAudit({
    type: "admin.reflect-now",
    operatorId: session.user.id,
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
