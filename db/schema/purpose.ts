// What a database is for, written once: "production" by the production deployment's migrations, "demo" by the first
// demo seed of an empty database. A preview's branch of production carries production's mark and is refused.
import { sql } from "drizzle-orm";
import { boolean, check, pgTable, text, timestamp } from "drizzle-orm/pg-core";

const databasePurposes = ["demo", "production"] as const;
export type DatabasePurpose = (typeof databasePurposes)[number];

export const databasePurpose = pgTable(
  "database_purpose",
  {
    // One row at most: the primary key can only be true.
    only: boolean("only").primaryKey().default(true),
    purpose: text("purpose", { enum: databasePurposes }).notNull(),
    markedAt: timestamp("marked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check("database_purpose_only", sql`${table.only}`),
    check("database_purpose_known", sql`${table.purpose} in ('demo', 'production')`),
  ],
);
