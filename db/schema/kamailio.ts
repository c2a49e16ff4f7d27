// Kamailio's own tables, exactly as its PostgreSQL schema (5.6, /usr/share/kamailio/postgres/) defines them, so a
// real registrar reads and writes them: `version` (each table's schema version, checked by its modules at start)
// and usrloc's `location` (registrations, db_mode 3). Kamailio writes timestamps as its host's local time without a
// zone: the registrar runs with TZ=UTC (deploy/kamailio/README.md). The portal only reads `location`.
import { index, integer, pgTable, real, serial, timestamp, uniqueIndex, varchar } from "drizzle-orm/pg-core";

export const kamailioVersions = pgTable(
  "version",
  {
    id: serial("id").primaryKey(),
    tableName: varchar("table_name", { length: 32 }).notNull(),
    tableVersion: integer("table_version").notNull().default(0),
  },
  (table) => [uniqueIndex("version_table_name_idx").on(table.tableName)],
);

export const kamailioLocations = pgTable(
  "location",
  {
    id: serial("id").primaryKey(),
    ruid: varchar("ruid", { length: 64 }).notNull().default(""),
    username: varchar("username", { length: 64 }).notNull().default(""),
    domain: varchar("domain", { length: 64 }),
    contact: varchar("contact", { length: 512 }).notNull().default(""),
    received: varchar("received", { length: 128 }),
    path: varchar("path", { length: 512 }),
    expires: timestamp("expires", { mode: "string" }).notNull().default("2030-05-28 21:32:15"),
    q: real("q").notNull().default(1.0),
    callid: varchar("callid", { length: 255 }).notNull().default("Default-Call-ID"),
    cseq: integer("cseq").notNull().default(1),
    lastModified: timestamp("last_modified", { mode: "string" }).notNull().default("2000-01-01 00:00:01"),
    flags: integer("flags").notNull().default(0),
    cflags: integer("cflags").notNull().default(0),
    userAgent: varchar("user_agent", { length: 255 }).notNull().default(""),
    socket: varchar("socket", { length: 64 }),
    methods: integer("methods"),
    instance: varchar("instance", { length: 255 }),
    regId: integer("reg_id").notNull().default(0),
    serverId: integer("server_id").notNull().default(0),
    connectionId: integer("connection_id").notNull().default(0),
    keepalive: integer("keepalive").notNull().default(0),
    partition: integer("partition").notNull().default(0),
  },
  (table) => [
    uniqueIndex("location_ruid_idx").on(table.ruid),
    index("location_account_contact_idx").on(table.username, table.domain, table.contact),
    index("location_expires_idx").on(table.expires),
    index("location_tcpcon_idx").on(table.connectionId),
    index("location_connection_idx").on(table.serverId, table.connectionId),
  ],
);
