// The IP phone lines and their SIP password changes.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import {
  changeStatuses,
  internationalOffReasons,
  lineStatuses,
  serviceKinds,
  type StepUpFactor,
  suspensionReasons,
  switchModes,
} from "../enums";
import { at, createdAt } from "./columns";
import { customers } from "./customers";

export const serviceKindEnum = pgEnum("service_kind", serviceKinds);
export const changeStatusEnum = pgEnum("change_status", changeStatuses);
export const switchModeEnum = pgEnum("switch_mode", switchModes);
export const lineStatusEnum = pgEnum("line_status", lineStatuses);
export const suspensionReasonEnum = pgEnum("suspension_reason", suspensionReasons);
export const internationalOffReasonEnum = pgEnum("international_off_reason", internationalOffReasons);

export const ipPhoneLines = pgTable(
  "ip_phone_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    serviceKind: serviceKindEnum("service_kind").notNull(),
    sipPasswordHash: text("sip_password_hash").notNull(),
    /**
     * The line's life (docs/provisioning.md): only an active line is in the registrar's views. Suspended says why;
     * terminated is final, and its number waits out the quarantine before another customer may have it.
     */
    status: lineStatusEnum("status").notNull().default("active"),
    suspensionReason: suspensionReasonEnum("suspension_reason"),
    statusChangedAt: at("status_changed_at").notNull().defaultNow(),
    terminatedAt: at("terminated_at"),
    /**
     * The generated SIP password of a provisioned line, sealed (AES-256-GCM, bound to the line's ID) only until the
     * letter is printed, then wiped.
     */
    initialSipPasswordSealed: text("initial_sip_password_sealed"),
    /**
     * 「国際電話の利用」 (docs/architecture.md, "Toll fraud"): off on every line until its customer turns it on with a
     * step-up; the registrar reads it on each international call (the view sip_outbound_policies). Off again by the
     * customer, an operator, months without an international call, or the registrar's velocity rule
     * (`internationalOffReason` says which).
     */
    internationalCalling: boolean("international_calling").notNull().default(false),
    internationalChangedAt: at("international_changed_at"),
    internationalOffReason: internationalOffReasonEnum("international_off_reason"),
    /** The line's latest international call that went out to the gateway, carried over from the call records. */
    internationalLastCallAt: at("international_last_call_at"),
    /**
     * When the registrar's velocity rule last stopped the line's international calls (sip_stop_international): the
     * console's flag 「国際発信の異常」. The customer's mail about it is sent once (`internationalBurstMailedAt`).
     */
    internationalBurstAt: at("international_burst_at"),
    internationalBurstMailedAt: at("international_burst_mailed_at"),
    createdAt: createdAt(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (table) => [
    // One live line per number; a terminated line keeps its number (and its history) beside a later owner's line.
    uniqueIndex("ip_phone_lines_live_number_idx")
      .on(table.number)
      .where(sql`${table.status} <> 'terminated'`),
    // The quarantine check and the API's GET: a number's lines, the latest first.
    index("ip_phone_lines_number_idx").on(table.number, table.createdAt),
    check(
      "ip_phone_lines_suspension_reason",
      sql`(${table.status} = 'suspended') = (${table.suspensionReason} is not null)`,
    ),
    check("ip_phone_lines_terminated_at", sql`(${table.status} = 'terminated') = (${table.terminatedAt} is not null)`),
    // The menu and the form list a customer's lines.
    index("ip_phone_lines_customer_idx").on(table.customerId),
    check("ip_phone_lines_number_format", sql`${table.number} ~ '^050[0-9]{8}$'`),
    // The console's filter 「国際発信の異常」 and the burst mail's sweep.
    index("ip_phone_lines_international_burst_idx")
      .on(table.internationalBurstAt)
      .where(sql`${table.internationalBurstAt} is not null`),
    // The scheduled work's sweep of lines whose international calling has gone unused for months.
    index("ip_phone_lines_international_on_idx")
      .on(table.internationalChangedAt)
      .where(sql`${table.internationalCalling}`),
  ],
);

export const passwordChanges = pgTable(
  "password_changes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    lineId: uuid("line_id")
      .notNull()
      .references(() => ipPhoneLines.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    serviceKind: serviceKindEnum("service_kind").notNull(),
    requestedAt: at("requested_at").notNull(),
    reflectionAt: at("reflection_at").notNull(),
    status: changeStatusEnum("status").notNull().default("pending"),
    switchMode: switchModeEnum("switch_mode").notNull().default("routine"),
    // Routine only: the latest the old password keeps working after the reflection (reflection time + the grace).
    // A device registering with the new password ends it sooner (sip_credentials.previous_until says when it did).
    graceUntil: at("grace_until"),
    // What proved the customer again for an emergency change (a routine one needs only the current SIP password).
    authorizedBy: text("authorized_by").$type<StepUpFactor>(),
    appliedAt: at("applied_at"),
    // AES-256-GCM ciphertext of the new SIP password, kept only until the provisioning step applies it.
    secretCiphertext: text("secret_ciphertext"),
    // The argon2 hash of the password the call-control system still has while this change waits: a cancel puts it
    // back as the line's current password. Carried over from a superseded change, never a plaintext.
    previousSipPasswordHash: text("previous_sip_password_hash"),
    cancelledAt: at("cancelled_at"),
    // When the customer was reminded that no device had registered with the new password yet (once per change).
    registrationRemindedAt: at("registration_reminded_at"),
    idempotencyKey: text("idempotency_key").notNull(),
    attempts: integer("attempts").notNull().default(0),
    failureReason: text("failure_reason"),
    requestIp: text("request_ip"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
  },
  (table) => [
    // A resent form carries the same token: the second insert conflicts instead of creating a second change.
    uniqueIndex("password_changes_idempotency_idx").on(table.customerId, table.idempotencyKey),
    // At most one pending change per line; a newer one supersedes it in the same transaction.
    uniqueIndex("password_changes_one_pending_per_line_idx")
      .on(table.lineId)
      .where(sql`${table.status} = 'pending'`),
    // The reflection job and the admin default view: pending changes ordered by reflection time (keyset).
    index("password_changes_pending_due_idx")
      .on(table.reflectionAt, table.id)
      .where(sql`${table.status} = 'pending'`),
    // The admin list filtered by status, sorted by reflection time (keyset on reflection_at, id).
    index("password_changes_status_reflection_idx").on(table.status, table.reflectionAt, table.id),
    // The admin list across every status, and date ranges on reflection time.
    index("password_changes_reflection_idx").on(table.reflectionAt, table.id),
    // Search by number (through the line) and the customer's own history.
    index("password_changes_line_idx").on(table.lineId, table.reflectionAt),
    index("password_changes_customer_idx").on(table.customerId, table.requestedAt),
  ],
);
