// What the call-control system's registrar (Kamailio's usrloc, db_mode 3) has recorded of each line's devices, read
// against the credentials the reflection job wrote. The rule that a registration proves the new password lives here
// once, as SQL, for the pages, the admin filter and the reminders alike.
import { and, desc, eq, gt, inArray, isNull, lte, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import { PREVIOUS_CREDENTIAL_FLAG } from "@/db/queries/sip-credentials";
import { customers, ipPhoneLines, kamailioLocations, passwordChanges, sipCredentials } from "@/db/schema";

/**
 * A time column of Kamailio's `location`: its host's local time without a zone, and the registrar runs with TZ=UTC
 * (deploy/kamailio).
 */
export const kamailioTime = (column: typeof kamailioLocations.lastModified | typeof kamailioLocations.expires) =>
  sql<Date>`(${column} at time zone 'UTC')`.mapWith((value: Date | string) => new Date(value));

const registeredAt = kamailioTime(kamailioLocations.lastModified);

/**
 * A registration proves a credential when the registrar accepted it with that credential (not with the previous
 * one, which it marks: PREVIOUS_CREDENTIAL_FLAG) after the credential was written. Kamailio keeps whole seconds, so it
 * must fall in a later second than the write (a registration in the same second might have come just before it).
 */
const provesCredential = and(
  eq(kamailioLocations.username, sipCredentials.username),
  eq(kamailioLocations.domain, sipCredentials.domain),
  sql`(${kamailioLocations.cflags} & ${sql.raw(String(PREVIOUS_CREDENTIAL_FLAG))}) = 0`,
  sql`${registeredAt} >= pg_catalog.date_trunc('second', ${sipCredentials.updatedAt}) + interval '1 second'`,
);

/** The credential a change wrote, while it is still the line's and the line is not cut off. */
const wroteCredentialInForce = (changeId: AnyPgColumn) =>
  and(eq(sipCredentials.changeId, changeId), isNull(sipCredentials.suspendedAt));

/** The credential this change wrote is still the line's, and no registration has proven it yet. */
export function awaitsRegistration(changeId: AnyPgColumn): SQL {
  return sql`exists (select 1 from ${sipCredentials} where ${wroteCredentialInForce(changeId)}) and not exists (
    select 1 from ${sipCredentials} inner join ${kamailioLocations} on ${provesCredential}
    where ${sipCredentials.changeId} = ${changeId})`;
}

export type DeviceRegistration = { at: Date; userAgent: string };

/**
 * For each reflected change whose password is still the line's: the latest registration that proves it, or null.
 * A change missing from the map has been overtaken (a later change's password is in force).
 */
export async function registrationsProving(changeIds: string[]): Promise<Map<string, DeviceRegistration | null>> {
  const result = new Map<string, DeviceRegistration | null>();
  if (changeIds.length === 0) return result;
  const db = await getDb();
  const rows = await db
    .select({ changeId: sipCredentials.changeId, at: registeredAt, userAgent: kamailioLocations.userAgent })
    .from(sipCredentials)
    .leftJoin(kamailioLocations, provesCredential)
    .where(and(inArray(sipCredentials.changeId, changeIds), isNull(sipCredentials.suspendedAt)))
    .orderBy(desc(kamailioLocations.lastModified));
  for (const row of rows) {
    if (!row.changeId || result.get(row.changeId)) continue;
    result.set(row.changeId, row.userAgent === null ? null : { at: row.at, userAgent: row.userAgent });
  }
  return result;
}

export type ReminderDue = {
  changeId: string;
  email: string;
  name: string;
  number: string;
  appliedAt: Date;
  /** A routine change's grace end: the old password works until then. */
  graceUntil: Date | null;
};

/**
 * Claims the reflected changes whose device has not registered `afterMs` after the reflection (and not longer ago
 * than `lookbackMs`, so switching the check on does not mail old changes): each is marked reminded in the same
 * statement that selects it, so concurrent runs remind a customer once.
 */
export async function claimRegistrationReminders(
  now: Date,
  afterMs: number,
  lookbackMs: number,
  limit = 100,
): Promise<ReminderDue[]> {
  const db = await getDb();
  const due = db
    .select({ id: passwordChanges.id })
    .from(passwordChanges)
    .where(
      and(
        eq(passwordChanges.status, "reflected"),
        isNull(passwordChanges.registrationRemindedAt),
        lte(passwordChanges.appliedAt, new Date(now.getTime() - afterMs)),
        gt(passwordChanges.appliedAt, new Date(now.getTime() - lookbackMs)),
        awaitsRegistration(passwordChanges.id),
      ),
    )
    .limit(limit)
    .for("update", { skipLocked: true });
  const claimed = await db
    .update(passwordChanges)
    .set({ registrationRemindedAt: now })
    .where(and(inArray(passwordChanges.id, due), isNull(passwordChanges.registrationRemindedAt)))
    .returning({ id: passwordChanges.id });
  if (claimed.length === 0) return [];
  return db
    .select({
      changeId: passwordChanges.id,
      email: customers.email,
      name: customers.displayName,
      number: ipPhoneLines.number,
      appliedAt: sql<Date>`${passwordChanges.appliedAt}`.mapWith(passwordChanges.appliedAt),
      graceUntil: passwordChanges.graceUntil,
    })
    .from(passwordChanges)
    .innerJoin(customers, eq(customers.id, passwordChanges.customerId))
    .innerJoin(ipPhoneLines, eq(ipPhoneLines.id, passwordChanges.lineId))
    .where(
      inArray(
        passwordChanges.id,
        claimed.map((row) => row.id),
      ),
    );
}
