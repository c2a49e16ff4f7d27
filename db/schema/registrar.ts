// What the call-control system (Kamailio) reads and writes through views and functions: credentials, failed
// authentications and bans.
import { sql } from "drizzle-orm";
import { bigserial, index, integer, pgEnum, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { authFailureClasses, banReasons } from "../enums";
import { at, createdAt } from "./columns";
import { customers } from "./customers";
import { passwordChanges } from "./lines";

/**
 * What the call-control system reads: a SIP registrar's subscriber table in Kamailio auth_db style.
 * ha1 = MD5(username:realm:password), ha1b = MD5(username@domain:realm:password); no plaintext is kept.
 */
export const sipCredentials = pgTable(
  "sip_credentials",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    username: text("username").notNull(),
    domain: text("domain").notNull(),
    ha1: text("ha1").notNull(),
    ha1b: text("ha1b").notNull(),
    // The password in force before the last routine change, accepted until previous_until (the grace; the view
    // sip_previous_credentials filters on it, so it ends by itself). The registrar ends it sooner, through
    // sip_end_grace(), when a device registers with the current password.
    previousHa1: text("previous_ha1"),
    previousHa1b: text("previous_ha1b"),
    previousUntil: at("previous_until"),
    // Set by an emergency change at its request: no password of the line works (the view sip_credentials_in_force
    // leaves the row out) until the change's reflection writes the new one.
    suspendedAt: at("suspended_at"),
    // The hashes of a change not yet reflected: never accepted, but a device trying them was set up too early by the
    // customer, not a stranger (sip_early_credentials). Written at the request, cleared at the reflection or cancel.
    pendingHa1: text("pending_ha1"),
    pendingHa1b: text("pending_ha1b"),
    // The change that wrote these hashes, so an applied change can be traced (and is never applied twice).
    changeId: uuid("change_id").references(() => passwordChanges.id, { onDelete: "set null" }),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (table) => [uniqueIndex("sip_credentials_user_domain_idx").on(table.username, table.domain)],
);

export const authFailureClassEnum = pgEnum("sip_auth_failure_class", authFailureClasses);
export const banReasonEnum = pgEnum("sip_ban_reason", banReasons);

/**
 * Failed digest authentications the registrar records (REGISTER and INVITE), through sip_record_failure(): at most
 * one row per (line, address, class) and minute, with a count, so an attack cannot grow the table faster than the
 * minutes pass. `username` is the number tried (for `unknown-user`, whatever was tried, cut to 64 characters).
 * The portal's scheduled work removes rows after 30 days.
 */
export const sipAuthFailures = pgTable(
  "sip_auth_failures",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    username: text("username").notNull(),
    address: text("address").notNull(),
    class: authFailureClassEnum("class").notNull(),
    minute: at("minute").notNull(),
    count: integer("count").notNull().default(1),
    // The last attempt's source port and User-Agent in this minute.
    port: integer("port").notNull(),
    userAgent: text("user_agent").notNull().default(""),
    firstAt: at("first_at").notNull().defaultNow(),
    lastAt: at("last_at").notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("sip_auth_failures_bucket_idx").on(table.username, table.address, table.class, table.minute),
    // The scanner rule and the customer's page: an address's, or a line's, recent failures.
    index("sip_auth_failures_address_idx").on(table.address, table.minute),
    index("sip_auth_failures_minute_idx").on(table.minute),
    // The guessing-flood alert (db/queries/line-activity.ts wrongGuessTotals, linesOverGuessThreshold): one line's
    // wrong passwords in the last day, without reading its other classes and the rest of the 30 days' records. No
    // column a failure's upsert changes, so the registrar's count updates stay HOT.
    index("sip_auth_failures_guesses_idx").on(table.username, table.class, table.minute),
  ],
);

/**
 * Bans the registrar decided (sip_record_failure) and enforces from its memory (the view sip_bans_in_force): a
 * (line, source) pair after wrong passwords, or a whole source (`username` null) that tried many lines. A source is an
 * IPv4 address or an IPv6 /64 (`2001:db8:a:b::/64`). They end by themselves at `until`; an
 * admin may lift one sooner (`lifted_at`, audited).
 */
export const sipBans = pgTable(
  "sip_bans",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    username: text("username"),
    address: text("address").notNull(),
    reason: banReasonEnum("reason").notNull(),
    createdAt: createdAt(),
    until: at("until").notNull(),
    liftedAt: at("lifted_at"),
    liftedBy: uuid("lifted_by").references(() => customers.id, { onDelete: "set null" }),
  },
  (table) => [
    index("sip_bans_address_idx").on(table.address, table.until),
    index("sip_bans_username_idx").on(table.username, table.until),
    // The view sip_bans_in_force, which every registrar reloads every few seconds: the bans not lifted, by their end.
    index("sip_bans_in_force_idx")
      .on(table.until)
      .where(sql`${table.liftedAt} is null`),
  ],
);
