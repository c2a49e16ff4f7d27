// `npm run vercel-build` (vercel.json's build command): migrations first, so a deployment never serves an older
// schema; in a preview, the demo accounts too (its own database, docs/deploy.md); then the build.
// scripts/seed.ts refuses production mode whatever this script does.
import { run } from "./run.mjs";

run("npx", ["tsx", "db/migrate.ts"], { label: "apply migrations" });
if (process.env.VERCEL_ENV === "preview") {
  run("npx", ["tsx", "scripts/seed.ts"], { label: "demo accounts for the preview's reviewers" });
}
run("npx", ["next", "build"]);
