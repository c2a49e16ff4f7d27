// The two argon2id-bound actions (password check at login, SIP password change) against the machine's limit.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type postgres from "postgres";
import { hashSecret, verifySecret } from "../../lib/password-hashing";
import { generateSipPassword } from "../../lib/changes/sip-password";
import type { Plan } from "../config";
import { BENCH_PASSWORD, BENCH_SIP_PASSWORD, benchId, benchNumber, resetSipPasswords } from "../database";
import { formHeaders, getPage, hiddenFields, load, multipart } from "../http";
import { step } from "../progress";
import { median, repeated, timeOnce, type Repeated } from "../stats";
import type { Session } from "../sessions";

export const RATIO_TARGET = 0.7;

export type HashCost = { cores: number; verifyMs: number; hashMs: number };
export type ActionFigure = {
  perSecond: Repeated;
  limit: number;
  ratio: number;
  failed: number;
  loginP95DuringLoad: Repeated;
};

/** One argon2id verify and one hash at the app's parameters, timed one at a time on an idle machine. */
export async function measureHashCost(samples: number): Promise<HashCost> {
  const hash = await hashSecret(BENCH_PASSWORD);
  const verifyTimes: number[] = [];
  const hashTimes: number[] = [];
  for (let i = 0; i < samples + 3; i++) {
    const verifyMs = await timeOnce(() => verifySecret({ hash, secret: BENCH_PASSWORD }));
    const hashMs = await timeOnce(() => hashSecret(BENCH_SIP_PASSWORD));
    if (i < 3) continue;
    verifyTimes.push(verifyMs);
    hashTimes.push(hashMs);
  }
  const cost = { cores: os.availableParallelism(), verifyMs: median(verifyTimes), hashMs: median(hashTimes) };
  step(`argon2id: verify ${cost.verifyMs.toFixed(1)} ms, hash ${cost.hashMs.toFixed(1)} ms, ${cost.cores} cores`);
  return cost;
}

type Counter = { ok: number; failed: number };

/** Visitors opening /login beside the action load: enough to see whether pages stay responsive, few enough not to compete. */
const VISITORS_PER_SECOND = 10;

/**
 * `plan.repeats` runs of `action` (which counts accepted and refused answers), each beside visitors opening
 * /login; rate limits are cleared between runs and every second during them. `limit` is the machine's ceiling for the same action.
 */
async function measureRuns(
  name: string,
  base: string,
  sql: postgres.Sql,
  plan: Plan,
  limit: number,
  action: (counter: Counter) => Promise<unknown>,
  afterRun: () => Promise<void> = async () => {},
): Promise<ActionFigure> {
  const counter: Counter = { ok: 0, failed: 0 };
  const rates: number[] = [];
  const loginP95: number[] = [];
  for (let run = 0; run < plan.repeats; run++) {
    counter.ok = 0;
    const visitors = load({
      url: `${base}/login`,
      connections: 1,
      seconds: plan.actionSeconds,
      rate: VISITORS_PER_SECOND,
    });
    // The per-customer and per-address allowances would stop a few customers' load within seconds: they are
    // emptied every second, so what is measured is the accepted path (the limits are proven by the tests).
    const clearing = setInterval(() => void sql`delete from rate_limits`.catch(() => {}), 1000);
    const [, login] = await Promise.all([action(counter), visitors]).finally(() => clearInterval(clearing));
    rates.push(counter.ok / plan.actionSeconds);
    loginP95.push(login.p95);
    await afterRun();
    await sql`delete from rate_limits`;
    step(
      `${name}: ${(counter.ok / plan.actionSeconds).toFixed(1)}/s (${counter.failed} refused so far), /login p95 ${login.p95} ms meanwhile`,
    );
  }
  const perSecond = repeated(rates);
  return {
    perSecond,
    limit,
    ratio: perSecond.median / limit,
    failed: counter.failed,
    loginP95DuringLoad: repeated(loginP95),
  };
}

/**
 * Signed-in customers each changing their own line's password again and again, as fast as the app accepts.
 * Each connection keeps one line, so it always knows the line's current password. autocannon sends a client's
 * first request before `setupClient` can shape it; that one is a plain GET of the form and is not counted.
 */
export async function measureChanges(base: string, sql: postgres.Sql, sessions: Session[], cost: HashCost, plan: Plan) {
  const form = hiddenFields(await getPage(base, "/ip-phone/password", sessions[0]!.cookie), "newPassword");
  const lines = sessions.map((session) => ({
    session,
    number: benchNumber(session.account),
    current: BENCH_SIP_PASSWORD,
  }));
  const limit = cost.cores / ((cost.verifyMs + cost.hashMs) / 1000);
  const changeLoad = (counter: Counter) => {
    let nextLine = 0;
    return load({
      url: `${base}/ip-phone/password`,
      connections: lines.length,
      seconds: plan.actionSeconds,
      headers: { cookie: sessions[0]!.cookie },
      setupClient: (client) => {
        const line = lines[nextLine++]!;
        let primed = false;
        let next = "";
        client.on("response", (status: number) => {
          if (primed && status === 303) {
            line.current = next;
            counter.ok += 1;
          } else if (primed) counter.failed += 1;
          primed = true;
          next = generateSipPassword(line.number);
          const fields = {
            number: line.number,
            currentPassword: line.current,
            newPassword: next,
            confirmPassword: next,
          };
          const body = multipart({ ...form, ...fields, requestToken: randomUUID() });
          client.setRequests([{ method: "POST", headers: formHeaders(base, line.session.cookie), body }]);
        });
      },
    });
  };
  // A change still in flight when the load stopped may have landed unseen: start the next run from known passwords.
  const resetPasswords = async () => {
    await resetSipPasswords(
      sql,
      lines.map((line) => line.session.account),
      plan.accounts,
    );
    for (const line of lines) line.current = BENCH_SIP_PASSWORD;
  };
  return measureRuns("changes", base, sql, plan, limit, changeLoad, resetPasswords);
}

/** The password step of login with right passwords, spread over many accounts so no per-account cap is reached. */
export async function measureLogins(base: string, sql: postgres.Sql, cost: HashCost, plan: Plan) {
  const form = hiddenFields(await getPage(base, "/login"), "selfCareId");
  let account = 0;
  const loginLoad = (counter: Counter) =>
    load({
      url: `${base}/login`,
      connections: plan.actionConnections,
      seconds: plan.actionSeconds,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => ({
            ...request,
            headers: formHeaders(base),
            body: multipart({
              ...form,
              selfCareId: benchId((account++ % plan.accounts) + 1),
              password: BENCH_PASSWORD,
            }),
          }),
          onResponse: (status) => {
            counter[status === 303 ? "ok" : "failed"] += 1;
          },
        },
      ],
    });
  return measureRuns("login password checks", base, sql, plan, cost.cores / (cost.verifyMs / 1000), loginLoad);
}
