import { z } from "zod";
import { setTestClock } from "@/lib/server/clock";
import { testOnly } from "../guard";

const body = z.object({ at: z.iso.datetime({ offset: true }).nullable() });

/** POST { at: ISO time | null }: moves the app's clock (null puts it back). */
export async function POST(request: Request) {
  const refused = testOnly(request);
  if (refused) return refused;
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: "at must be an ISO time or null" }, { status: 400 });
  setTestClock(parsed.data.at ? new Date(parsed.data.at) : null);
  return Response.json({ ok: true });
}
