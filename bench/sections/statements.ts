// How many SQL statements one request of each kind sends to the database (BEGIN and COMMIT count), counted by the
// relay the server's database connection goes through (bench/relay.ts). On Vercel each is a network round trip, so
// this is what a request waits for before any argon2 work. One request at a time on an otherwise idle server; the
// work a request leaves for after its answer (its mail) is counted apart: it still takes connections, but nobody
// waits for it.
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { setTimeout as sleep } from "node:timers/promises";
import { generateSipPassword } from "../../lib/changes/sip-password";
import {
  BENCH_PASSWORD,
  BENCH_SIP_PASSWORD,
  benchEmail,
  benchId,
  benchNumber,
  latestCode,
  resetSipPasswords,
} from "../database";
import { getPage, hiddenFields, postForm } from "../http";
import { step } from "../progress";
import type { Relay } from "../relay";

/** The goals: each action in a handful of round trips, each page in one. */
const STATEMENT_TARGETS = {
  "login, password step": 6,
  "login, code step": 5,
  "SIP password change": 6,
  "page view /menu": 1,
  "page view /ip-phone/password": 1,
} as const;
type StatementKind = keyof typeof STATEMENT_TARGETS;
/** `statements` until the answer arrived (the goal), `afterAnswer` what the request left for after it (its mail). */
export type StatementFigure = { kind: StatementKind; statements: number; afterAnswer: number; target: number };

/** Work a request defers until after its answer gets this long to finish before the count is read. */
const AFTER_ANSWER_MS = 500;

async function counted(relay: Relay, request: () => Promise<unknown>): Promise<Counts> {
  const before = relay.statements();
  await request();
  const answered = relay.statements();
  await sleep(AFTER_ANSWER_MS);
  return { statements: answered - before, afterAnswer: relay.statements() - answered };
}
type Counts = { statements: number; afterAnswer: number };

/**
 * One request of each kind by bench account `account`, whose limits are cleared first; its line goes back to the
 * documented password afterwards, copied from the line of account `untouched`, which no section changes.
 */
export async function measureStatements(
  base: string,
  relay: Relay,
  sql: postgres.Sql,
  { account, untouched }: { account: number; untouched: number },
): Promise<StatementFigure[]> {
  await sql`delete from rate_limits`;
  const figures: StatementFigure[] = [];
  const record = (kind: StatementKind, { statements, afterAnswer }: Counts) => {
    figures.push({ kind, statements, afterAnswer, target: STATEMENT_TARGETS[kind] });
    step(`${kind}: ${statements} statements (goal ≤ ${STATEMENT_TARGETS[kind]}), ${afterAnswer} after the answer`);
  };

  const login = hiddenFields(await getPage(base, "/login"), "selfCareId");
  let first: Awaited<ReturnType<typeof postForm>> | undefined;
  record(
    "login, password step",
    await counted(relay, async () => {
      first = await postForm(base, "/login", { ...login, selfCareId: benchId(account), password: BENCH_PASSWORD });
    }),
  );
  if (first?.location !== "/login/verify") throw new Error(`the password step answered ${first?.status}`);
  const binding = first.cookies.join("; ");
  const verify = hiddenFields(await getPage(base, "/login/verify", binding), "code");
  const code = await latestCode(sql, benchEmail(account));
  let second: Awaited<ReturnType<typeof postForm>> | undefined;
  record(
    "login, code step",
    await counted(relay, async () => {
      second = await postForm(base, "/login/verify", { ...verify, code }, binding);
    }),
  );
  const cookie = second?.cookies.find((line) => line.startsWith("authjs.session-token="));
  if (!cookie) throw new Error(`the code step answered ${second?.status}`);

  for (const path of ["/menu", "/ip-phone/password"] as const) {
    await getPage(base, path, cookie);
    record(`page view ${path}`, await counted(relay, () => getPage(base, path, cookie)));
  }

  const form = hiddenFields(await getPage(base, "/ip-phone/password", cookie), "newPassword");
  const next = generateSipPassword(benchNumber(account));
  let change: Awaited<ReturnType<typeof postForm>> | undefined;
  record(
    "SIP password change",
    await counted(relay, async () => {
      change = await postForm(
        base,
        "/ip-phone/password",
        {
          ...form,
          number: benchNumber(account),
          currentPassword: BENCH_SIP_PASSWORD,
          newPassword: next,
          confirmPassword: next,
          switchMode: "routine",
          requestToken: randomUUID(),
        },
        cookie,
      );
    }),
  );
  if (change?.status !== 303) throw new Error(`the change answered ${change?.status}`);
  // The bench's other sections expect every line at its documented password.
  await resetSipPasswords(sql, [account], untouched);
  await sql`delete from rate_limits`;
  return figures;
}
