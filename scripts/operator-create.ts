// `npm run operator:create -- --id ID --email EMAIL --role admin [--name NAME] [--code-fallback]`: an operator made
// from the command line, as the console's /admin/operators does, audited: the first admin of a new deployment. The
// generated initial password is printed once, on the last line. Without --code-fallback the operator signs in with it
// and an emailed code once, and registers a passkey before anything else (docs/operations.md, "The first admin").
import { parseArgs } from "node:util";
import { createOperator } from "../lib/operators/accounts";
import { newOperatorSchema } from "../lib/validation/operator";
import { openScriptDatabase } from "./script-database";

const usage =
  "Usage: npm run operator:create -- --id ID --email EMAIL --role admin|support|viewer [--name NAME] [--code-fallback]";

let values: { id?: string; email?: string; role?: string; name?: string; "code-fallback"?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      id: { type: "string" },
      email: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      "code-fallback": { type: "boolean" },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const parsed = newOperatorSchema.safeParse({
  selfCareId: values.id,
  name: values.name ?? values.id,
  email: values.email,
  role: values.role,
  codeFallback: values["code-fallback"] ?? false,
});
if (!parsed.success) {
  console.error(
    `${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n")}\n${usage}`,
  );
  process.exit(2);
}

const database = await openScriptDatabase();
const created = await createOperator({ operator: parsed.data, by: null, db: database.db });
await database.close();
if (!created.ok) {
  console.error(`The ID "${parsed.data.selfCareId}" is taken (by an operator or a customer): choose another.`);
  process.exit(1);
}
console.log(
  `Created the ${parsed.data.role} "${parsed.data.selfCareId}" <${parsed.data.email}>. ` +
    (parsed.data.codeFallback
      ? "They sign in with this password and an emailed code."
      : "They sign in once with this password and an emailed code, then register a passkey.") +
    " The initial password is shown only now:",
);
console.log(created.password);
