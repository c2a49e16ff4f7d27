import { clearAllHits } from "@/db/queries/rate-limits";
import { testOnly } from "../guard";

/** DELETE: forgets every rate-limit counter, so e2e journeys do not throttle each other. */
export async function DELETE(request: Request) {
  const refused = testOnly(request);
  if (refused) return refused;
  await clearAllHits();
  return Response.json({ ok: true });
}
