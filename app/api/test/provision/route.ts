import { z } from "zod";
import { getDb } from "@/db";
import { provisionCustomers } from "@/lib/provisioning/provision-customers";
import { provisionLines } from "@/lib/provisioning/provision-lines";
import { now } from "@/lib/server/clock";
import { customerBodySchema, externalIdSchema, lineBodySchema, lineNumberSchema } from "@/lib/validation/provisioning";
import { testOnly } from "../guard";

const body = z.object({
  customers: z.array(z.object({ externalId: externalIdSchema, body: customerBodySchema })).max(10),
  lines: z.array(z.object({ number: lineNumberSchema, body: lineBodySchema })).max(10),
});

/**
 * POST { customers: [{ externalId, body }], lines: [{ number, body }] }: the provisioning core, as the API calls it,
 * for journeys that need a customer of their own (a letter, the first sign-in). Answers the outcomes, with the
 * generated passwords of what it created.
 */
export async function POST(request: Request) {
  const refused = testOnly(request);
  if (refused) return refused;
  const parsed = body.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return Response.json({ error: z.flattenError(parsed.error) }, { status: 400 });
  const ctx = { actor: { kind: "command-line" } as const, now: now() };
  const db = await getDb();
  const customers = await db.transaction((tx) =>
    provisionCustomers(
      tx,
      parsed.data.customers.map(({ externalId, body }) => ({ ...body, externalId })),
      ctx,
    ),
  );
  const lines = await db.transaction((tx) =>
    provisionLines(
      tx,
      parsed.data.lines.map(({ number, body }) => ({ ...body, number })),
      ctx,
    ),
  );
  return Response.json({ customers, lines });
}
