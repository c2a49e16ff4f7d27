// `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL (from the environment or .env.local, as Next reads
// it), or to the embedded database. In production mode it marks the database as production's, so no preview or seed
// ever takes it (or a branch of it) for a demo database; and it refuses a database marked as a demo database, whose
// accounts' passwords are public.
import { describeDatabase } from "../lib/database-target";
import { env } from "../lib/env";
import { loadEnvFiles } from "../lib/env-files";
import { openDatabase } from "./client";
import { markPurpose } from "./queries/demo";

loadEnvFiles();
const { databaseUrl, dataDir, mode } = env();
const target = databaseUrl ? { url: databaseUrl } : { dataDir: `${dataDir}/pglite` };
console.log(`Migrating ${describeDatabase(target)}.`);
const database = await openDatabase(target);
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
