// `npm run db:seed [-- --reset]`: writes the demo accounts. Refused in production mode, whatever the flags: the
// demo accounts' passwords are in the README.
import { openDatabase } from "../db/client";
import { truncateAll } from "../db/queries/demo";
import { seedDemoData } from "../lib/demo-data";
import { env, hasDemoData } from "../lib/env";

const args = new Set(process.argv.slice(2));
const { databaseUrl, dataDir, mode } = env();

if (!hasDemoData(mode)) {
  console.error("Refusing to write demo accounts in production mode: their passwords are public.");
  process.exit(1);
}

const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: `${dataDir}/pglite` });
await database.migrate();
if (args.has("--reset")) await truncateAll(database.db);
await seedDemoData(database.db);
await database.close();
console.log(`Demo data written (${database.kind}${args.has("--reset") ? ", after emptying every table" : ""}).`);
