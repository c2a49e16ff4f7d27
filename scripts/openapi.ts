// `npm run openapi`: writes the provisioning API's OpenAPI document (lib/provisioning/api/openapi.ts) to
// docs/provisioning-openapi.json, the copy committed for readers and checked by lib/provisioning/api/openapi.test.ts.
import fs from "node:fs";
import { OPENAPI_FILE, openApiFileText } from "../lib/provisioning/api/openapi";

fs.writeFileSync(OPENAPI_FILE, openApiFileText());
console.log(`Wrote ${OPENAPI_FILE}.`);
