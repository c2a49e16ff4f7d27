// `npm audit --omit=dev --audit-level=high`, run by `npm test`: fails on any high or critical advisory in what ships.
// Where the registry refuses the advisory endpoint (this project's sandbox allows only package downloads), it says so
// plainly and does not pretend to have checked.
import { spawnSync } from "node:child_process";

const result = spawnSync("npm", ["audit", "--omit=dev", "--audit-level=high", "--json"], { encoding: "utf8" });
let report;
try {
  report = JSON.parse(result.stdout);
} catch {
  console.error(result.stdout, result.stderr);
  process.exit(1);
}

if (report.statusCode && !report.metadata) {
  console.warn(
    `⚠ npm audit could not run: the registry answered ${report.statusCode} for ${report.uri}. Nothing was checked.`,
  );
  process.exit(0);
}

const { high = 0, critical = 0 } = report.metadata?.vulnerabilities ?? {};
console.log(`npm audit (production dependencies): ${critical} critical, ${high} high.`);
if (high + critical > 0) {
  for (const [name, finding] of Object.entries(report.vulnerabilities ?? {})) {
    if (finding.severity === "high" || finding.severity === "critical")
      console.error(`  ${finding.severity}: ${name} ${finding.range}`);
  }
  process.exit(1);
}
