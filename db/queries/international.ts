// A line's 「国際電話の利用」 as the portal reads and writes it (docs/architecture.md, "Toll fraud"): the customer's
// lines, the conditional switch, the console's list of lines the velocity rule stopped, and the scheduled work's
// sweeps. Every write is one conditional UPDATE, so of two at once only one changes the row, and only that one gets
// the audit row and the mail (written in the same transaction by `alongside`).
import { and, desc, eq, gte, isNotNull, ne, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import type { InternationalOffReason } from "@/db/enums";
import { customers, ipPhoneLines } from "@/db/schema";

/** What a page says of a line's setting. */
export const internationalColumns = {
  internationalCalling: ipPhoneLines.internationalCalling,
  internationalChangedAt: ipPhoneLines.internationalChangedAt,
  internationalOffReason: ipPhoneLines.internationalOffReason,
  internationalLastCallAt: ipPhoneLines.internationalLastCallAt,
  internationalBurstAt: ipPhoneLines.internationalBurstAt,
};

/** A line whose setting changed, with whom to tell. */
export type SwitchedLine = {
  number: string;
  customerId: string;
  email: string;
  displayName: string;
  burstAt: Date | null;
};

const switchedColumns = {
  number: ipPhoneLines.number,
  customerId: ipPhoneLines.customerId,
  email: customers.email,
  displayName: customers.displayName,
  burstAt: ipPhoneLines.internationalBurstAt,
};

/** The customer's active lines with their setting (the customer's page). */
export async function activeLinesWithInternational(customerId: string) {
  const db = await getDb();
  return db
    .select({ number: ipPhoneLines.number, serviceKind: ipPhoneLines.serviceKind, ...internationalColumns })
    .from(ipPhoneLines)
    .where(and(eq(ipPhoneLines.customerId, customerId), eq(ipPhoneLines.status, "active")))
    .orderBy(ipPhoneLines.number);
}
export type InternationalLine = Awaited<ReturnType<typeof activeLinesWithInternational>>[number];

/** Whether `number` is an active line of the customer's. */
export async function ownsActiveLine({ customerId, number }: { customerId: string; number: string }) {
  const db = await getDb();
  const [line] = await db
    .select({ id: ipPhoneLines.id })
    .from(ipPhoneLines)
    .where(
      and(eq(ipPhoneLines.customerId, customerId), eq(ipPhoneLines.number, number), eq(ipPhoneLines.status, "active")),
    );
  return line !== undefined;
}

/**
 * Turns the active line `number` on or off, only if it is not so already (and, given `customerId`, only if it is
 * theirs), then runs `alongside` in the same transaction. Answers the line when it changed: a second request at once
 * waits for the first's row lock, finds the setting already changed and answers undefined.
 */
export async function switchInternational({
  number,
  on,
  offReason,
  customerId,
  now,
  alongside,
}: {
  number: string;
  on: boolean;
  offReason?: Exclude<InternationalOffReason, "inactivity" | "burst">;
  customerId?: string;
  now: Date;
  alongside: (tx: Tx, line: SwitchedLine) => Promise<unknown>;
}): Promise<SwitchedLine | undefined> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [line] = await tx
      .update(ipPhoneLines)
      .set({
        internationalCalling: on,
        internationalChangedAt: now,
        internationalOffReason: on ? null : offReason,
        updatedAt: now,
      })
      .from(customers)
      .where(
        and(
          eq(customers.id, ipPhoneLines.customerId),
          eq(ipPhoneLines.number, number),
          // On only for an active line; off for any line that is not terminated, so a line suspended for fraud
          // does not come back with international calls on.
          on ? eq(ipPhoneLines.status, "active") : ne(ipPhoneLines.status, "terminated"),
          eq(ipPhoneLines.internationalCalling, !on),
          customerId ? eq(ipPhoneLines.customerId, customerId) : undefined,
        ),
      )
      .returning(switchedColumns);
    if (line) await alongside(tx, line);
    return line;
  });
}

/**
 * Lines the velocity rule stopped whose customer has not been mailed yet, marked mailed in the statement that finds
 * them (a second run at once waits for the row lock and finds them marked), with `alongside` (the mails) in the
 * same transaction.
 */
export async function claimBurstMails({
  now,
  alongside,
}: {
  now: Date;
  alongside: (tx: Tx, lines: SwitchedLine[]) => Promise<unknown>;
}): Promise<SwitchedLine[]> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const lines = await tx
      .update(ipPhoneLines)
      .set({ internationalBurstMailedAt: now })
      .from(customers)
      .where(
        and(
          eq(customers.id, ipPhoneLines.customerId),
          isNotNull(ipPhoneLines.internationalBurstAt),
          sql`${ipPhoneLines.internationalBurstMailedAt} is null`,
        ),
      )
      .returning(switchedColumns);
    if (lines.length > 0) await alongside(tx, lines);
    return lines;
  });
}

/**
 * Turns off the international calling of every live line whose latest of (turned on, last international call) is
 * before `cutoff`, with reason inactivity, and `alongside` (audit rows, mails) in the same transaction.
 */
export async function turnOffIdle({
  cutoff,
  now,
  alongside,
}: {
  cutoff: Date;
  now: Date;
  alongside: (tx: Tx, lines: SwitchedLine[]) => Promise<unknown>;
}): Promise<SwitchedLine[]> {
  // greatest() skips nulls; a line on with neither time (written by hand) counts as idle.
  const lastUse: SQL = sql`coalesce(greatest(${ipPhoneLines.internationalChangedAt}, ${ipPhoneLines.internationalLastCallAt}), '-infinity'::timestamptz)`;
  const db = await getDb();
  return db.transaction(async (tx) => {
    const lines = await tx
      .update(ipPhoneLines)
      .set({
        internationalCalling: false,
        internationalChangedAt: now,
        internationalOffReason: "inactivity",
        updatedAt: now,
      })
      .from(customers)
      .where(
        and(
          eq(customers.id, ipPhoneLines.customerId),
          eq(ipPhoneLines.internationalCalling, true),
          ne(ipPhoneLines.status, "terminated"),
          sql`${lastUse} < ${cutoff.toISOString()}::timestamptz`,
        ),
      )
      .returning(switchedColumns);
    if (lines.length > 0) await alongside(tx, lines);
    return lines;
  });
}

/** The console's 「国際発信の異常」: lines the velocity rule stopped since `since`, newest first. */
export async function recentBursts({ since, limit }: { since: Date; limit: number }) {
  const db = await getDb();
  return db
    .select({
      number: ipPhoneLines.number,
      status: ipPhoneLines.status,
      customerId: ipPhoneLines.customerId,
      selfCareId: customers.selfCareId,
      displayName: customers.displayName,
      ...internationalColumns,
      internationalBurstMailedAt: ipPhoneLines.internationalBurstMailedAt,
    })
    .from(ipPhoneLines)
    .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
    .where(gte(ipPhoneLines.internationalBurstAt, since))
    .orderBy(desc(ipPhoneLines.internationalBurstAt))
    .limit(limit);
}
