// `npm run db:seed [-- --reset] [-- --force]`: writes the demo accounts; refuses a production database unless forced.
import { openDatabase } from "../db/client";
import { truncateAll } from "../db/queries/demo";
import { seedDemoData } from "../lib/demo-data";
import { env } from "../lib/env";

const args = new Set(process.argv.slice(2));
const { databaseUrl, dataDir, production } = env();

if (production && !args.has("--force")) {
  console.error("Refusing to seed demo accounts into a production database. Pass --force if you really mean it.");
  process.exit(1);
}

const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: `${dataDir}/pglite` });
await database.migrate();
if (args.has("--reset")) await truncateAll(database.db);
await seedDemoData(database.db);
await database.close();
console.log(`Demo data written (${database.kind}${args.has("--reset") ? ", after emptying every table" : ""}).`);
