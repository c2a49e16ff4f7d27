// `npm test`: the whole suite, in the order that fails fastest.
import os from "node:os";
import path from "node:path";
import { run } from "./run.mjs";

run("node", ["scripts/audit.mjs"], { label: "npm audit --omit=dev --audit-level=high" });
run("npm", ["run", "lint"]);
run("npm", ["run", "typecheck"]);
run("npm", ["run", "test:unit"]);
run("npm", ["run", "test:int"]);
run("npm", ["run", "test:e2e"]);
// One tiny iteration of every benchmark on the build the e2e step made: proves `npm run bench` still runs.
run("npm", ["run", "bench", "--", "--smoke", "--no-build", "--out", path.join(os.tmpdir(), "selfcare-bench-smoke")], {
  label: "benchmark smoke run (no timings asserted)",
});
console.log("\n✔ All checks passed.");
