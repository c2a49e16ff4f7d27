// `npm run bench:profile [-- PATH | --login] [-- --seconds N]`: a CPU profile of the production server under the
// bench's page load (10 connections) or, with --login, the login password step posted without JavaScript (8
// connections), summarised by package. Builds nothing: run `npm run bench` (or `next build`) first.
// The server runs as `node --cpu-prof … next start`; the profile is written when it exits and kept in
// bench/results/profiles/ (not committed) for Chrome DevTools or speedscope; the summary is printed and written to
// bench/results/profile-<page>.md, which is.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import postgres from "postgres";
import { benchDatabaseUrl, createBenchAccounts, resetDatabase } from "./database";
import { BENCH_PASSWORD, benchId } from "./database";
import { formHeaders, getPage, hiddenFields, load, multipart } from "./http";
import { step } from "./progress";
import { benchServerEnv } from "./server";
import { signInMany } from "./sessions";

const args = process.argv.slice(2);
const loginAction = args.includes("--login");
const target = loginAction ? "/login (password step, POST)" : (args.find((arg) => arg.startsWith("/")) ?? "/menu");
const ACCOUNTS = 200;
const seconds = args.includes("--seconds") ? Number(args[args.indexOf("--seconds") + 1]) : 10;
const PORT = 3202;
const outDir = path.resolve("bench/results/profiles");

const url = await benchDatabaseUrl("selfcare_bench_test");
const env = { ...process.env, NODE_ENV: "production" as const, ...benchServerEnv(url) };

step("resetting the benchmark database");
await resetDatabase(url);
const sql = postgres(url, { max: 1, onnotice: () => {} });
await createBenchAccounts(sql, ACCOUNTS, ACCOUNTS);
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });

step(`starting the server with --cpu-prof, loading ${target} for ${seconds} s at 10 connections`);
// The same heap cap as `npm start` (Node refuses --cpu-prof in NODE_OPTIONS: it goes on the command line).
const node = ["--max-old-space-size=192", "--cpu-prof", `--cpu-prof-dir=${outDir}`];
const child = spawn(process.execPath, [...node, "node_modules/next/dist/bin/next", "start", "-p", String(PORT)], {
  env,
  stdio: ["ignore", "ignore", "inherit"],
});
const base = `http://127.0.0.1:${PORT}`;
for (
  let i = 0;
  i < 100 &&
  !(await fetch(`${base}/api/health`).then(
    (r) => r.ok,
    () => false,
  ));
  i++
)
  await sleep(200);
try {
  let result;
  if (loginAction) {
    const form = hiddenFields(await getPage(base, "/login"), "selfCareId");
    let account = 0;
    const post = (duration: number) =>
      load({
        url: `${base}/login`,
        connections: 8,
        seconds: duration,
        requests: [
          {
            method: "POST",
            setupRequest: (request) => ({
              ...request,
              headers: formHeaders(base),
              body: multipart({ ...form, selfCareId: benchId((account++ % ACCOUNTS) + 1), password: BENCH_PASSWORD }),
            }),
          },
        ],
      });
    // The allowances would stop the load within seconds: emptied every second, as the bench does.
    const clearing = setInterval(() => void sql`delete from rate_limits`.catch(() => {}), 1000);
    await post(2);
    result = await post(seconds).finally(() => clearInterval(clearing));
  } else {
    const [session] = await signInMany(base, sql, [1]);
    const headers: Record<string, string> = target.startsWith("/login") ? {} : { cookie: session!.cookie };
    await load({ url: `${base}${target}`, connections: 10, seconds: 2, headers });
    result = await load({ url: `${base}${target}`, connections: 10, seconds, headers });
  }
  step(`${target}: ${result.rps.toFixed(0)} req/s, p95 ${result.p95} ms (under the profiler)`);
} finally {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
  await sql.end();
}
for (let i = 0; i < 50 && fs.readdirSync(outDir).length === 0; i++) await sleep(100);

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** Which package a script belongs to: node_modules/<pkg> (also Next's compiled copies), the app's own chunks, Node. */
function packageOf(url: string, name: string): string {
  if (!url) return name === "(garbage collector)" ? "(garbage collector)" : name.startsWith("(") ? name : "(native)";
  if (url.startsWith("node:")) return "node (runtime)";
  const compiled = /next\/dist\/compiled\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (compiled) return `${compiled[1]} (in next)`;
  const modules = [...url.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].at(-1);
  if (modules) return modules[1]!;
  if (url.includes("/.next/server/")) {
    // Turbopack names server chunks after what they hold: a package's chunk says so.
    const chunk = path.basename(url);
    const bundled = /node_modules_((?:@[a-z0-9-]+_)?[a-z0-9.-]+?)_/i.exec(chunk);
    return bundled ? `${bundled[1]!.replace(/^@([^_]+)_/, "@$1/")} (bundled)` : "app (bundled server code)";
  }
  return "other";
}

const summary: string[] = [
  `# CPU profile: ${target}`,
  "",
  `\`npm run bench:profile\`, ${new Date().toISOString().slice(0, 10)}: the production server under ${seconds} s of load, self time by package.`,
];
for (const file of fs.readdirSync(outDir).filter((name) => name.endsWith(".cpuprofile"))) {
  const profile = JSON.parse(fs.readFileSync(path.join(outDir, file), "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  // Only the measured load: the last `seconds` before the server was stopped (start-up and sign-in left out).
  const from = profile.endTime - (seconds * 1000 + 500) * 1000;
  let at = profile.startTime;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index] ?? 0;
    if (at < from) return;
    const node = byId.get(id)!;
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const key = packageOf(node.callFrame.url, node.callFrame.functionName);
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
    if (node.callFrame.functionName !== "(idle)") {
      const where = `\`${node.callFrame.functionName || "(anonymous)"}\` ${path.basename(node.callFrame.url) || ""}`;
      functions.set(where, (functions.get(where) ?? 0) + ms);
    }
    total += ms;
  });
  const busy = total - (selfMs.get("(idle)") ?? 0);
  summary.push("", `${file}: the load's ${(total / 1000).toFixed(1)} s, ${(busy / 1000).toFixed(1)} s busy`, "");
  summary.push("| Package | Self ms | Share of busy |", "|---|---:|---:|");
  const top = (map: Map<string, number>, count: number) =>
    [...map]
      .filter(([key]) => key !== "(idle)")
      .sort((a, b) => b[1] - a[1])
      .slice(0, count);
  for (const [key, ms] of top(selfMs, 20))
    summary.push(`| ${key} | ${ms.toFixed(0)} | ${((ms / busy) * 100).toFixed(1)} % |`);
  // The heaviest functions themselves: where, inside a package, the time goes.
  summary.push("", "| Function | Self ms |", "|---|---:|");
  for (const [key, ms] of top(functions, 25)) summary.push(`| ${key} | ${ms.toFixed(0)} |`);
}
const slug = loginAction ? "login-action" : target.replace(/^\//, "").replace(/\W+/g, "-") || "top";
fs.writeFileSync(path.resolve(`bench/results/profile-${slug}.md`), `${summary.join("\n")}\n`);
console.log(summary.join("\n"));
