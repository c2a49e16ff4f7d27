// acc's call records (db/schema/kamailio.ts) as the portal reads and ages them: a line's calls both ways for its
// 「発着信履歴」, the latest international call carried over to the line, and the deletion after CALL_RECORD_DAYS.
// Kamailio writes `time` and `start_time` as timestamps without a zone in UTC (it runs with TZ=UTC): they are read as
// UTC here, and compared with UTC timestamps, so the acc indexes serve the comparisons.
import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { callKinds, type CallKind } from "@/db/enums";
import { ipPhoneLines, kamailioAcc, kamailioAccCdrs } from "@/db/schema";
import { rowsOf } from "@/db/together";

export type CallPosition = { at: Date; id: number };

/** The registrar's word for what was dialled, or null for anything else in the column. */
const callKindOf = (value: string): CallKind | null => callKinds.find((kind) => kind === value) ?? null;

/** An instant as acc writes it: a timestamp without a zone, in UTC. */
const accTime = (at: Date) => sql`(${at.toISOString()}::timestamptz at time zone 'UTC')`;

/**
 * A customer's lines whose history the customer sees: active and suspended ones. A terminated line's calls are no
 * longer the customer's to browse (its number may be another customer's by now); the console still shows them.
 */
export async function historyLinesOf(customerId: string) {
  const db = await getDb();
  return db
    .select({
      number: ipPhoneLines.number,
      status: ipPhoneLines.status,
      createdAt: ipPhoneLines.createdAt,
      terminatedAt: ipPhoneLines.terminatedAt,
    })
    .from(ipPhoneLines)
    .where(and(eq(ipPhoneLines.customerId, customerId), inArray(ipPhoneLines.status, ["active", "suspended"])))
    .orderBy(asc(ipPhoneLines.number));
}

type CallRow = {
  id: string | number;
  at: string;
  direction: "outgoing" | "incoming";
  caller: string;
  callee: string;
  dialled: string;
  kind: string;
  sip_code: string;
  sip_reason: string;
  duration: string | number | null;
  ended: string | null;
};

type LineCallsQuery = { number: string; from: Date; until: Date | null; before?: CallPosition; limit: number };

/**
 * The number's calls from `from` (until `until`, when given), newest first, a keyset page of `limit` before `before`:
 * those it placed (`caller`, 発信) and those it received (`callee`, 着信), each with the length and the end of its
 * CDR when it was answered. Each direction is its own backward scan of its index (acc_caller_time_idx,
 * acc_callee_time_idx), cut at `limit`; a call a line made to itself is one outgoing row.
 */
export function lineCallsStatement({ number, from, until, before, limit }: LineCallsQuery): SQL {
  const window = (column: SQL) =>
    sql.join(
      [
        sql`a.method = 'INVITE' and a.time >= ${accTime(from)}`,
        until ? sql` and a.time < ${accTime(until)}` : sql``,
        before
          ? sql` and a.time <= ${accTime(before.at)} and (a.time, a.id) < (${accTime(before.at)}, ${before.id}::bigint)`
          : sql``,
        sql` and ${column} = ${number}`,
      ],
      sql``,
    );
  const branch = (direction: "outgoing" | "incoming", column: SQL, extra: SQL) => sql`(
    select a.id, a.time, ${direction}::text as direction, a.callid, a.caller, a.callee, a.dialled, a.kind, a.sip_code,
      a.sip_reason
    from ${kamailioAcc} a
    where ${window(column)}${extra}
    order by a.time desc, a.id desc
    limit ${limit})`;
  return sql`
    select calls.id, pg_catalog.to_char(calls.time, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, calls.direction, calls.caller,
      calls.callee, calls.dialled, calls.kind, calls.sip_code, calls.sip_reason, cdr.duration, cdr.ended
    from (
      ${branch("outgoing", sql`a.caller`, sql``)}
      union all
      ${branch("incoming", sql`a.callee`, sql` and a.caller <> ${number}`)}
    ) calls
    -- A CDR names the same call's two lines as its acc row: a Call-ID is the device's to choose, so it alone could
    -- borrow another call's length.
    left join lateral (
      select c.duration, c.ended from ${kamailioAccCdrs} c
      where c.callid = calls.callid and c.caller = calls.caller and c.callee = calls.callee
      order by c.id limit 1
    ) cdr on true
    order by calls.time desc, calls.id desc
    limit ${limit}`;
}

/** One page of the number's calls (lineCallsStatement), each read as people and the labels need it. */
export async function listLineCalls(query: LineCallsQuery) {
  const db = await getDb();
  const result = await db.execute(lineCallsStatement(query));
  return rowsOf<CallRow>(result).map((row) => ({
    id: Number(row.id),
    at: new Date(row.at),
    direction: row.direction,
    caller: row.caller,
    callee: row.callee,
    dialled: row.dialled,
    kind: callKindOf(row.kind),
    sipCode: row.sip_code,
    sipReason: row.sip_reason,
    duration: row.duration === null ? null : Number(row.duration),
    ended: row.ended,
  }));
}
export type CallRecord = Awaited<ReturnType<typeof listLineCalls>>[number];

/**
 * An international call that went out: placed by a line of ours and not refused by the registrar's outbound policy
 * (`refusals`, its 403 reason phrases). A call the far end refused or did not answer went out all the same.
 */
const wentOutInternationally = (refusals: readonly string[]) =>
  sql`a.method = 'INVITE' and a.kind = 'international' and a.caller <> ''
    and not (a.sip_code = '403' and a.sip_reason in (${sql.join(
      refusals.map((reason) => sql`${reason}`),
      sql`, `,
    )}))`;

/**
 * Carries each line's latest international call that went out since `since` over to `international_last_call_at`,
 * for the lines that can have made one: those whose international calling is on, or changed since then (a call just
 * before it went off). Each reads only its own calls after the latest of the value it has, its creation (a number's
 * earlier owner's calls are not its) and `since`, backwards on acc_caller_time_idx: a run costs the recent calls of
 * those few lines. Only ever forward. Answers how many lines moved.
 */
export async function carryInternationalCalls({
  refusals,
  since,
}: {
  refusals: readonly string[];
  since: Date;
}): Promise<number> {
  const db = await getDb();
  const result = await db.execute(sql`
    with latest as (
      select l.id, (
        select pg_catalog.max(a.time) from ${kamailioAcc} a
        where a.caller = l.number
          and a.time > (greatest(l.international_last_call_at, l.created_at, ${since.toISOString()}::timestamptz)
            at time zone 'UTC')
          and ${wentOutInternationally(refusals)}
      ) at time zone 'UTC' as at
      from ${ipPhoneLines} l
      where l.status <> 'terminated'
        and (l.international_calling or l.international_changed_at >= ${since.toISOString()}::timestamptz)
    ), moved as (
      update ${ipPhoneLines} l set international_last_call_at = latest.at
      from latest
      where l.id = latest.id and latest.at is not null
        and (l.international_last_call_at is null or l.international_last_call_at < latest.at)
      returning 1
    )
    select pg_catalog.count(*)::integer as moved from moved`);
  return rowsOf<{ moved: number }>(result)[0]!.moved;
}

/**
 * Deletes up to `batch` of the oldest acc rows before `cutoff`, in one statement that first carries the latest
 * international call among them over to its line (whatever the line's setting now, and only forward): no call is
 * forgotten before the line has it. Answers how many rows went.
 */
export async function deleteOldCalls({
  cutoff,
  batch,
  refusals,
}: {
  cutoff: Date;
  batch: number;
  refusals: readonly string[];
}): Promise<number> {
  const db = await getDb();
  const result = await db.execute(sql`
    with gone as (
      delete from ${kamailioAcc} where id in (
        select id from ${kamailioAcc} where time < ${accTime(cutoff)} order by time limit ${batch}
      )
      returning method, time, caller, kind, sip_code, sip_reason
    ), latest as (
      select l.id, pg_catalog.max(a.time) at time zone 'UTC' as at
      from gone a join ${ipPhoneLines} l on l.number = a.caller and l.status <> 'terminated'
      where ${wentOutInternationally(refusals)} and a.time >= (l.created_at at time zone 'UTC')
      group by l.id
    ), moved as (
      update ${ipPhoneLines} l set international_last_call_at = latest.at
      from latest
      where l.id = latest.id and (l.international_last_call_at is null or l.international_last_call_at < latest.at)
    )
    select pg_catalog.count(*)::integer as deleted from gone`);
  return rowsOf<{ deleted: number }>(result)[0]!.deleted;
}

/** Deletes up to `batch` of the oldest CDRs that started before `cutoff`; answers how many went. */
export async function deleteOldCdrs({ cutoff, batch }: { cutoff: Date; batch: number }): Promise<number> {
  const db = await getDb();
  const result = await db.execute(sql`
    with gone as (
      delete from ${kamailioAccCdrs} where id in (
        select id from ${kamailioAccCdrs} where start_time < ${accTime(cutoff)} order by start_time limit ${batch}
      )
      returning 1
    )
    select pg_catalog.count(*)::integer as deleted from gone`);
  return rowsOf<{ deleted: number }>(result)[0]!.deleted;
}
