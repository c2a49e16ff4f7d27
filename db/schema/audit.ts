// The audit trail: every event the app records, with non-secret context.
import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import type { AuditType } from "../enums";
import { at } from "./columns";
import { customers } from "./customers";
import { passwordChanges } from "./lines";

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: at("at").notNull().defaultNow(),
    type: text("type").$type<AuditType>().notNull(),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    /** The operator who did it (or looked), for the operators' own trail; the customer column says whose data. */
    operatorId: uuid("operator_id").references(() => customers.id, { onDelete: "set null" }),
    changeId: uuid("change_id").references(() => passwordChanges.id, { onDelete: "set null" }),
    ip: text("ip"),
    userAgent: text("user_agent"),
    // Non-secret context only (the self-care ID typed, a failure reason); never passwords, codes or hashes.
    detail: jsonb("detail").$type<Record<string, string | number | boolean | null>>(),
  },
  (table) => [
    index("audit_events_customer_idx").on(table.customerId, table.at),
    index("audit_events_change_idx").on(table.changeId, table.at),
    // The operators' trail (admins read it), newest first, by operator or all of them.
    index("audit_events_operator_idx")
      .on(table.operatorId, table.at)
      .where(sql`${table.operatorId} is not null`),
  ],
);
