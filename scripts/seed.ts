// `npm run db:seed [-- --reset]`: writes the demo accounts. Refused in production mode, whatever the flags: the
// demo accounts' passwords are in the README. Refused too, in any mode, on a database that holds anything but demo
// data or is marked as production's (lib/demo-data.ts), before anything is written. --reset empties every table
// first, and only a throwaway database (its name, or DATA_DIR's, contains "test"; lib/database-target.ts): refused
// before connecting on any other. A test run's (test mode) is emptied whatever it holds.
import { openDatabase } from "../db/client";
import { truncateAll } from "../db/queries/demo";
import { describeDatabase, refuseUnlessThrowaway } from "../lib/database-target";
import { demoRefusal, seedDemoDatabase } from "../lib/demo-data";
import { env, hasDemoData } from "../lib/env";
import { loadEnvFiles } from "../lib/env-files";

loadEnvFiles();
const args = new Set(process.argv.slice(2));
const { databaseUrl, dataDir, mode } = env();
const reset = args.has("--reset");

if (!hasDemoData(mode)) {
  console.error("Refusing to write demo accounts in production mode: their passwords are public.");
  process.exit(1);
}
if (reset) {
  try {
    refuseUnlessThrowaway(databaseUrl ? { url: databaseUrl } : { dataDir }, "empty");
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

const target = databaseUrl ? { url: databaseUrl } : { dataDir: `${dataDir}/pglite` };
console.log(`Seeding ${describeDatabase(target)}.`);
const database = await openDatabase(target);
const refusal = reset && mode === "test" ? null : await demoRefusal(database.db, { forPreview: false });
if (refusal) {
  console.error(`Refusing to write the demo accounts: ${refusal}. Nothing was changed.`);
  await database.close();
  process.exit(1);
}
await database.migrate();
if (reset) await truncateAll(database.db);
await seedDemoDatabase(database.db);
await database.close();
console.log(`Demo data written (${database.kind}${reset ? ", after emptying every table" : ""}).`);
