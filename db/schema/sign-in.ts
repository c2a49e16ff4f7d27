// What signing in and proving oneself again need: emailed codes, passkeys and their challenges, step-ups, and the
// rate limits in front of them.
import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { StepUpFactor, WebauthnPurpose } from "../enums";
import { at, createdAt } from "./columns";
import { customers } from "./customers";

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
