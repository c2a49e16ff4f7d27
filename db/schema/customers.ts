// The customers: who signs in to the portal, and their accounts' sign-in state.
import { sql } from "drizzle-orm";
import { boolean, index, integer, pgEnum, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { roles } from "../enums";
import { at, createdAt } from "./columns";

export const roleEnum = pgEnum("role", roles);

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    selfCareId: text("self_care_id").notNull().unique(),
    passwordHash: text("password_hash").notNull(),
    email: text("email").notNull(),
    displayName: text("display_name").notNull(),
    role: roleEnum("role").notNull().default("customer"),
    // Bumped by signing out (everywhere) and by a demo-data reset; tokens carrying an older version are refused. A
    // lock never bumps it: strangers can trigger a lock, and it must not sign the owner out.
    sessionVersion: integer("session_version").notNull().default(0),
    /** The billing system's own ID for the customer (provisioning); none for a customer made otherwise (the demo). */
    externalId: text("external_id").unique(),
    /**
     * Set while the self-care password is one the portal generated (provisioning, a re-issued letter): after the code,
     * the customer must change it before anything else (lib/auth/guards.ts).
     */
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    /**
     * The generated self-care password, sealed (AES-256-GCM, bound to the customer's ID) only until the letter
     * 「サービス開始のご案内」 is printed, then wiped. Never kept in clear.
     */
    initialPasswordSealed: text("initial_password_sealed"),
    /** When the current initial password was issued (provisioning or a re-issue): the letter prints it. */
    letterIssuedAt: at("letter_issued_at"),
    letterPrintedAt: at("letter_printed_at"),
    /** An operator an admin disabled: no sign-in, and every session ended at once (the version is bumped too). */
    disabledAt: at("disabled_at"),
    /**
     * Operators sign in with a passkey; an admin may allow the emailed code instead, per operator (the demo operators
     * have it, so demos and tests need no authenticator). Customers always have the code.
     */
    codeFallback: boolean("code_fallback").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: at("updated_at").notNull().defaultNow(),
  },
  (table) => [
    // The support desk's search (db/queries/customer-search.ts): an email exactly or by its start, any case.
    index("customers_email_search_idx").using("btree", sql`lower(${table.email}) text_pattern_ops`),
  ],
);
