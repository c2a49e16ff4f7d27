// Unit tests under three time zones: the reflection time must not depend on the server's zone (Vercel runs in UTC).
import { run } from "./run.mjs";

for (const zone of ["UTC", "Asia/Tokyo", "America/Los_Angeles"]) {
  run("npx", ["vitest", "run", "--project", "unit", ...process.argv.slice(2)], {
    env: { TZ: zone },
    label: `unit tests (TZ=${zone})`,
  });
}
