// The audit trail. Callers pass only non-secret context; this module never sees a password or a code.
import { getDb } from "@/db";
import { auditEvents } from "@/db/schema";
import type { Tx } from "@/db/client";

export type AuditType =
  | "login.failed"
  | "login.throttled"
  | "login.locked"
  | "login.lockout"
  | "login.password-ok"
  | "login.succeeded"
  | "code.sent"
  | "code.send-failed"
  | "code.resent"
  | "code.failed"
  | "code.exhausted"
  | "code.verified"
  | "signout"
  | "change.requested"
  | "change.superseded"
  | "change.rejected"
  | "change.throttled"
  | "change.mail-failed"
  | "change.reflected"
  | "change.retry"
  | "change.failed"
  | "admin.reflect-now";

export type AuditEvent = typeof auditEvents.$inferInsert & { type: AuditType };

export async function recordAudit(event: AuditEvent, tx?: Tx): Promise<void> {
  const db = tx ?? (await getDb());
  await db.insert(auditEvents).values(event);
}
