// What a customer waits for when the database is across a network, as on Vercel: the same pages and actions with
// the server's database connection through the relay, first with no added delay (loopback), then with 2 ms added in
// each direction (a round trip of about 4 ms, between a same-region Neon and a managed PostgreSQL).
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { generateSipPassword } from "../../lib/changes/sip-password";
import type { Plan } from "../config";
import { BENCH_PASSWORD, BENCH_SIP_PASSWORD, benchId, benchNumber, resetSipPasswords } from "../database";
import { getPage, hiddenFields, load, postForm } from "../http";
import { step } from "../progress";
import type { Relay } from "../relay";
import { percentile, timeOnce } from "../stats";

export const ADDED_DELAY_MS = 2;
const PAGES = ["/login", "/menu", "/ip-phone/password"] as const;

type Latency = { p50: number; p95: number };
export type RemoteFigure = { what: string; loopback: Latency; remote: Latency };

const latencyOf = (unsorted: number[]): Latency => {
  const times = [...unsorted].sort((a, b) => a - b);
  return {
    p50: Math.round(percentile(times, 50) * 10) / 10,
    p95: Math.round(percentile(times, 95) * 10) / 10,
  };
};

/**
 * One customer at a time (the latency a person feels, not throughput): each page for `plan.pageSeconds` on one
 * connection, and `samples` password steps and SIP password changes one after another, at each delay. The line
 * starts and ends at the documented password (copied from the line of account `untouched`).
 */
export async function measureRemoteDatabase(
  base: string,
  relay: Relay,
  sql: postgres.Sql,
  { cookie, account, untouched }: { cookie: string; account: number; untouched: number },
  plan: Plan,
  samples: number,
): Promise<RemoteFigure[]> {
  const byDelay = new Map<number, Map<string, Latency>>();
  const resetLine = () => resetSipPasswords(sql, [account], untouched);
  for (const delay of [0, ADDED_DELAY_MS]) {
    relay.delay(delay);
    await resetLine();
    const figures = new Map<string, Latency>();
    for (const path of PAGES) {
      const result = await load({
        url: `${base}${path}`,
        connections: 1,
        seconds: plan.pageSeconds,
        headers: path === "/login" ? {} : { cookie },
      });
      if (result.bad > 0) throw new Error(`${path}: ${result.bad} of ${result.total} answers were not 200`);
      figures.set(`page ${path}`, { p50: result.p50, p95: result.p95 });
    }

    const login = hiddenFields(await getPage(base, "/login"), "selfCareId");
    const loginTimes: number[] = [];
    for (let i = 0; i < samples; i++) {
      await sql`delete from rate_limits`;
      loginTimes.push(
        await timeOnce(() =>
          postForm(base, "/login", { ...login, selfCareId: benchId(account), password: BENCH_PASSWORD }),
        ),
      );
    }
    figures.set("action: login, password step", latencyOf(loginTimes));

    const form = hiddenFields(await getPage(base, "/ip-phone/password", cookie), "newPassword");
    const changeTimes: number[] = [];
    let current = BENCH_SIP_PASSWORD;
    for (let i = 0; i < samples; i++) {
      await sql`delete from rate_limits`;
      const next = generateSipPassword(benchNumber(account));
      const fields = {
        ...form,
        number: benchNumber(account),
        currentPassword: current,
        newPassword: next,
        confirmPassword: next,
        switchMode: "routine",
        requestToken: randomUUID(),
      };
      let answer: Awaited<ReturnType<typeof postForm>> | undefined;
      changeTimes.push(
        await timeOnce(async () => {
          answer = await postForm(base, "/ip-phone/password", fields, cookie);
        }),
      );
      if (answer?.status !== 303) throw new Error(`a change answered ${answer?.status}: ${answer?.alert ?? ""}`);
      current = next;
    }
    figures.set("action: SIP password change", latencyOf(changeTimes));
    byDelay.set(delay, figures);
    for (const [what, latency] of figures) {
      step(`${what} with ${delay} ms added each way: p50 ${latency.p50} ms, p95 ${latency.p95} ms`);
    }
  }
  relay.delay(0);
  await resetLine();
  await sql`delete from rate_limits`;
  const loopback = byDelay.get(0)!;
  const remote = byDelay.get(ADDED_DELAY_MS)!;
  return [...loopback.keys()].map((what) => ({ what, loopback: loopback.get(what)!, remote: remote.get(what)! }));
}
