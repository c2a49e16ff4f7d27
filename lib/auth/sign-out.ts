"use server";

import { getFreshSession, signOut } from "@/lib/auth/next-auth";
import { forgetSessionState } from "@/lib/auth/session-state";
import { recordAudit } from "@/db/queries/audit";
import { bumpSessionVersion } from "@/db/queries/customers";
import { requestMeta } from "@/lib/http/current-request";

/** Signs the customer out of every browser: the version bump invalidates all their tokens. */
export async function signOutEverywhere(): Promise<void> {
  const session = await getFreshSession();
  if (session) {
    const meta = await requestMeta();
    await bumpSessionVersion(session.user.id);
    forgetSessionState(session.user.id);
    await recordAudit({ type: "signout", customerId: session.user.id, ip: meta.ip, userAgent: meta.userAgent });
  }
  await signOut({ redirectTo: "/login?signedOut" });
}
