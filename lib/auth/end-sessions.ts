// Ending every session of a customer at once (「すべての端末からログアウト」, an operator's forced sign-out): the
// session version moves on, and the passkeys added recently go with the sessions a thief may have held.
import { bumpSessionVersion } from "@/db/queries/customers";
import type { RequestMeta } from "@/lib/http/request-meta";
import { type RecentPasskeysCause, removeRecentPasskeys } from "./passkey-flows";
import { forgetSessionState } from "./session-state";

/** Every token of the customer invalidated; answers how many recently added passkeys were removed. */
export async function endEverySession({
  customer,
  cause,
  meta,
  now,
}: {
  customer: { id: string; selfCareId: string; displayName: string; email: string };
  cause: Exclude<RecentPasskeysCause, "password-changed">;
  meta: RequestMeta;
  now: Date;
}): Promise<number> {
  await bumpSessionVersion(customer.id);
  forgetSessionState(customer.id);
  return removeRecentPasskeys({ customer, cause, meta, now });
}
