import { getDb } from "@/db";
import { seedDemoData } from "@/lib/demo-data";
import { testOnly } from "../guard";

/** POST: puts the demo accounts and lines back to their documented passwords between e2e journeys. */
export async function POST(request: Request) {
  const refused = testOnly(request);
  if (refused) return refused;
  await seedDemoData(await getDb());
  return Response.json({ ok: true });
}
