// `npm run bench [-- --quick | --smoke] [-- --no-build] [-- --out DIR]
// [-- --only sip-flood|call-setups|registrations|import|customer-search]
// [-- --database NAME]`:
// builds, serves, loads data, measures, reports.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openDatabase } from "../db/client";
// The app's queries run in this process on the benchmark's database (not a React hook, whatever its name).
import { useDatabaseForTests as provideDatabase } from "../db/index";
import { plans, type Mode } from "./config";
import { benchDatabaseUrl, createBenchAccounts, resetDatabase } from "./database";
import { step } from "./progress";
import {
  callSetupsMarkdown,
  customerSearchMarkdown,
  importMarkdown,
  markdown,
  registrationsMarkdown,
  sipFloodMarkdown,
  type Results,
} from "./report";
import { measureChanges, measureHashCost, measureLogins } from "./sections/actions";
import { measureAdmin, type Captured } from "./sections/admin";
import { measureJob } from "./sections/job";
import { measureJsWeight } from "./sections/js-weight";
import { measureFlood } from "./sections/flood";
import { measureImport } from "./sections/import";
import { measureCustomerSearch } from "./sections/customer-search";
import { measureLockTiming } from "./sections/lockout";
import { measurePages } from "./sections/pages";
import { measureRemoteDatabase } from "./sections/remote-database";
import { measureSipFlood } from "./sections/sip-flood";
import { measureCallSetups } from "./sections/call-setups";
import { measureRegistrations } from "./sections/registrations";
import { measureStatements } from "./sections/statements";
import { startRelay } from "./relay";
import { measureBareAction, measurePageTwins } from "./sections/twins";
import { startTwin } from "./twin";
import { appPid, benchServerEnv, rssMb, startServer } from "./server";
import { signInMany } from "./sessions";
import { env } from "../lib/env";

const args = process.argv.slice(2);
const mode: Mode = args.includes("--smoke") ? "smoke" : args.includes("--quick") ? "quick" : "full";
const outDir = args.includes("--out") ? path.resolve(args[args.indexOf("--out") + 1]!) : path.resolve("bench/results");
const plan = plans[mode];
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
// `--only sip-flood`, `--only call-setups`, `--only registrations`, `--only import` or `--only customer-search`: that section alone (no build,
// no app server), its figures replacing the same mode's in the results.
const sections = ["sip-flood", "call-setups", "registrations", "import", "customer-search"];
const only = option("--only");
if (only !== undefined && !sections.includes(only)) {
  throw new Error(`--only runs ${sections.join(", ")}, not ${only}`);
}
const PORT = 3200;
const TWIN_PORT = 3201;

// "test" in the names: the server runs in test mode, which only a throwaway database may (lib/database-target.ts).
const databaseName = option("--database") ?? (mode === "smoke" ? "selfcare_bench_smoke_test" : "selfcare_bench_test");
const url = await benchDatabaseUrl(databaseName);
const serverEnv = benchServerEnv(url);
Object.assign(process.env, serverEnv);
step(`${mode} run against ${url.replace(/\/\/[^@]*@/, "//")}`);

// Only a full run replaces the committed figures; shorter runs keep theirs beside them.
const name = mode === "full" ? "latest" : mode;
function writeResults(results: Results) {
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `${name}.json`), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, `${name}.md`), `# Benchmark results\n\n${markdown(results, true)}`);
  step(`results written to ${path.relative(process.cwd(), outDir)}/${name}.md and ${name}.json`);
}

/** One section's figures put into the same mode's results written before, when there are any. */
function replaceSection(section: Partial<Results>) {
  const earlier = path.join(outDir, `${name}.json`);
  if (fs.existsSync(earlier))
    writeResults({ ...(JSON.parse(fs.readFileSync(earlier, "utf8")) as Results), ...section });
}

if (only === "import") {
  step("resetting the benchmark database");
  await resetDatabase(url);
  const csvImport = await measureImport(url, plan.importRows);
  replaceSection({ csvImport });
  console.log(importMarkdown(csvImport).join("\n"));
  process.exit(0);
}

if (only === "customer-search") {
  step("resetting the benchmark database");
  await resetDatabase(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const database = await openDatabase({ url });
  provideDatabase(database.db);
  try {
    const customerSearch = await measureCustomerSearch(sql, plan.customerSearch);
    replaceSection({ customerSearch });
    console.log(customerSearchMarkdown(customerSearch).join("\n"));
  } finally {
    await sql.end();
    await database.close();
  }
  process.exit(0);
}

if (only === "sip-flood") {
  step("resetting the benchmark database");
  await resetDatabase(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await createBenchAccounts(sql, plan.accounts, plan.accounts);
    const sipFlood = await measureSipFlood(sql, { databaseUrl: url, domain: env().sipDomain }, plan);
    replaceSection({ sipFlood });
    console.log(sipFloodMarkdown(sipFlood).join("\n"));
  } finally {
    await sql.end();
  }
  process.exit(0);
}

if (only === "call-setups") {
  step("resetting the benchmark database");
  await resetDatabase(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await createBenchAccounts(sql, plan.callSetups.lines, plan.callSetups.lines);
    const callSetups = await measureCallSetups(sql, { databaseUrl: url, domain: env().sipDomain }, plan);
    replaceSection({ callSetups });
    console.log(callSetupsMarkdown(callSetups).join("\n"));
  } finally {
    await sql.end();
  }
  process.exit(0);
}

if (only === "registrations") {
  step("resetting the benchmark database");
  await resetDatabase(url);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await createBenchAccounts(sql, plan.accounts, plan.registrations.lines);
    const registrations = await measureRegistrations(sql, { databaseUrl: url, domain: env().sipDomain }, plan);
    replaceSection({ registrations });
    const earlier = path.join(outDir, `${name}.json`);
    const callSetups = fs.existsSync(earlier)
      ? (JSON.parse(fs.readFileSync(earlier, "utf8")) as Results).callSetups
      : undefined;
    console.log(registrationsMarkdown(registrations, callSetups).join("\n"));
  } finally {
    await sql.end();
  }
  process.exit(0);
}

if (!args.includes("--no-build")) {
  step("building the app (next build)");
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error("next build failed");
}

step("resetting the benchmark database");
await resetDatabase(url);
const sql = postgres(url, { max: 1, onnotice: () => {} });
const lineCount = Math.max(plan.jobChanges, plan.accounts, Math.max(...plan.adminSizes) / 10);
await createBenchAccounts(sql, plan.accounts, lineCount);
const captured: Captured[] = [];
const database = await openDatabase(
  { url },
  { logQuery: (query, params) => void captured.splice(0, 1, { query, params }) },
);
provideDatabase(database.db);

const hashCost = await measureHashCost(mode === "smoke" ? 2 : 20);

step("starting the production server");
const server = await startServer(PORT, process.env);
const pid = appPid(server.process.pid!);
if (!pid) throw new Error("No next-server process under npm start");
let peakMb = 0;
const sampler = setInterval(() => (peakMb = Math.max(peakMb, rssMb(pid))), 250);
let results: Results;
try {
  const accounts = Array.from({ length: plan.actionConnections }, (_, i) => i + 1);
  const sessions = await signInMany(server.base, sql, accounts);
  const cookie = sessions[0]!.cookie;
  for (const page of ["/login", "/menu", "/ip-phone/password"]) {
    for (let i = 0; i < 20; i++)
      await fetch(`${server.base}${page}`, { headers: { cookie } }).then((response) => response.text());
  }
  const idleMb = rssMb(pid);
  step(`server RSS after start and warm-up: ${idleMb.toFixed(0)} MB`);

  const pages = await measurePages(server.base, cookie, plan);
  // The bare twin beside it (not in the smoke run, which only proves the bench still works).
  let twins: Results["twins"] = { missing: "not measured in a smoke run" };
  if (mode !== "smoke") {
    const twin = await startTwin(TWIN_PORT);
    try {
      const twinPid = appPid(twin.process.pid!);
      if (!twinPid) throw new Error("No next-server process for the bare twin");
      const servers = { app: { base: server.base, pid }, twin: { base: twin.base, pid: twinPid } };
      const pageTwins = await measurePageTwins(servers, cookie, plan);
      twins = { pages: pageTwins, bareActionRate: await measureBareAction(twin.base, plan) };
    } finally {
      await twin.stop();
    }
  }
  const jsWeight = await measureJsWeight(server.base, [
    { path: "/login" },
    { path: "/menu", cookie },
    { path: "/ip-phone/password", cookie },
  ]);
  const changes = await measureChanges(server.base, sql, sessions, hashCost, plan);
  const logins = await measureLogins(server.base, sql, hashCost, plan);
  const lockTiming = await measureLockTiming(server.base, sql, plan);
  const flood = await measureFlood(server.base, cookie, plan);
  const afterLoadMb = rssMb(pid);
  step(`server RSS after the load: ${afterLoadMb.toFixed(0)} MB (peak ${peakMb.toFixed(0)} MB)`);
  clearInterval(sampler);
  await server.stop();

  // The same build again, its database connection through a relay that counts statements and can add a delay.
  const target = new URL(url);
  const relay = await startRelay({ host: target.hostname, port: Number(target.port || 5432) });
  const relayed = new URL(url);
  relayed.host = `127.0.0.1:${relay.port}`;
  step(`starting a second server whose database is behind a relay (port ${relay.port})`);
  const remoteServer = await startServer(PORT + 2, { ...process.env, DATABASE_URL: relayed.href });
  let statements: Results["statements"];
  let remoteDatabase: Results["remoteDatabase"];
  try {
    statements = await measureStatements(remoteServer.base, relay, sql, { account: 1, untouched: plan.accounts });
    remoteDatabase = await measureRemoteDatabase(
      remoteServer.base,
      relay,
      sql,
      { cookie, account: 1, untouched: plan.accounts },
      plan,
      mode === "smoke" ? 3 : 15,
    );
  } finally {
    await remoteServer.stop();
    await relay.close();
  }

  const admin = await measureAdmin(sql, captured, plan, lineCount);
  const job = await measureJob(sql, plan);
  const sipFlood = await measureSipFlood(sql, { databaseUrl: url, domain: env().sipDomain }, plan);
  const callSetups = await measureCallSetups(sql, { databaseUrl: url, domain: env().sipDomain }, plan);
  const registrations = await measureRegistrations(sql, { databaseUrl: url, domain: env().sipDomain }, plan);
  const csvImport = await measureImport(url, plan.importRows);
  const customerSearch = await measureCustomerSearch(sql, plan.customerSearch);
  const [{ version }] = (await sql`select current_setting('server_version') as version`) as unknown as [
    { version: string },
  ];
  results = {
    mode,
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? "unknown CPU",
      cores: os.availableParallelism(),
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      postgres: `PostgreSQL ${version}`,
    },
    repeats: plan.repeats,
    pages,
    twins,
    jsWeight,
    hashCost,
    changes,
    logins,
    lockTiming,
    flood,
    admin: admin.figures,
    adminPlans: admin.plans,
    job,
    memory: { idleMb, afterLoadMb, peakMb },
    statements,
    remoteDatabase,
    sipFlood,
    callSetups,
    registrations,
    csvImport,
    customerSearch,
  };
} finally {
  clearInterval(sampler);
  await server.stop();
  await sql.end();
  await database.close();
}

writeResults(results);
console.log(markdown(results, false));
