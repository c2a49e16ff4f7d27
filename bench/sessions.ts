// Signed-in sessions obtained the way a customer gets one: password, emailed code, session cookie.
import type postgres from "postgres";
import { BENCH_PASSWORD, benchEmail, benchId, latestCode } from "./database";
import { getPage, hiddenFields, postForm } from "./http";

export type Session = { cookie: string; account: number };

async function signIn(base: string, sql: postgres.Sql, account: number): Promise<Session> {
  const login = hiddenFields(await getPage(base, "/login"), "selfCareId");
  const first = await postForm(base, "/login", { ...login, selfCareId: benchId(account), password: BENCH_PASSWORD });
  if (first.location !== "/login/verify")
    throw new Error(`Password step for ${benchId(account)} failed (${first.status})`);
  const binding = first.cookies.join("; ");

  const verify = hiddenFields(await getPage(base, "/login/verify", binding), "code");
  const code = await latestCode(sql, benchEmail(account));
  const second = await postForm(base, "/login/verify", { ...verify, code }, binding);
  const session = second.cookies.find((cookie) => cookie.startsWith("authjs.session-token="));
  if (!session) throw new Error(`Code step for ${benchId(account)} failed (${second.status} → ${second.location})`);
  return { cookie: session, account };
}

/** One session per account, made one after another (each sign-in costs an argon2id verify). */
export async function signInMany(base: string, sql: postgres.Sql, accounts: number[]): Promise<Session[]> {
  const sessions: Session[] = [];
  for (const account of accounts) sessions.push(await signIn(base, sql, account));
  // The sign-ins used the per-account code allowance; the measurements start with clean limits.
  await sql`delete from rate_limits`;
  return sessions;
}
