// What the billing system uses to provision customers and lines (docs/provisioning.md): its API keys, the answers kept
// for an Idempotency-Key, and the CSV imports checked and applied from the console.
import { sql } from "drizzle-orm";
import {
  check,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { apiKeyScopes, importStatuses } from "../enums";
import { at, createdAt } from "./columns";
import { customers } from "./customers";

export const apiKeyScopeEnum = pgEnum("api_key_scope", apiKeyScopes);

/** A key of the provisioning API: shown once, kept as its SHA-256 (it is random, 256 bits), revocable. */
export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    scope: apiKeyScopeEnum("scope").notNull(),
    /** SHA-256 of the whole key, hex: the only lookup, by equality. */
    keyHash: text("key_hash").notNull().unique(),
    /** The key's first characters, to tell keys apart in the console; never enough to use. */
    keyPrefix: text("key_prefix").notNull(),
    /** The admin who made it; none when `npm run provisioning:key` did. */
    createdBy: uuid("created_by").references(() => customers.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: at("last_used_at"),
    revokedAt: at("revoked_at"),
    revokedBy: uuid("revoked_by").references(() => customers.id, { onDelete: "set null" }),
  },
  (table) => [
    // Names tell keys apart in the audit trail: no two keys in use share one.
    uniqueIndex("api_keys_live_name_idx")
      .on(table.name)
      .where(sql`${table.revokedAt} is null`),
  ],
);

/**
 * A write made with an Idempotency-Key: the first request inserts the row and answers; a repeat with the same key
 * gets the same answer (sealed: a creation's answer carries initial passwords), and a repeat with another body is
 * refused. Kept 24 hours.
 */
export const provisioningRequests = pgTable(
  "provisioning_requests",
  {
    apiKeyId: uuid("api_key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull(),
    /** SHA-256 of the method, path and body. */
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code").notNull(),
    sealedResponse: text("sealed_response").notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ columns: [table.apiKeyId, table.idempotencyKey] }),
    index("provisioning_requests_created_idx").on(table.createdAt),
  ],
);

/**
 * A CSV import uploaded in the console: checked (a dry run), then applied by an admin. The file is kept, as UTF-8,
 * only until it is applied or a day has passed; the rejected rows stay downloadable as long as the import is listed.
 */
export const provisioningImports = pgTable(
  "provisioning_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    fileName: text("file_name").notNull(),
    encoding: text("encoding").notNull(),
    status: text("status").$type<(typeof importStatuses)[number]>().notNull(),
    /** The file as UTF-8, until it is applied (or expires). */
    content: text("content"),
    rows: integer("rows").notNull().default(0),
    accepted: integer("accepted").notNull().default(0),
    rejected: integer("rejected").notNull().default(0),
    /** The dry run's (then the apply's) per-row results, the first rows only: the console's table. */
    results: jsonb("results").$type<unknown[]>(),
    /** The rejected rows, with a reason in Japanese per row, as the CSV the console offers for download. */
    rejectedCsv: text("rejected_csv"),
    createdBy: uuid("created_by").references(() => customers.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    appliedAt: at("applied_at"),
    appliedBy: uuid("applied_by").references(() => customers.id, { onDelete: "set null" }),
  },
  (table) => [
    index("provisioning_imports_created_idx").on(table.createdAt),
    check("provisioning_imports_status", sql`${table.status} in ('checked', 'applied')`),
  ],
);
