// A line as the console's line page and its lifecycle actions read it (app/admin/lines/[number]): the number's lines,
// the live one first, with their customer.
import { desc, eq, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { customers, ipPhoneLines } from "@/db/schema";
import { internationalColumns } from "./international";

const columns = {
  id: ipPhoneLines.id,
  number: ipPhoneLines.number,
  serviceKind: ipPhoneLines.serviceKind,
  status: ipPhoneLines.status,
  suspensionReason: ipPhoneLines.suspensionReason,
  statusChangedAt: ipPhoneLines.statusChangedAt,
  terminatedAt: ipPhoneLines.terminatedAt,
  createdAt: ipPhoneLines.createdAt,
  customerId: ipPhoneLines.customerId,
  customerExternalId: customers.externalId,
  selfCareId: customers.selfCareId,
  displayName: customers.displayName,
  ...internationalColumns,
};

/** Every line this number has had, the live one (at most one) first, then the ended ones newest first. */
export async function linesOfNumber(number: string) {
  const db = await getDb();
  return db
    .select(columns)
    .from(ipPhoneLines)
    .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
    .where(eq(ipPhoneLines.number, number))
    .orderBy(sql`${ipPhoneLines.status} = 'terminated'`, desc(ipPhoneLines.createdAt))
    .limit(20);
}
export type ConsoleLine = Awaited<ReturnType<typeof linesOfNumber>>[number];

/** One line by its ID, inside the transaction that acts on it (the core locks it again by number). */
export async function lineById(tx: Tx, id: string): Promise<ConsoleLine | undefined> {
  const [row] = await tx
    .select(columns)
    .from(ipPhoneLines)
    .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
    .where(eq(ipPhoneLines.id, id));
  return row;
}
