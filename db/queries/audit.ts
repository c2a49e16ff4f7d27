// The audit trail. Callers pass only non-secret context; this module never sees a password or a code.
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { auditEvents } from "@/db/schema";

/** Every event the app records; a type not listed here fails the type check wherever it is written. */
export const auditTypes = [
  "login.failed",
  "login.throttled",
  "login.locked",
  "login.lockout",
  "login.password-ok",
  "login.succeeded",
  "code.sent",
  "code.send-failed",
  "code.resent",
  "code.failed",
  "code.exhausted",
  "code.locked",
  "code.lockout",
  "code.verified",
  "signout",
  "change.requested",
  "change.superseded",
  "change.rejected",
  "change.throttled",
  "change.busy",
  "change.mail-failed",
  "change.cancelled",
  "change.reflected",
  "change.retry",
  "change.failed",
  "admin.reflect-now",
  "admin.retry",
  "change.secret-wiped",
] as const;
export type AuditType = (typeof auditTypes)[number];

export type AuditEvent = Omit<typeof auditEvents.$inferInsert, "id" | "at" | "type"> & { type: AuditType };

/** Records one event or several; inside a transaction when given one, so the trail commits with the change. */
export async function recordAudit(events: AuditEvent | AuditEvent[], tx?: Tx): Promise<void> {
  const rows = Array.isArray(events) ? events : [events];
  if (rows.length === 0) return;
  const db = tx ?? (await getDb());
  await db.insert(auditEvents).values(rows);
}
