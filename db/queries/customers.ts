// Customers and their lines, as the login and the customer pages need them.
import { type SQL, and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { customers, ipPhoneLines, passkeys } from "@/db/schema";

/**
 * An operator who has no passkey and no emailed-code fallback: after a sign-in with the password and a code (their
 * first), they must register a passkey before anything else (lib/auth/guards.ts). Customers never.
 */
const mustRegisterPasskey = sql<boolean>`(${customers.role} <> 'customer' and not ${customers.codeFallback} and not exists (
  select 1 from ${passkeys} where ${passkeys.customerId} = "customers"."id"))`;

/**
 * The password step's one read before its argon2 work: the customer of `selfCareId` (if any) and the values of the
 * SQL expressions in `alongside` (its limits taken, the account's code lock read), which may use the customer's id.
 */
export async function readForPasswordStep<Extra extends Record<string, unknown>>(
  selfCareId: string,
  alongside: (customerId: SQL) => { [Key in keyof Extra]: SQL<Extra[Key]> },
) {
  const db = await getDb();
  const extra = alongside(sql`${customers.id}`);
  const [row] = await db
    .select({
      customer: {
        id: customers.id,
        passwordHash: customers.passwordHash,
        email: customers.email,
        displayName: customers.displayName,
        role: customers.role,
        codeFallback: customers.codeFallback,
        disabledAt: customers.disabledAt,
        hasPasskey: sql<boolean>`exists (select 1 from ${passkeys} where ${passkeys.customerId} = "customers"."id")`,
      },
      ...extra,
    })
    .from(sql`(values (1)) as one(x)`)
    .leftJoin(customers, eq(customers.selfCareId, selfCareId));
  return row!;
}

export async function findCustomerById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  return row;
}

/**
 * A new self-care password hash, only while the one just verified is still the account's (of two changes at once, one
 * wins), and every session ended: answers the new session version, or null when another change came first. A password
 * the customer chose ends the forced change, and the letter's sealed secrets go with it: whoever signed in had the
 * letter's contents already (the carrier's own print of the API answer), and a letter printed now would carry a
 * password that no longer works.
 */
export async function replacePasswordHash({
  id,
  verifiedHash,
  newHash,
}: {
  id: string;
  verifiedHash: string;
  newHash: string;
}): Promise<number | null> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(customers)
      .set({
        passwordHash: newHash,
        sessionVersion: sql`${customers.sessionVersion} + 1`,
        mustChangePassword: false,
        initialPasswordSealed: null,
        updatedAt: sql`pg_catalog.now()`,
      })
      .where(and(eq(customers.id, id), eq(customers.passwordHash, verifiedHash)))
      .returning({ sessionVersion: customers.sessionVersion });
    if (!row) return null;
    await tx
      .update(ipPhoneLines)
      .set({ initialSipPasswordSealed: null })
      .where(and(eq(ipPhoneLines.customerId, id), isNotNull(ipPhoneLines.initialSipPasswordSealed)));
    return row.sessionVersion;
  });
}

/**
 * What a session check needs: is the account still there and enabled (a disabled operator has no session), in which
 * role, at which session version, and whether it must change a generated password or register a passkey before
 * anything else.
 */
export async function getSessionState(id: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      role: customers.role,
      sessionVersion: customers.sessionVersion,
      mustChangePassword: customers.mustChangePassword,
      mustRegisterPasskey,
    })
    .from(customers)
    .where(and(eq(customers.id, id), isNull(customers.disabledAt)));
  return row;
}

/** Ends every session of the customer: tokens carry the version they were issued at. */
export async function bumpSessionVersion(id: string): Promise<void> {
  const db = await getDb();
  await db
    .update(customers)
    .set({ sessionVersion: sql`${customers.sessionVersion} + 1` })
    .where(eq(customers.id, id));
}

/** Every line the customer has had, ended ones too (the history keeps them), with its status. */
export async function listLinesOf(customerId: string) {
  const db = await getDb();
  return db
    .select({
      id: ipPhoneLines.id,
      number: ipPhoneLines.number,
      serviceKind: ipPhoneLines.serviceKind,
      status: ipPhoneLines.status,
    })
    .from(ipPhoneLines)
    .where(eq(ipPhoneLines.customerId, customerId))
    .orderBy(asc(ipPhoneLines.number));
}
