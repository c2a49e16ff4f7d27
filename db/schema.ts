// Every table of the portal (docs/architecture.md §5). Timestamps are timestamptz (UTC); Japan time is a display concern.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import {
  type AuditType,
  authFailureClasses,
  banReasons,
  changeStatuses,
  roles,
  serviceKinds,
  type StepUpFactor,
  switchModes,
  type WebauthnPurpose,
} from "./enums";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const at = (name: string) => timestamp(name, { withTimezone: true });

export const roleEnum = pgEnum("role", roles);
export const serviceKindEnum = pgEnum("service_kind", serviceKinds);
export const changeStatusEnum = pgEnum("change_status", changeStatuses);
export const switchModeEnum = pgEnum("switch_mode", switchModes);

export const customers = pgTable("customers", {
  id: uuid("id").primaryKey().defaultRandom(),
  selfCareId: text("self_care_id").notNull().unique(),
  passwordHash: text("password_hash").notNull(),
  email: text("email").notNull(),
  displayName: text("display_name").notNull(),
  role: roleEnum("role").notNull().default("customer"),
  // Bumped by signing out (everywhere) and by a demo-data reset; tokens carrying an older version are refused. A
  // lock never bumps it: strangers can trigger a lock, and it must not sign the owner out.
  sessionVersion: integer("session_version").notNull().default(0),
  createdAt: createdAt(),
});

export const ipPhoneLines = pgTable(
  "ip_phone_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: text("number").notNull().unique(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    serviceKind: serviceKindEnum("service_kind").notNull(),
    sipPasswordHash: text("sip_password_hash").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    // The menu and the form list a customer's lines.
    index("ip_phone_lines_customer_idx").on(table.customerId),
    check("ip_phone_lines_number_format", sql`${table.number} ~ '^050[0-9]{8}$'`),
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

export const otpChallenges = pgTable(
  "otp_challenges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    // SHA-256 of the random token in the httpOnly cookie that ties the challenge to this browser's login attempt.
    bindingHash: text("binding_hash").notNull().unique(),
    // HMAC-SHA-256 of the code under a server secret; the code itself is never stored.
    codeHash: text("code_hash").notNull(),
    expiresAt: at("expires_at").notNull(),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    sendCount: integer("send_count").notNull().default(1),
    lastSentAt: at("last_sent_at").notNull(),
    consumedAt: at("consumed_at"),
    createdAt: createdAt(),
  },
  (table) => [index("otp_challenges_customer_idx").on(table.customerId, table.createdAt)],
);

export const rateLimits = pgTable(
  "rate_limits",
  {
    // `<policy>:<subject>`, built by lib/rate-limit.ts, e.g. `login:ip:203.0.113.5`, `login-fail:id:demo0001`,
    // `code-send:customer:<uuid>`, `sip-verify:line:05012345678`
    key: text("key").notNull(),
    windowStart: at("window_start").notNull(),
    hits: integer("hits").notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.key, table.windowStart] }),
    // Expired windows are swept by age.
    index("rate_limits_window_idx").on(table.windowStart),
  ],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: at("at").notNull().defaultNow(),
    type: text("type").$type<AuditType>().notNull(),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    changeId: uuid("change_id").references(() => passwordChanges.id, { onDelete: "set null" }),
    ip: text("ip"),
    userAgent: text("user_agent"),
    // Non-secret context only (the self-care ID typed, a failure reason); never passwords, codes or hashes.
    detail: jsonb("detail").$type<Record<string, string | number | boolean | null>>(),
  },
  (table) => [
    index("audit_events_customer_idx").on(table.customerId, table.at),
    index("audit_events_change_idx").on(table.changeId, table.at),
  ],
);

export const outboxEmails = pgTable(
  "outbox_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    to: text("to").notNull(),
    from: text("from").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull(),
    text: text("text").notNull(),
    createdAt: createdAt(),
  },
  (table) => [index("outbox_emails_created_idx").on(table.createdAt)],
);

/** A customer's passkeys (WebAuthn credentials, lib/auth/passkeys.ts): what verifying a sign-in or a step-up needs. */
export const passkeys = pgTable(
  "passkeys",
  {
    /** The credential ID, base64url. */
    id: text("id").primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    /** The name the customer gave it (「会社のPC」). */
    name: text("name").notNull(),
    /** The COSE public key, base64url. */
    publicKey: text("public_key").notNull(),
    counter: bigint("counter", { mode: "number" }).notNull().default(0),
    transports: text("transports")
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /**
     * Whether it was registered as synced between devices (a synced passkey's counter may stay at 0), and whether it
     * was backed up at its last use. Only the device type recorded at registration decides whether counters are
     * compared: the backup flags of an assertion are the authenticator's own word, a cloned key's included.
     */
    deviceType: text("device_type").$type<"singleDevice" | "multiDevice">().notNull(),
    backedUp: boolean("backed_up").notNull(),
    createdAt: createdAt(),
    lastUsedAt: at("last_used_at"),
  },
  (table) => [index("passkeys_customer_idx").on(table.customerId)],
);

/** WebAuthn challenges: single use, bound to the browser that asked (a cookie's hash), five minutes. */
export const webauthnChallenges = pgTable(
  "webauthn_challenges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    purpose: text("purpose").$type<WebauthnPurpose>().notNull(),
    /** Whose challenge (registration and step-up); none for a sign-in, where the passkey says who. */
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    bindingHash: text("binding_hash").notNull(),
    challenge: text("challenge").notNull(),
    expiresAt: at("expires_at").notNull(),
    consumedAt: at("consumed_at"),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex("webauthn_challenges_binding_idx").on(table.bindingHash)],
);

/** A step-up a browser made (lib/auth/step-up.ts): its cookie's hash, whose, by which factor, when. */
export const stepUps = pgTable(
  "step_ups",
  {
    tokenHash: text("token_hash").primaryKey(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    factor: text("factor").$type<StepUpFactor>().notNull(),
    verifiedAt: at("verified_at").notNull(),
  },
  (table) => [index("step_ups_verified_idx").on(table.verifiedAt)],
);

/**
 * Mail waiting to go out (lib/mail/queue.ts): written in the same transaction as what it tells of, sent after the
 * answer (and retried by the scheduled work), oldest first per recipient. The template's props are sealed (a code mail
 * holds the code) and wiped once the mail went or was given up.
 */
export const mailQueue = pgTable(
  "mail_queue",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    to: text("to").notNull(),
    template: text("template").notNull(),
    sealedProps: text("sealed_props"),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    changeId: uuid("change_id").references(() => passwordChanges.id, { onDelete: "set null" }),
    challengeId: uuid("challenge_id").references(() => otpChallenges.id, { onDelete: "set null" }),
    /** The audit event a failed attempt records, as the direct send did. */
    failureType: text("failure_type").$type<AuditType>(),
    attempts: integer("attempts").notNull().default(0),
    /** The last attempt that failed: the code page tells the customer while the mail has not gone out. */
    lastFailedAt: at("last_failed_at"),
    nextAttemptAt: at("next_attempt_at").notNull().defaultNow(),
    /** A mail that means nothing after this (a code past its expiry) is given up then. */
    expiresAt: at("expires_at"),
    sentAt: at("sent_at"),
    failedAt: at("failed_at"),
    createdAt: createdAt(),
  },
  (table) => [
    index("mail_queue_waiting_idx")
      .on(table.to, table.id)
      .where(sql`${table.sentAt} is null and ${table.failedAt} is null`),
    index("mail_queue_challenge_idx").on(table.challengeId),
  ],
);

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

// Kamailio's own tables (version, location), in its schema's exact shape; and what the database is for.
export { kamailioLocations, kamailioVersions } from "./kamailio-schema";
export { databasePurpose } from "./purpose-schema";
