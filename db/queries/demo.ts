// Writes behind the demo data (lib/demo-data.ts) and the resets of the seed CLI and the e2e run.
import { count, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { customers, ipPhoneLines, kamailioLocations, passwordChanges } from "@/db/schema";

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
      .onConflictDoUpdate({ target: ipPhoneLines.number, set: values })
      .returning({ id: ipPhoneLines.id });
    lineIds.push(written!.id);
  }
  return { customerId: row!.id, lineIds };
}

export async function countCustomers(db: Db): Promise<number> {
  const [row] = await db.select({ value: count() }).from(customers);
  return row?.value ?? 0;
}

/** Empties every table (demo and test resets only; the seed CLI refuses production). */
export async function truncateAll(db: Db): Promise<void> {
  await db.execute(
    sql`truncate table location, sip_credentials, audit_events, outbox_emails, rate_limits, otp_challenges, password_changes, ip_phone_lines, customers restart identity cascade`,
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

/** Forgets the registrar's registrations of these numbers (test resets only): no device is registered yet. */
export async function deleteRegistrationsOf(db: Db, numbers: string[]): Promise<void> {
  await db.delete(kamailioLocations).where(inArray(kamailioLocations.username, numbers));
}
