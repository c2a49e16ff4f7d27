// Whether a customer is locked out, why and until when, as the support desk reads it: the lockouts are rate-limit
// windows (lib/rate-limit.ts), so the state is the windows' own, and an unlock empties them.
import { type LimitName, type LimitState, limits, peek } from "@/lib/rate-limit";
import { formatDuration } from "@/lib/duration";

type Account = { id: string; selfCareId: string };

/**
 * The windows that stop a customer, by what they stop. `signIn` ones keep them from signing in (「ロック中」); the
 * others hold one step after sign-in. A browser that signed in as the ID before has its own lock instead of the
 * ID's (loginFailuresPerDevice): it names the browser, not the customer, so the desk can neither see nor lift it; it
 * ends on its own after its window (docs/operations.md).
 */
const accountLimits = [
  {
    limit: "loginFailuresPerId",
    subject: (a: Account) => a.selfCareId,
    signIn: true,
    why: "セルフケアパスワードの誤り",
  },
  { limit: "codeFailuresPerCustomer", subject: (a: Account) => a.id, signIn: true, why: "認証コードの誤り" },
  { limit: "codeSendsPerCustomer", subject: (a: Account) => a.id, signIn: true, why: "認証コードの送信回数" },
  {
    limit: "selfCarePasswordFailuresPerCustomer",
    subject: (a: Account) => a.id,
    signIn: false,
    why: "セルフケアパスワード変更での現在のパスワードの誤り",
  },
  {
    limit: "changeAttemptsPerCustomer",
    subject: (a: Account) => a.id,
    signIn: false,
    why: "IP加入電話パスワード変更の試行回数",
  },
  {
    limit: "sipMissesPerCustomer",
    subject: (a: Account) => a.id,
    signIn: false,
    why: "契約していない番号での変更の試み",
  },
] as const satisfies readonly { limit: LimitName; subject: (a: Account) => string; signIn: boolean; why: string }[];

type AccountLock = LimitState & {
  limit: LimitName;
  /** Whether it stops the sign-in itself. */
  signIn: boolean;
  /** 「セルフケアパスワードの誤り（15分間に10回まで）」 */
  why: string;
};

/** Every window of the customer's, with its count; `locked` when any sign-in window is full, until the latest end. */
export async function accountLocks(account: Account, now: Date) {
  const locks: AccountLock[] = await Promise.all(
    accountLimits.map(async ({ limit, subject, signIn, why }) => ({
      ...(await peek(limit, subject(account), now)),
      limit,
      signIn,
      why: `${why}（${formatDuration(limits[limit].windowMs)}間に${limits[limit].limit}回まで）`,
    })),
  );
  const holding = locks.filter((lock) => lock.locked && lock.signIn);
  const until = holding.map((lock) => lock.retryAt!.getTime());
  return { locks, locked: holding.length > 0, lockedUntil: until.length > 0 ? new Date(Math.max(...until)) : null };
}

/**
 * The rate-limit keys an unlock empties: the windows that stop the sign-in. The others (code sends, change attempts,
 * numbers not theirs) hold back abuse of a signed-in account, and a phone call does not reset them.
 */
export const accountLockKeys = (account: Account) =>
  accountLimits.filter(({ signIn }) => signIn).map(({ limit, subject }) => limits[limit].key(subject(account)));
