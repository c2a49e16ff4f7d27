// The scheduled work's share of the call records: each line's latest international call carried over to the line,
// then the records older than CALL_RECORD_DAYS deleted in batches.
import { carryInternationalCalls, deleteOldCalls, deleteOldCdrs } from "@/db/queries/call-records";
import { env } from "@/lib/env";
import { policyRefusals } from "./refusals";

/**
 * Rows per delete statement: each batch commits on its own, so no lock on acc is held for long and the registrar's
 * inserts never wait behind a large delete. At most this many batches a run; a backlog goes on the next minute.
 */
const CALL_RECORD_BATCH = 5_000;
export const CALL_RECORD_BATCHES_PER_RUN = 20;

const DAY_MS = 24 * 60 * 60_000;

/**
 * How far back each run looks for international calls to carry over. The scheduled work runs every minute: this
 * covers a scheduler that was down for a day or two; a call older than that is carried when its record is deleted.
 */
export const CARRY_LOOKBACK_MS = 2 * DAY_MS;

async function inBatches(deleteBatch: (batch: number) => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (let run = 0; run < CALL_RECORD_BATCHES_PER_RUN; run++) {
    const deleted = await deleteBatch(batch);
    total += deleted;
    if (deleted < batch) break;
  }
  return total;
}

/**
 * Carries the recent international calls over (at once, so the months-without-a-call rule reads them), then deletes
 * acc rows and CDRs older than CALL_RECORD_DAYS×24 hours; each acc batch carries what it deletes over first, so no
 * call is forgotten before its line has it. Answers the counts for the run's summary.
 */
export async function ageCallRecords(
  now: Date,
  batch = CALL_RECORD_BATCH,
): Promise<{ carried: number; deleted: number; deletedCdrs: number }> {
  const refusals = Object.keys(policyRefusals);
  const carried = await carryInternationalCalls({ refusals, since: new Date(now.getTime() - CARRY_LOOKBACK_MS) });
  const cutoff = new Date(now.getTime() - env().callRecordDays * DAY_MS);
  const deleted = await inBatches((size) => deleteOldCalls({ cutoff, batch: size, refusals }), batch);
  const deletedCdrs = await inBatches((size) => deleteOldCdrs({ cutoff, batch: size }), batch);
  return { carried, deleted, deletedCdrs };
}
