// Reads and writes behind the demo data (lib/demo-data.ts): what a database holds and is for, the demo accounts, and
// the resets of the seed CLI and the e2e run.
import { and, eq, inArray, like, ne, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rowsOf } from "@/db/together";
import type { DatabasePurpose } from "@/db/schema/purpose";
import {
  customers,
  databasePurpose,
  ipPhoneLines,
  kamailioAcc,
  kamailioAccCdrs,
  kamailioLocations,
  passwordChanges,
  sipAuthFailures,
  sipBans,
} from "@/db/schema";
import { countRows } from "./count";

type CustomerValues = Omit<typeof customers.$inferInsert, "id" | "sessionVersion" | "createdAt">;
type LineValues = Omit<typeof ipPhoneLines.$inferInsert, "id" | "customerId" | "createdAt">;

/** Puts the account and its lines back to these values; existing sessions of the account end. */
export async function upsertAccount(
  db: Db,
  customer: CustomerValues,
  lines: LineValues[],
): Promise<{ customerId: string; lineIds: string[] }> {
  const [row] = await db
    .insert(customers)
    .values(customer)
    .onConflictDoUpdate({
      target: customers.selfCareId,
      set: { ...customer, sessionVersion: sql`${customers.sessionVersion} + 1` },
    })
    .returning({ id: customers.id });
  const lineIds: string[] = [];
  for (const line of lines) {
    const values = { ...line, customerId: row!.id };
    const [written] = await db
      .insert(ipPhoneLines)
      .values(values)
      .onConflictDoUpdate({
        target: ipPhoneLines.number,
        targetWhere: sql`${ipPhoneLines.status} <> 'terminated'`,
        // 「国際電話の利用」 back to its default too: off, never changed, no burst.
        set: {
          ...values,
          status: "active",
          suspensionReason: null,
          internationalCalling: false,
          internationalChangedAt: null,
          internationalOffReason: null,
          internationalLastCallAt: null,
          internationalBurstAt: null,
          internationalBurstMailedAt: null,
        },
      })
      .returning({ id: ipPhoneLines.id });
    lineIds.push(written!.id);
  }
  return { customerId: row!.id, lineIds };
}

export async function countCustomers(db: Db): Promise<number> {
  const [row] = await db.select({ value: countRows() }).from(customers);
  return row?.value ?? 0;
}

/** Empties every table (demo and test resets only; the seed CLI refuses production). */
export async function truncateAll(db: Db): Promise<void> {
  await db.execute(
    sql`truncate table acc, acc_cdrs, location, sip_auth_failures, sip_bans, sip_credentials, audit_events, outbox_emails, rate_limits, otp_challenges, password_changes, ip_phone_lines, customers restart identity cascade`,
  );
}

/** Forgets every change of the demo accounts (test resets only): each e2e journey starts from no history. */
export async function deleteChangesOfDemoAccounts(db: Db, selfCareIds: string[]): Promise<void> {
  await db
    .delete(passwordChanges)
    .where(
      inArray(
        passwordChanges.customerId,
        db.select({ id: customers.id }).from(customers).where(inArray(customers.selfCareId, selfCareIds)),
      ),
    );
}

/**
 * Forgets what the registrar recorded of these numbers (test resets only): no device is registered yet, no attempt
 * was made, and no ban is in force (the demo database's bans are all about the demo lines and the test addresses).
 */
export async function deleteRegistrationsOf(db: Db, numbers: string[]): Promise<void> {
  await db.delete(kamailioLocations).where(inArray(kamailioLocations.username, numbers));
  await db.delete(sipAuthFailures);
  await db.delete(sipBans);
}

/**
 * Puts the demo lines' call records back to these (the demo's own, told by their Call-IDs): each call's acc row, and
 * the CDR of each answered one. A line's history starts when the line was created, so the demo lines are dated back to
 * `since` (their first call) when they are younger.
 */
export async function replaceDemoCalls(
  db: Db,
  {
    callidPrefix,
    numbers,
    since,
    calls,
    cdrs,
  }: {
    callidPrefix: string;
    numbers: string[];
    since: Date;
    calls: (typeof kamailioAcc.$inferInsert)[];
    cdrs: (typeof kamailioAccCdrs.$inferInsert)[];
  },
): Promise<void> {
  await db
    .update(ipPhoneLines)
    .set({ createdAt: sql`least(${ipPhoneLines.createdAt}, ${since.toISOString()}::timestamptz)` })
    .where(and(inArray(ipPhoneLines.number, numbers), ne(ipPhoneLines.status, "terminated")));
  await db.delete(kamailioAcc).where(like(kamailioAcc.callid, `${callidPrefix}%`));
  await db.delete(kamailioAccCdrs).where(like(kamailioAccCdrs.callid, `${callidPrefix}%`));
  if (calls.length > 0) await db.insert(kamailioAcc).values(calls);
  if (cdrs.length > 0) await db.insert(kamailioAccCdrs).values(cdrs);
}

export type Contents = {
  purpose: DatabasePurpose | null;
  /** Customers, lines and changes outside the demo set. */
  foreign: { customers: number; lines: number; changes: number };
};

/**
 * What the database is marked for and what it holds beyond the demo set; read before anything is written. A database
 * its migrations have not reached yet holds nothing.
 */
export async function readContents(db: Db, demo: { selfCareIds: string[]; numbers: string[] }): Promise<Contents> {
  const result = await db.execute(
    sql`select pg_catalog.to_regclass('public.customers') is not null as migrated, pg_catalog.to_regclass('public.database_purpose') is not null as marked`,
  );
  const rows = rowsOf<{ migrated: boolean; marked: boolean }>(result);
  const state = rows[0];
  if (!state?.migrated) return { purpose: null, foreign: { customers: 0, lines: 0, changes: 0 } };
  const [purpose] = state.marked ? await db.select({ purpose: databasePurpose.purpose }).from(databasePurpose) : [];
  const [foreignCustomers] = await db
    .select({ value: countRows() })
    .from(customers)
    .where(notInArray(customers.selfCareId, demo.selfCareIds));
  const [foreignLines] = await db
    .select({ value: countRows() })
    .from(ipPhoneLines)
    .where(notInArray(ipPhoneLines.number, demo.numbers));
  const [foreignChanges] = await db
    .select({ value: countRows() })
    .from(passwordChanges)
    .innerJoin(ipPhoneLines, eq(ipPhoneLines.id, passwordChanges.lineId))
    .innerJoin(customers, eq(customers.id, passwordChanges.customerId))
    .where(or(notInArray(ipPhoneLines.number, demo.numbers), notInArray(customers.selfCareId, demo.selfCareIds)));
  return {
    purpose: purpose?.purpose ?? null,
    foreign: {
      customers: foreignCustomers?.value ?? 0,
      lines: foreignLines?.value ?? 0,
      changes: foreignChanges?.value ?? 0,
    },
  };
}

/** Marks what the database is for, once: a mark already there stays. Answers the mark in effect. */
export async function markPurpose(db: Db, purpose: DatabasePurpose): Promise<DatabasePurpose> {
  await db.insert(databasePurpose).values({ purpose }).onConflictDoNothing();
  const [row] = await db.select({ purpose: databasePurpose.purpose }).from(databasePurpose);
  return row!.purpose;
}

/** What the database was marked for, if anything. */
export async function readPurpose(db: Db): Promise<DatabasePurpose | undefined> {
  const [row] = await db.select({ purpose: databasePurpose.purpose }).from(databasePurpose);
  return row?.purpose;
}
