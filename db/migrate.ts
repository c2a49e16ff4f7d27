// `npm run db:migrate`: applies drizzle/ migrations to DATABASE_URL, or to the embedded database.
import { env } from "../lib/env";
import { openDatabase } from "./client";

const { databaseUrl, dataDir } = env();
const database = await openDatabase(databaseUrl ? { url: databaseUrl } : { dataDir: `${dataDir}/pglite` });
await database.migrate();
await database.close();
console.log(`Migrations applied (${database.kind}).`);
