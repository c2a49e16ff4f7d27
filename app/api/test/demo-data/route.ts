import { getDb } from "@/db";
import { deleteChangesOfDemoAccounts } from "@/db/queries/demo";
import { demoAccounts, seedDemoData } from "@/lib/demo-data";
import { testOnly } from "../guard";

/** POST: the demo accounts and lines back to their documented passwords, with no change history, between journeys. */
export async function POST(request: Request) {
  const refused = testOnly(request);
  if (refused) return refused;
  const db = await getDb();
  await seedDemoData(db);
  await deleteChangesOfDemoAccounts(
    db,
    demoAccounts.map((account) => account.selfCareId),
  );
  return Response.json({ ok: true });
}
