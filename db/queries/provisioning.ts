// Provisioning's writes, batch by batch (lib/provisioning/provision.ts): customers, lines, their credentials for
// the registrar, and a line's lifecycle. Each function takes the batch's transaction.
import { and, desc, eq, gt, gte, inArray, isNull, ne, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import type { LineStatus, ServiceKind, SuspensionReason } from "@/db/enums";
import { customers, ipPhoneLines, kamailioLocations, passwordChanges, sipBans, sipCredentials } from "@/db/schema";

const customerColumns = {
  id: customers.id,
  externalId: customers.externalId,
  selfCareId: customers.selfCareId,
  name: customers.displayName,
  email: customers.email,
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
};

/** The customers a batch names, by the billing system's ID or by self-care ID. */
export function customersNamed(tx: Tx, { externalIds, selfCareIds }: { externalIds: string[]; selfCareIds: string[] }) {
  return tx
    .select(customerColumns)
    .from(customers)
    .where(or(inArray(customers.externalId, externalIds), inArray(customers.selfCareId, selfCareIds)));
}
export type CustomerRow = Awaited<ReturnType<typeof customersNamed>>[number];

type NewCustomer = {
  id: string;
  externalId: string;
  selfCareId: string;
  displayName: string;
  email: string;
  passwordHash: string;
  initialPasswordSealed: string;
  now: Date;
};

/** Inserts those no concurrent write took first (by either ID); answers the external IDs it inserted. */
export async function insertCustomers(tx: Tx, rows: NewCustomer[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await tx
    .insert(customers)
    .values(
      rows.map(({ now, ...row }) => ({
        ...row,
        mustChangePassword: true,
        letterIssuedAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning({ externalId: customers.externalId });
  return new Set(inserted.map((row) => row.externalId!));
}

export async function updateCustomer(
  tx: Tx,
  { id, selfCareId, name, email, now }: { id: string; selfCareId: string; name: string; email: string; now: Date },
): Promise<CustomerRow> {
  const [row] = await tx
    .update(customers)
    .set({ selfCareId, displayName: name, email, updatedAt: now })
    .where(eq(customers.id, id))
    .returning(customerColumns);
  return row!;
}

export async function customerIdsByExternalId(tx: Tx, externalIds: string[]): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const rows = await tx
    .select({ id: customers.id, externalId: customers.externalId })
    .from(customers)
    .where(inArray(customers.externalId, externalIds));
  return new Map(rows.map((row) => [row.externalId!, row.id]));
}

const lineColumns = {
  id: ipPhoneLines.id,
  number: ipPhoneLines.number,
  customerId: ipPhoneLines.customerId,
  customerExternalId: customers.externalId,
  serviceKind: ipPhoneLines.serviceKind,
  status: ipPhoneLines.status,
  suspensionReason: ipPhoneLines.suspensionReason,
  statusChangedAt: ipPhoneLines.statusChangedAt,
  terminatedAt: ipPhoneLines.terminatedAt,
  createdAt: ipPhoneLines.createdAt,
  updatedAt: ipPhoneLines.updatedAt,
};

/** The live (not terminated) lines of these numbers, locked until the batch commits: one lifecycle write at a time. */
export function liveLinesForUpdate(tx: Tx, numbers: string[]) {
  return tx
    .select(lineColumns)
    .from(ipPhoneLines)
    .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
    .where(and(inArray(ipPhoneLines.number, numbers), ne(ipPhoneLines.status, "terminated")))
    .for("update", { of: ipPhoneLines });
}
export type LineRow = Awaited<ReturnType<typeof liveLinesForUpdate>>[number];

/** Each number's latest terminated line: the quarantine runs from its end. */
export function latestTerminatedLines(tx: Tx, numbers: string[]) {
  return tx
    .selectDistinctOn([ipPhoneLines.number], lineColumns)
    .from(ipPhoneLines)
    .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
    .where(and(inArray(ipPhoneLines.number, numbers), eq(ipPhoneLines.status, "terminated")))
    .orderBy(ipPhoneLines.number, desc(ipPhoneLines.terminatedAt));
}

type NewLine = {
  id: string;
  number: string;
  customerId: string;
  serviceKind: ServiceKind;
  status: Exclude<LineStatus, "terminated">;
  suspensionReason: SuspensionReason | null;
  sipPasswordHash: string;
  initialSipPasswordSealed: string;
  now: Date;
};

/** Inserts the lines whose number no concurrent write took first; answers the numbers it inserted. */
export async function insertLines(tx: Tx, rows: NewLine[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await tx
    .insert(ipPhoneLines)
    .values(rows.map(({ now, ...row }) => ({ ...row, statusChangedAt: now, createdAt: now, updatedAt: now })))
    .onConflictDoNothing({ target: ipPhoneLines.number, where: sql`${ipPhoneLines.status} <> 'terminated'` })
    .returning({ number: ipPhoneLines.number });
  return new Set(inserted.map((row) => row.number));
}

/**
 * A new line's credentials, in force for the registrar at once: whatever a former owner of the number left (a
 * previous password, a cut-off, a pending change's hashes) is overwritten.
 */
export async function writeNewLineCredentials(
  tx: Tx,
  rows: { username: string; domain: string; ha1: string; ha1b: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  const fresh = {
    previousHa1: null,
    previousHa1b: null,
    previousUntil: null,
    suspendedAt: null,
    pendingHa1: null,
    pendingHa1b: null,
    changeId: null,
  };
  await tx
    .insert(sipCredentials)
    .values(rows.map((row) => ({ ...row, ...fresh })))
    .onConflictDoUpdate({
      target: [sipCredentials.username, sipCredentials.domain],
      set: { ...fresh, ha1: sql`excluded.ha1`, ha1b: sql`excluded.ha1b`, updatedAt: sql`pg_catalog.now()` },
    });
}

export async function setLineState(
  tx: Tx,
  {
    id,
    serviceKind,
    status,
    suspensionReason,
    statusChanged,
    now,
  }: {
    id: string;
    serviceKind: ServiceKind;
    status: LineStatus;
    suspensionReason: SuspensionReason | null;
    statusChanged: boolean;
    now: Date;
  },
): Promise<LineRow> {
  const [row] = await tx
    .update(ipPhoneLines)
    .set({
      serviceKind,
      status,
      suspensionReason,
      updatedAt: now,
      ...(statusChanged ? { statusChangedAt: now } : {}),
      ...(status === "terminated" ? { terminatedAt: now, initialSipPasswordSealed: null } : {}),
    })
    .where(eq(ipPhoneLines.id, id))
    .returning({ id: ipPhoneLines.id });
  const [line] = await tx
    .select(lineColumns)
    .from(ipPhoneLines)
    .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
    .where(eq(ipPhoneLines.id, row!.id));
  return line!;
}

/** Every registration of these numbers: calls to them reach no device, and the registrar refuses them anew. */
export async function removeRegistrations(tx: Tx, { numbers, domain }: { numbers: string[]; domain: string }) {
  if (numbers.length === 0) return;
  await tx
    .delete(kamailioLocations)
    .where(and(inArray(kamailioLocations.username, numbers), eq(kamailioLocations.domain, domain)));
}

/** A terminated line's credentials: nothing of it stays for the registrar (its number's next owner gets new ones). */
export async function deleteCredentials(tx: Tx, { numbers, domain }: { numbers: string[]; domain: string }) {
  if (numbers.length === 0) return;
  await tx
    .delete(sipCredentials)
    .where(and(inArray(sipCredentials.username, numbers), eq(sipCredentials.domain, domain)));
}

/** A terminated line's open changes are cancelled (their sealed passwords wiped); their history stays. */
export async function cancelOpenChanges(tx: Tx, { lineIds, now }: { lineIds: string[]; now: Date }) {
  if (lineIds.length === 0) return [];
  return tx
    .update(passwordChanges)
    .set({ status: "cancelled", cancelledAt: now, secretCiphertext: null })
    .where(and(inArray(passwordChanges.lineId, lineIds), inArray(passwordChanges.status, ["pending", "failed"])))
    .returning({ id: passwordChanges.id, customerId: passwordChanges.customerId });
}

/** For the rest of the transaction, a lock waited for longer than 5 seconds fails the statement instead. */
export async function limitLockWaits(tx: Tx) {
  await tx.execute(sql`set local lock_timeout = '5s'`);
}

/** The number's pair bans decided since `since` and still in force, lifted now; answers how many. */
export async function liftBansSince(tx: Tx, { number, since, now }: { number: string; since: Date; now: Date }) {
  const lifted = await tx
    .update(sipBans)
    .set({ liftedAt: now })
    .where(
      and(
        eq(sipBans.username, number),
        isNull(sipBans.liftedAt),
        gte(sipBans.createdAt, since),
        gt(sipBans.until, now),
      ),
    )
    .returning({ id: sipBans.id });
  return lifted.length;
}
