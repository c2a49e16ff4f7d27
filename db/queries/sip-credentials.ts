// The call-control system's credentials and registrations, as the portal writes them: the reflection's new password
// (the one in force becoming the previous one for a routine change's grace), and an emergency change's cut-off.
// The registrar reads them through views (drizzle/0006_rotation.sql) and writes only `location`.
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import { kamailioLocations, sipCredentials } from "@/db/schema";

/** usrloc's cflags bit of a registration made with the previous password (branch flag 1 in kamailio.cfg). */
export const PREVIOUS_CREDENTIAL_FLAG = 2;

type Credential = {
  username: string;
  domain: string;
  ha1: string;
  ha1b: string;
  changeId: string | null;
  /** Routine: the password in force until now stays valid until then. Null: it stops at once. */
  previousUntil: Date | null;
};

const usedPrevious = sql`(${kamailioLocations.cflags} & ${sql.raw(String(PREVIOUS_CREDENTIAL_FLAG))}) <> 0`;

/**
 * One statement for a whole batch; a batch never holds two changes for one line (one pending change per line). For a
 * routine change the hashes in force become the previous ones until `previousUntil` (the grace). For a line an
 * emergency change cut off, the cut-off hashes become the previous ones already retired (`previous_until` = the
 * cut-off): never accepted again, but a device still trying them is known for the customer's own
 * (sip_retired_credentials). The cut-off ends here either way.
 */
export async function upsertSipCredentials(tx: Tx | Db, credentials: Credential[]): Promise<void> {
  if (credentials.length === 0) return;
  const cutOff = sql`${sipCredentials.suspendedAt} is not null`;
  const keepsPrevious = sql`excluded.previous_until is not null`;
  await tx
    .insert(sipCredentials)
    // The grace's end rides in the proposed row to reach the update; on a new line it keeps nothing (no previous hash).
    .values(
      credentials.map((credential) => ({ ...credential, suspendedAt: null, pendingHa1: null, pendingHa1b: null })),
    )
    .onConflictDoUpdate({
      target: [sipCredentials.username, sipCredentials.domain],
      set: {
        previousHa1: sql`case when ${cutOff} or ${keepsPrevious} then ${sipCredentials.ha1} end`,
        previousHa1b: sql`case when ${cutOff} or ${keepsPrevious} then ${sipCredentials.ha1b} end`,
        previousUntil: sql`case when ${cutOff} then ${sipCredentials.suspendedAt} when ${keepsPrevious} then excluded.previous_until end`,
        suspendedAt: null,
        pendingHa1: null,
        pendingHa1b: null,
        ha1: sql`excluded.ha1`,
        ha1b: sql`excluded.ha1b`,
        changeId: sql`excluded.change_id`,
        updatedAt: sql`pg_catalog.now()`,
      },
    });
}

/**
 * A routine reflection's registrations: those made with the password before the previous one go, and the rest were
 * made with the password that is now the previous one, so they are marked as the registrar marks them.
 */
export async function markRegistrationsPrevious(
  tx: Tx,
  { usernames, domain }: { usernames: string[]; domain: string },
) {
  if (usernames.length === 0) return;
  const ofLines = and(inArray(kamailioLocations.username, usernames), eq(kamailioLocations.domain, domain));
  await tx.delete(kamailioLocations).where(and(ofLines, usedPrevious));
  await tx
    .update(kamailioLocations)
    .set({ cflags: sql`${kamailioLocations.cflags} | ${sql.raw(String(PREVIOUS_CREDENTIAL_FLAG))}` })
    .where(ofLines);
}

/**
 * An emergency change's cut-off, at its request: no password of the line works any more (the previous one's grace
 * ends too) until the change's reflection, and every registration of the line is removed, so calls to the number
 * reach no device. Returns how many registrations were removed.
 */
export async function cutOffLine(
  tx: Tx,
  { username, domain, at }: { username: string; domain: string; at: Date },
): Promise<number> {
  await tx
    .update(sipCredentials)
    .set({ suspendedAt: at, previousHa1: null, previousHa1b: null, previousUntil: null })
    .where(
      and(eq(sipCredentials.username, username), eq(sipCredentials.domain, domain), isNull(sipCredentials.suspendedAt)),
    );
  const removed = await tx
    .delete(kamailioLocations)
    .where(and(eq(kamailioLocations.username, username), eq(kamailioLocations.domain, domain)))
    .returning({ id: kamailioLocations.id });
  return removed.length;
}

/**
 * The hashes of a change just requested (null: none waits any more, after a cancel): never accepted, only recognised,
 * so a device set up before the reflection time is known for the customer's own. Answers, in the same statement,
 * whether an emergency change has cut the line off (and no reflection has lifted it since).
 */
export async function stagePendingHashes(
  tx: Tx,
  { username, domain, hashes }: { username: string; domain: string; hashes: { ha1: string; ha1b: string } | null },
): Promise<{ cutOff: boolean }> {
  const [row] = await tx
    .update(sipCredentials)
    .set({ pendingHa1: hashes?.ha1 ?? null, pendingHa1b: hashes?.ha1b ?? null })
    .where(and(eq(sipCredentials.username, username), eq(sipCredentials.domain, domain)))
    .returning({ suspendedAt: sipCredentials.suspendedAt });
  return { cutOff: Boolean(row?.suspendedAt) };
}

/** Registrations made with a previous password whose grace is over (the registrar also forgets them before a call). */
export async function forgetStaleRegistrations(db: Db): Promise<number> {
  const removed = await db
    .delete(kamailioLocations)
    .where(
      and(
        usedPrevious,
        sql`not exists (select 1 from sip_previous_credentials p where p.username = ${kamailioLocations.username} and p.domain = ${kamailioLocations.domain})`,
      ),
    )
    .returning({ id: kamailioLocations.id });
  return removed.length;
}
