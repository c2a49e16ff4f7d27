// The customer's sessions as the desk can know them: a session is a signed token, not a row, so what is known is
// when they signed in (the audit's login.succeeded), whether anything since has ended every session (a sign-out bumps
// the version, as do an operator's sign-out and a re-issued letter), and the absolute lifetime.
import { latestEventsOf } from "@/db/queries/customer-desk";
import type { AuditType } from "@/db/enums";
import { SESSION_ABSOLUTE_SECONDS } from "@/lib/auth/session-lifetime";

const ENDS_EVERY_SESSION = ["signout", "admin.force-signout", "letter.reissued"] as const satisfies AuditType[];
const LOCKOUTS = ["login.lockout", "code.lockout"] as const satisfies AuditType[];

export async function signInSummary(customerId: string, now: Date) {
  const [signIns, ended, lockouts] = await Promise.all([
    latestEventsOf(customerId, ["login.succeeded"], 5),
    latestEventsOf(customerId, ENDS_EVERY_SESSION, 1),
    latestEventsOf(customerId, LOCKOUTS, 1),
  ]);
  const endedAt = ended[0]?.at ?? null;
  const oldestLive = now.getTime() - SESSION_ABSOLUTE_SECONDS.customer * 1000;
  // Each of these may still be signed in (idle ones end sooner, which the server cannot see).
  const mayBeLive = signIns.filter(
    (signIn) => signIn.at.getTime() > oldestLive && (!endedAt || signIn.at.getTime() > endedAt.getTime()),
  );
  return { signIns, endedAt, mayBeLive: mayBeLive.length, lastLockout: lockouts[0] ?? null };
}
