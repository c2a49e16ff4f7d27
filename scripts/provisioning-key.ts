// `npm run provisioning:key -- --name NAME [--read-only]`: makes a provisioning API key for automation, as the
// console's /admin/api-keys does, audited. The key is printed once, on the last line, and is never shown again.
import { parseArgs } from "node:util";
import { createApiKey } from "../lib/provisioning/api/keys";
import { apiKeySchema } from "../lib/validation/api-key";
import { openScriptDatabase } from "./script-database";

const usage = "Usage: npm run provisioning:key -- --name NAME [--read-only]";

let values: { name?: string; "read-only"?: boolean };
try {
  ({ values } = parseArgs({ options: { name: { type: "string" }, "read-only": { type: "boolean" } } }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const parsed = apiKeySchema.safeParse({ name: values.name, scope: values["read-only"] ? "read" : "write" });
if (!parsed.success) {
  console.error(`${parsed.error.issues.map((issue) => issue.message).join(" ")}\n${usage}`);
  process.exit(2);
}

const database = await openScriptDatabase();
const created = await createApiKey({ ...parsed.data, createdBy: null, db: database.db });
await database.close();
if (!created.ok) {
  console.error(`A live key is already named "${parsed.data.name}": revoke it in the console or choose another name.`);
  process.exit(1);
}
console.log(
  `Created the ${parsed.data.scope === "write" ? "read-write" : "read-only"} key "${parsed.data.name}" (${created.row.keyPrefix}…). It is shown only now:`,
);
console.log(created.key);
