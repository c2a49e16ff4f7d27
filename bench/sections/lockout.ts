// The answer at the lock threshold, timed: the tenth wrong password for a self-care ID that exists and for one that
// does not. The owner's notice goes out after the answer, so the two should differ by no more than noise.
import type postgres from "postgres";
import type { Plan } from "../config";
import { benchId } from "../database";
import { getPage, hiddenFields, postForm } from "../http";
import { step } from "../progress";
import { percentile } from "../stats";

export type LockTiming = { rounds: number; knownMs: TimingSummary; unknownMs: TimingSummary; medianGapMs: number };
type TimingSummary = { p50: number; p90: number };

const summary = (times: number[]): TimingSummary => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90) };
};

/** Nine wrong passwords, then the tenth timed: the one that locks the ID (and, for a real ID, queues the notice). */
async function timeTenthFailure(base: string, fields: Record<string, string>, selfCareId: string): Promise<number> {
  const wrong = { ...fields, selfCareId, password: "not-the-password" };
  for (let i = 0; i < 9; i++) await postForm(base, "/login", wrong);
  const start = performance.now();
  await postForm(base, "/login", wrong);
  return performance.now() - start;
}

export async function measureLockTiming(base: string, sql: postgres.Sql, plan: Plan): Promise<LockTiming> {
  const fields = hiddenFields(await getPage(base, "/login"), "selfCareId");
  const known: number[] = [];
  const unknown: number[] = [];
  // Alternating, so drift in the machine's load falls on both alike.
  for (let round = 0; round < plan.lockRounds; round++) {
    known.push(await timeTenthFailure(base, fields, benchId(round + 1)));
    unknown.push(await timeTenthFailure(base, fields, `ghost${String(round + 1).padStart(5, "0")}`));
    await sql`delete from rate_limits`;
  }
  const result = {
    rounds: plan.lockRounds,
    knownMs: summary(known),
    unknownMs: summary(unknown),
    medianGapMs: summary(known).p50 - summary(unknown).p50,
  };
  step(
    `lock threshold: known ID p50 ${result.knownMs.p50.toFixed(1)} ms, unknown ID p50 ${result.unknownMs.p50.toFixed(1)} ms (${plan.lockRounds} rounds)`,
  );
  return result;
}
