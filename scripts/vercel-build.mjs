// `npm run vercel-build` (vercel.json's build command): migrations first, so a deployment never serves an older
// schema, then the build. A production build's migrations mark the database as production's. A preview's build seeds
// instead (scripts/seed.ts): it refuses, before any migration or write, a database marked as production's or holding
// anything but demo data, then migrates, marks it as a demo database and writes the demo accounts (docs/deploy.md).
import { run } from "./run.mjs";

if (process.env.VERCEL_ENV === "preview") {
  run("npx", ["tsx", "scripts/seed.ts"], { label: "migrations and demo accounts for the preview's reviewers" });
} else {
  run("npx", ["tsx", "db/migrate.ts"], { label: "apply migrations" });
}
run("npx", ["next", "build"]);
