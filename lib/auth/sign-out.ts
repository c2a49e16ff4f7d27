"use server";

import { getFreshSession, signOut } from "@/lib/auth/next-auth";
import { recordAudit } from "@/db/queries/audit";
import { bumpSessionVersion, findCustomerById } from "@/db/queries/customers";
import { endEverySession } from "@/lib/auth/end-sessions";
import { forgetSessionState } from "@/lib/auth/session-state";
import { requestMeta } from "@/lib/http/current-request";
import { deliverQueuedMail } from "@/lib/mail/queue";
import { afterAnswer } from "@/lib/server/after-answer";
import { now } from "@/lib/server/clock";

/** 「ログアウト」: the version bump invalidates all the person's tokens (a JWT cannot be revoked otherwise). */
export async function signOutHere(): Promise<void> {
  const session = await getFreshSession();
  if (session) {
    const meta = await requestMeta();
    await bumpSessionVersion(session.user.id);
    forgetSessionState(session.user.id);
    await recordAudit({ type: "signout", customerId: session.user.id, ip: meta.ip, userAgent: meta.userAgent });
  }
  await signOut({ redirectTo: "/login?signedOut" });
}

/**
 * 「すべての端末からログアウト」: the step of a customer who fears someone else is signed in, so the passkeys added in
 * the last day go too (lib/auth/end-sessions.ts); the customer is mailed their names.
 */
export async function signOutEverywhere(): Promise<void> {
  const session = await getFreshSession();
  const customer = session ? await findCustomerById(session.user.id) : undefined;
  if (customer) {
    const meta = await requestMeta();
    const at = now();
    const removed = await endEverySession({ customer, cause: "signed-out-everywhere", meta, now: at });
    if (removed > 0) afterAnswer(() => deliverQueuedMail(at));
    await recordAudit({
      type: "signout",
      customerId: customer.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      detail: { everywhere: true },
    });
  }
  await signOut({ redirectTo: "/login?signedOut" });
}
