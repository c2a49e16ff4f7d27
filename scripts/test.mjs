// `npm test`: the whole suite, in the order that fails fastest.
import { run } from "./run.mjs";

run("npm", ["run", "lint"]);
run("npm", ["run", "typecheck"]);
run("npm", ["run", "test:unit"]);
run("npm", ["run", "test:int"]);
run("npm", ["run", "test:e2e"]);
console.log("\n✔ All checks passed.");
