// Operations that need a second admin (docs/operations.md, "Approvals"): a request one admin makes and another, never
// the requester, approves within 24 hours; only then does the server carry it out.
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { approvalKinds, approvalStatuses } from "../enums";
import { at, createdAt } from "./columns";
import { customers } from "./customers";

export const operatorApprovals = pgTable(
  "operator_approvals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").$type<(typeof approvalKinds)[number]>().notNull(),
    /** What to carry out (a line's number, an import's id): validated again with zod when it is approved. */
    payload: jsonb("payload").$type<Record<string, string>>().notNull(),
    /** The reason chosen or typed, and the ticket number, as every operator action records them. */
    reason: text("reason").notNull(),
    ticket: text("ticket"),
    status: text("status").$type<(typeof approvalStatuses)[number]>().notNull().default("pending"),
    requestedBy: uuid("requested_by")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: at("expires_at").notNull(),
    decidedBy: uuid("decided_by").references(() => customers.id, { onDelete: "set null" }),
    decidedAt: at("decided_at"),
  },
  (table) => [
    index("operator_approvals_pending_idx")
      .on(table.createdAt)
      .where(sql`${table.status} = 'pending'`),
    // One pending request per thing (a line, an import): a second admin's click answers 「承認待ちです」 instead.
    uniqueIndex("operator_approvals_one_pending_idx")
      .on(table.kind, table.payload)
      .where(sql`${table.status} = 'pending'`),
    check("operator_approvals_kind", sql`${table.kind} in ('line-termination', 'import-apply')`),
    check("operator_approvals_status", sql`${table.status} in ('pending', 'approved', 'rejected', 'expired')`),
    // Never the requester: the database holds it too, whatever the code does.
    check(
      "operator_approvals_second_admin",
      sql`${table.decidedBy} is null or ${table.decidedBy} <> ${table.requestedBy}`,
    ),
  ],
);
