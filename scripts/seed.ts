// `npm run db:seed [-- --reset]`: writes the demo accounts. Refused in production mode, whatever the flags: the
// demo accounts' passwords are in the README. Refused too, in any mode, on a database that holds anything but demo
// data or is marked as production's (lib/demo-data.ts), before anything is written (--reset included); only a test
// run's throwaway database (test mode) is emptied with --reset whatever it holds.
import { openDatabase } from "../db/client";
import { truncateAll } from "../db/queries/demo";
import { demoRefusal, seedDemoDatabase } from "../lib/demo-data";
import { env, hasDemoData } from "../lib/env";

const args = new Set(process.argv.slice(2));
const { databaseUrl, dataDir, mode } = env();

if (!hasDemoData(mode)) {
  console.error("Refusing to write demo accounts in production mode: their passwords are public.");
  process.exit(1);
}

const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: `${dataDir}/pglite` });
const reset = args.has("--reset");
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
