// Kamailio's own tables, exactly as its PostgreSQL schema (5.6, /usr/share/kamailio/postgres/) defines them, so a
// real registrar reads and writes them: `version` (each table's schema version, checked by its modules at start)
// and usrloc's `location` (registrations, db_mode 3). Kamailio writes timestamps as its host's local time without a
// zone: the registrar runs with TZ=UTC (deploy/kamailio/README.md). The portal only reads `location`, and reads and
// ages out acc's call records (`acc`, `acc_cdrs`).
import {
  bigserial,
  index,
  integer,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from "drizzle-orm/pg-core";

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

/**
 * acc's call records, one row per INVITE transaction the registrar answered or relayed (Kamailio's `acc` table, with
 * the extra columns of the config's `db_extra`): refusals by the outbound policy (acc_db_request), and the final
 * answer of every call that went out or came in. `caller` is our line that placed it ('' for a call from the
 * carrier), `callee` our line that was called ('' when it went to the gateway), `dialled` the number as the policy
 * read it (normalised), `kind` one of callKinds (db/enums.ts). Kept CALL_RECORD_DAYS, then the scheduled work deletes
 * them. Values reach the table through Kamailio's database API as values, never as SQL text.
 */
export const kamailioAcc = pgTable(
  "acc",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    method: varchar("method", { length: 16 }).notNull().default(""),
    fromTag: varchar("from_tag", { length: 128 }).notNull().default(""),
    // From the answer (the called phone's or the carrier's), whatever its length: Kamailio's varchar(128) would refuse
    // a long one, and the call would be missing from the history.
    toTag: text("to_tag").notNull().default(""),
    callid: varchar("callid", { length: 255 }).notNull().default(""),
    sipCode: varchar("sip_code", { length: 3 }).notNull().default(""),
    sipReason: text("sip_reason").notNull().default(""),
    time: timestamp("time", { mode: "string" }).notNull(),
    caller: varchar("caller", { length: 64 }).notNull().default(""),
    callee: varchar("callee", { length: 64 }).notNull().default(""),
    dialled: varchar("dialled", { length: 64 }).notNull().default(""),
    kind: varchar("kind", { length: 16 }).notNull().default(""),
  },
  (table) => [
    index("acc_callid_idx").on(table.callid),
    // A line's history, both ways, newest first; and the retention's sweep.
    index("acc_caller_time_idx").on(table.caller, table.time),
    index("acc_callee_time_idx").on(table.callee, table.time),
    index("acc_time_idx").on(table.time),
  ],
);

/**
 * acc's CDRs from the dialog module, one row per answered call when it ends: by a BYE, or by its timeout (the longest
 * international call: the proxy sends BYE to both sides, and `cdr_expired_dlg_enable` still writes the row). The
 * extra columns come from the dialog's variables (the config's `cdr_extra`); `callid` joins a CDR to its `acc` row.
 */
export const kamailioAccCdrs = pgTable(
  "acc_cdrs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    startTime: timestamp("start_time", { mode: "string" }).notNull().default("2000-01-01 00:00:00"),
    endTime: timestamp("end_time", { mode: "string" }).notNull().default("2000-01-01 00:00:00"),
    duration: real("duration").notNull().default(0),
    callid: varchar("callid", { length: 255 }).notNull().default(""),
    caller: varchar("caller", { length: 64 }).notNull().default(""),
    callee: varchar("callee", { length: 64 }).notNull().default(""),
    dialled: varchar("dialled", { length: 64 }).notNull().default(""),
    kind: varchar("kind", { length: 16 }).notNull().default(""),
    /** How it ended: 'bye', or 'timeout' when the proxy ended it at its cap. */
    ended: varchar("ended", { length: 16 }).notNull().default(""),
  },
  (table) => [index("acc_cdrs_start_time_idx").on(table.startTime), index("acc_cdrs_callid_idx").on(table.callid)],
);
