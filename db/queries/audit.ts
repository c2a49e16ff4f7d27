// The audit trail. Callers pass only non-secret context; this module never sees a password or a code.
import { getDb } from "@/db";
import type { Db, Tx } from "@/db/client";
import { auditEvents } from "@/db/schema";

export type AuditEvent = typeof auditEvents.$inferInsert;

/** The insert of `events`, not yet run: for `together` (db/together.ts), so the trail commits with the change. */
export const auditInsert = (db: Db | Tx, events: AuditEvent[]) => db.insert(auditEvents).values(events);

/** Records one event or several; inside a transaction when given one, so the trail commits with the change. */
export async function recordAudit(events: AuditEvent | AuditEvent[], tx?: Tx): Promise<void> {
  const rows = Array.isArray(events) ? events : [events];
  if (rows.length === 0) return;
  await auditInsert(tx ?? (await getDb()), rows);
}
