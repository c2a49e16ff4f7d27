// `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL, or to the embedded database. In production mode
// it marks the database as production's, so no preview or seed ever takes it (or a branch of it) for a demo database;
// and it refuses a database marked as a demo database, whose accounts' passwords are public.
import { env } from "../lib/env";
import { openDatabase } from "./client";
import { markPurpose } from "./queries/demo";

const { databaseUrl, dataDir, mode } = env();
const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: `${dataDir}/pglite` });
await database.migrate();
if (mode === "production" && (await markPurpose(database.db, "production")) !== "production") {
  console.error(
    'Refusing to serve production from a demo database (marked "demo"): its accounts\' passwords are public.',
  );
  await database.close();
  process.exit(1);
}
await database.close();
console.log(`Migrations applied (${database.kind}${mode === "production" ? ", marked as production's" : ""}).`);
