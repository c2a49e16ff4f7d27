// The console's operators: rows of customers with an operator role (db/enums.ts operatorRoles), their list, and the
// rows an admin's change locks first, so that the last active admin stays one under any concurrency.
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Db, Tx } from "@/db/client";
import type { OperatorRole } from "@/db/enums";
import { auditEvents, customers, passkeys } from "@/db/schema";

/** Every operator, by ID: role, sign-in settings, passkeys and the last sign-in the audit trail knows. */
export async function listOperators() {
  const db = await getDb();
  return db
    .select({
      id: customers.id,
      selfCareId: customers.selfCareId,
      displayName: customers.displayName,
      email: customers.email,
      role: customers.role,
      codeFallback: customers.codeFallback,
      disabledAt: customers.disabledAt,
      passkeys:
        sql<number>`(select pg_catalog.count(*) from ${passkeys} where ${passkeys.customerId} = "customers"."id")`.mapWith(
          Number,
        ),
      lastSignInAt: sql<Date | null>`(select pg_catalog.max(${auditEvents.at}) from ${auditEvents}
        where ${auditEvents.customerId} = "customers"."id" and ${auditEvents.type} = 'login.succeeded')`.mapWith(
        auditEvents.at,
      ),
    })
    .from(customers)
    .where(ne(customers.role, "customer"))
    .orderBy(asc(customers.selfCareId));
}

/** The operators' IDs and names, for the trail's filter. */
export async function operatorChoices() {
  const db = await getDb();
  return db
    .select({ id: customers.id, selfCareId: customers.selfCareId, displayName: customers.displayName })
    .from(customers)
    .where(ne(customers.role, "customer"))
    .orderBy(asc(customers.selfCareId));
}

/** A new operator, unless the self-care ID is taken (by an operator or a customer): undefined then. */
export async function insertOperator(
  values: {
    selfCareId: string;
    displayName: string;
    email: string;
    role: OperatorRole;
    codeFallback: boolean;
    passwordHash: string;
  },
  db: Db | Tx,
) {
  const [row] = await db
    .insert(customers)
    .values(values)
    .onConflictDoNothing({ target: customers.selfCareId })
    .returning({ id: customers.id });
  return row;
}

/**
 * The active admins' IDs, their rows locked until the transaction ends, always in the same order (no deadlock).
 * Two admins disabling each other at once: the second waits here, and PostgreSQL reads the first one's row again once
 * it commits, so the second counts one admin and is refused. FOR NO KEY UPDATE, as an update of these columns takes:
 * the audit events' foreign keys (FOR KEY SHARE of the operator's row) never wait for it.
 */
export async function lockActiveAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.role, "admin"), isNull(customers.disabledAt)))
    .orderBy(asc(customers.id))
    .for("no key update");
  return rows.map((row) => row.id);
}

/** The operator's row, locked until the transaction ends; undefined for a customer or an unknown ID. */
export async function lockOperator(tx: Tx, id: string) {
  const [row] = await tx
    .select({
      id: customers.id,
      selfCareId: customers.selfCareId,
      role: customers.role,
      disabledAt: customers.disabledAt,
      codeFallback: customers.codeFallback,
    })
    .from(customers)
    .where(and(eq(customers.id, id), ne(customers.role, "customer")))
    .for("no key update");
  return row;
}

type OperatorUpdate = { role: OperatorRole } | { disabledAt: Date } | { disabledAt: null } | { codeFallback: boolean };

/** Writes a locked operator's change; disabling bumps the session version in the same statement (every session ends). */
export async function updateOperator(tx: Tx, id: string, change: OperatorUpdate): Promise<void> {
  const ending = "disabledAt" in change && change.disabledAt !== null;
  await tx
    .update(customers)
    .set({
      ...change,
      ...(ending ? { sessionVersion: sql`${customers.sessionVersion} + 1` } : {}),
      updatedAt: sql`pg_catalog.now()`,
    })
    .where(eq(customers.id, id));
}
