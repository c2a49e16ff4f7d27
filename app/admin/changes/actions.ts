"use server";

import { redirect } from "next/navigation";
import { recordAudit } from "@/db/queries/audit";
import { now } from "@/lib/clock";
import { runScheduledWork } from "@/lib/maintenance";
import { requireAdmin } from "@/app/_lib/guards";

export async function runReflectionNow(): Promise<void> {
  const session = await requireAdmin();
  const summary = await runScheduledWork(now());
  await recordAudit({
    type: "admin.reflect-now",
    customerId: session.user.id,
    detail: { reflected: summary.reflected, failed: summary.failed },
  });
  redirect(`/admin/changes?ran=${summary.reflected}-${summary.retrying}-${summary.failed}`);
}
