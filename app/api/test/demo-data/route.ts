import { getDb } from "@/db";
import { deleteChangesOfDemoAccounts, deleteRegistrationsOf } from "@/db/queries/demo";
import { demoAccounts, seedDemoData } from "@/lib/demo-data";
import { testOnly } from "../guard";

/**
 * POST: the demo accounts and lines back to their documented passwords (the registrar's credentials too), with no
 * change history and no registrations, between journeys.
 */
export async function POST(request: Request) {
  const refused = testOnly(request);
  if (refused) return refused;
  const db = await getDb();
  await seedDemoData(db);
  await deleteChangesOfDemoAccounts(
    db,
    demoAccounts.map((account) => account.selfCareId),
  );
  await deleteRegistrationsOf(
    db,
    demoAccounts.flatMap((account) => account.lines.map((line) => line.number)),
  );
  return Response.json({ ok: true });
}
