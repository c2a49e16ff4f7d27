// What the registrar has recorded of a line's devices and of the attempts on it (drizzle/0006, 0007): the customer's
// 「機器の接続状況」, the admin's view of lines under attack, the daily notices, and the cleanup. The registrar writes
// these records with the database's clock, so every window here is measured on it too.
import { and, desc, eq, inArray, isNull, ne, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import type { AuthFailureClass, BanReason } from "@/db/enums";
import { customers, ipPhoneLines, kamailioLocations, sipAuthFailures, sipBans } from "@/db/schema";
import { kamailioTime } from "./registrations";
import { PREVIOUS_CREDENTIAL_FLAG } from "./sip-credentials";

export type Device = {
  number: string;
  userAgent: string;
  /** The address the registration came from (NAT's `received`, else the contact's host). */
  address: string;
  registeredAt: Date;
  expiresAt: Date;
  /** Registered with the previous password (during its grace). */
  usesPrevious: boolean;
};

const ago = (ms: number) => sql`pg_catalog.now() - ${`${Math.round(ms / 1000)} seconds`}::interval`;

/** The devices registered now on `numbers`. */
export async function registeredDevices(numbers: string[]): Promise<Device[]> {
  if (numbers.length === 0) return [];
  const db = await getDb();
  const rows = await db
    .select({
      number: kamailioLocations.username,
      userAgent: kamailioLocations.userAgent,
      received: kamailioLocations.received,
      contact: kamailioLocations.contact,
      cflags: kamailioLocations.cflags,
      registeredAt: kamailioTime(kamailioLocations.lastModified),
      expiresAt: kamailioTime(kamailioLocations.expires),
    })
    .from(kamailioLocations)
    .where(
      and(
        inArray(kamailioLocations.username, numbers),
        sql`${kamailioTime(kamailioLocations.expires)} > pg_catalog.now()`,
      ),
    )
    .orderBy(desc(kamailioLocations.lastModified));
  return rows.map(({ received, contact, cflags, ...row }) => ({
    ...row,
    address: hostOf(received || contact),
    usesPrevious: (cflags & PREVIOUS_CREDENTIAL_FLAG) !== 0,
  }));
}

/** `sip:05012345678@192.0.2.10:5060;transport=udp` → `192.0.2.10`; `sip:[2001:db8::1]:5060` → `2001:db8::1`. */
function hostOf(uri: string): string {
  const afterScheme = uri.replace(/^sips?:/, "");
  const hostPart = afterScheme.includes("@") ? afterScheme.slice(afterScheme.indexOf("@") + 1) : afterScheme;
  const bracketed = /^\[([^\]]+)\]/.exec(hostPart);
  if (bracketed) return bracketed[1]!;
  return hostPart.split(/[:;>]/)[0] ?? "";
}

export type AttemptSummary = {
  number: string;
  class: AuthFailureClass;
  count: number;
  lastAt: Date;
  addresses: string[];
  lastUserAgent: string;
  /** The last attempt fell within `recentMs`. */
  recent: boolean;
};

/** Failed authentications on `numbers` in the last `windowMs`, per line and class. */
export async function attemptsOn(
  numbers: string[],
  { windowMs, recentMs }: { windowMs: number; recentMs: number },
): Promise<AttemptSummary[]> {
  if (numbers.length === 0) return [];
  const db = await getDb();
  const rows = await db
    .select({
      number: sipAuthFailures.username,
      class: sipAuthFailures.class,
      count: sql<number>`pg_catalog.sum(${sipAuthFailures.count})::integer`.mapWith(Number),
      lastAt: sql<Date>`pg_catalog.max(${sipAuthFailures.lastAt})`.mapWith((value: Date | string) => new Date(value)),
      addresses: sql<string[]>`pg_catalog.array_agg(distinct ${sipAuthFailures.address})`,
      // A count the registrar sends at a minute's end carries no User-Agent: the last one known.
      lastUserAgent: sql<string>`coalesce((pg_catalog.array_agg(${sipAuthFailures.userAgent} order by ${sipAuthFailures.lastAt} desc) filter (where ${sipAuthFailures.userAgent} <> ''))[1], '')`,
      recent: sql<boolean>`pg_catalog.max(${sipAuthFailures.lastAt}) > ${ago(recentMs)}`,
    })
    .from(sipAuthFailures)
    .where(and(inArray(sipAuthFailures.username, numbers), sql`${sipAuthFailures.minute} > ${ago(windowMs)}`))
    .groupBy(sipAuthFailures.username, sipAuthFailures.class);
  return rows;
}

export type Ban = {
  id: number;
  number: string | null;
  address: string;
  reason: BanReason;
  createdAt: Date;
  until: Date;
};

/**
 * Bans in force that touch `numbers`: a (line, address) ban of one of them, or an address-wide ban of an address
 * that failed on one of them in the last hour.
 */
export async function bansOn(numbers: string[]): Promise<Ban[]> {
  if (numbers.length === 0) return [];
  const db = await getDb();
  const triedThem = db
    .select({ address: sipAuthFailures.address })
    .from(sipAuthFailures)
    .where(and(inArray(sipAuthFailures.username, numbers), sql`${sipAuthFailures.minute} > ${ago(60 * 60_000)}`));
  return db
    .select({
      id: sipBans.id,
      number: sipBans.username,
      address: sipBans.address,
      reason: sipBans.reason,
      createdAt: sipBans.createdAt,
      until: sipBans.until,
    })
    .from(sipBans)
    .where(
      and(
        sql`${sipBans.until} > pg_catalog.now()`,
        isNull(sipBans.liftedAt),
        or(inArray(sipBans.username, numbers), and(isNull(sipBans.username), inArray(sipBans.address, triedThem))),
      ),
    )
    .orderBy(desc(sipBans.createdAt));
}

/** An admin lifts a ban in force; false when it had already ended or been lifted. */
export async function liftBan({ id, by }: { id: number; by: string }) {
  const db = await getDb();
  const [lifted] = await db
    .update(sipBans)
    .set({ liftedAt: sql`pg_catalog.now()`, liftedBy: by })
    .where(and(eq(sipBans.id, id), isNull(sipBans.liftedAt), sql`${sipBans.until} > pg_catalog.now()`))
    .returning({ id: sipBans.id, number: sipBans.username, address: sipBans.address });
  return lifted;
}

/** Lines with strangers' (`wrong`) or retired-password (`previous`) attempts in the last `windowMs`, with their owner. */
export async function linesWithAttempts(failureClass: "wrong" | "previous", windowMs: number) {
  const db = await getDb();
  return (
    db
      .selectDistinct({
        number: ipPhoneLines.number,
        customerId: customers.id,
        email: customers.email,
        name: customers.displayName,
      })
      .from(sipAuthFailures)
      // A terminated line's former owner hears nothing of attempts on a number that may be someone else's now.
      .innerJoin(
        ipPhoneLines,
        and(eq(ipPhoneLines.number, sipAuthFailures.username), ne(ipPhoneLines.status, "terminated")),
      )
      .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId))
      .where(and(eq(sipAuthFailures.class, failureClass), sql`${sipAuthFailures.minute} > ${ago(windowMs)}`))
  );
}

export type GuessTotal = {
  number: string;
  /** Wrong passwords in the window, summed over every address. */
  wrong: number;
  /** How many addresses they came from. */
  addresses: number;
};

type GuessWindow = { threshold: number; windowMs: number };

const wrongSince = (windowMs: number) =>
  and(eq(sipAuthFailures.class, "wrong"), sql`${sipAuthFailures.minute} > ${ago(windowMs)}`);

/** Per line: the wrong passwords, and the number of addresses they came from (grouped by the caller). */
function wrongTotals(db: Db) {
  return db
    .select({
      number: sipAuthFailures.username,
      wrong: sql<number>`pg_catalog.sum(${sipAuthFailures.count})::integer`.mapWith(Number).as("wrong"),
      addresses: sql<number>`pg_catalog.count(distinct ${sipAuthFailures.address})::integer`
        .mapWith(Number)
        .as("addresses"),
    })
    .from(sipAuthFailures);
}

/** The wrong passwords on `numbers` in the last `windowMs`, summed over every address (a line without any is left out). */
export async function wrongGuessTotals(numbers: string[], windowMs: number): Promise<GuessTotal[]> {
  if (numbers.length === 0) return [];
  const db = await getDb();
  return wrongTotals(db)
    .where(and(inArray(sipAuthFailures.username, numbers), wrongSince(windowMs)))
    .groupBy(sipAuthFailures.username);
}

/**
 * The console's filter: the line's wrong passwords in the window reach the threshold. One aggregate over the window's
 * records (the minute index), joined to the lines by number, rather than one sum per change row.
 */
export function guessFlooded(number: SQLWrapper, { threshold, windowMs }: GuessWindow): SQL {
  return sql`${number} in (select ${sipAuthFailures.username} from ${sipAuthFailures} where ${wrongSince(windowMs)}
    group by ${sipAuthFailures.username} having pg_catalog.sum(${sipAuthFailures.count}) >= ${threshold})`;
}

/**
 * The notice's lines: wrong passwords in the last `recentMs` (the scheduled work's look-back), and in all the window
 * at least the threshold, with the totals and the owner. The recent ones are few; each is summed by the
 * (username, class, minute) index instead of the whole window being read every minute.
 */
export async function linesOverGuessThreshold({ threshold, windowMs, recentMs }: GuessWindow & { recentMs: number }) {
  const db = await getDb();
  const recent = db
    .selectDistinct({ number: sipAuthFailures.username })
    .from(sipAuthFailures)
    .where(wrongSince(recentMs));
  const totals = wrongTotals(db)
    .where(and(wrongSince(windowMs), inArray(sipAuthFailures.username, recent)))
    .groupBy(sipAuthFailures.username)
    .having(sql`pg_catalog.sum(${sipAuthFailures.count}) >= ${threshold}`)
    .as("totals");
  return db
    .select({
      number: ipPhoneLines.number,
      customerId: customers.id,
      email: customers.email,
      name: customers.displayName,
      wrong: totals.wrong,
      addresses: totals.addresses,
    })
    .from(totals)
    .innerJoin(ipPhoneLines, and(eq(ipPhoneLines.number, totals.number), ne(ipPhoneLines.status, "terminated")))
    .innerJoin(customers, eq(customers.id, ipPhoneLines.customerId));
}

/** The records' retention: failures and bans older than `retentionMs` go. */
export async function forgetOldAttempts(retentionMs: number): Promise<number> {
  const db = await getDb();
  const failures = await db
    .delete(sipAuthFailures)
    .where(sql`${sipAuthFailures.minute} < ${ago(retentionMs)}`)
    .returning({ id: sipAuthFailures.id });
  await db.delete(sipBans).where(sql`${sipBans.until} < ${ago(retentionMs)}`);
  return failures.length;
}
