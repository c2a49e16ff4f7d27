"use server";

import { headers } from "next/headers";
import { getFreshSession, signOut } from "@/lib/auth/next-auth";
import { forgetSessionState } from "@/lib/auth/session-state";
import { recordAudit } from "@/db/queries/audit";
import { bumpSessionVersion } from "@/db/queries/customers";
import { env } from "@/lib/env";
import { requestMetaFrom } from "@/lib/http/request-meta";

/** Signs the customer out of every browser: the version bump invalidates all their tokens. */
export async function signOutEverywhere(): Promise<void> {
  const session = await getFreshSession();
  if (session) {
    const meta = requestMetaFrom(await headers(), env().clientAddress);
    await bumpSessionVersion(session.user.id);
    forgetSessionState(session.user.id);
    await recordAudit({ type: "signout", customerId: session.user.id, ip: meta.ip, userAgent: meta.userAgent });
  }
  await signOut({ redirectTo: "/login?signedOut" });
}
