// The database a command-line tool that writes credentials works on (npm run import, provisioning:key): the app's
// own (DATABASE_URL, from the environment or .env.local as Next reads it, else the development PGlite), named on
// stderr. Production's database only in production mode: anywhere else the secrets may be the development ones
// (.data/dev-secrets.json), and hashes or sealed letters written under them would never open in the app.
import { openDatabase, type Database } from "../db/client";
import { readPurpose } from "../db/queries/demo";
import { describeDatabase } from "../lib/database-target";
import { env } from "../lib/env";
import { loadEnvFiles } from "../lib/env-files";

export async function openScriptDatabase(): Promise<Database> {
  loadEnvFiles();
  const { databaseUrl, dataDir, mode } = env();
  const target = databaseUrl ? { url: databaseUrl } : { dataDir: `${dataDir}/pglite` };
  console.error(`Writing to ${describeDatabase(target)}.`);
  const database = await openDatabase(target);
  // The development database migrates itself when the app starts; one never opened by it has no tables yet.
  if (database.kind === "pglite") await database.migrate();
  else if (mode !== "production" && (await readPurpose(database.db)) === "production") {
    await database.close();
    console.error(
      "This database is marked as production's: run with NODE_ENV=production and production's AUTH_SECRET and " +
        "CREDENTIAL_ENCRYPTION_KEY, or what it writes will not open in the app.",
    );
    process.exit(2);
  }
  return database;
}
