// The results as JSON (every run) and as Markdown tables, each figure beside its target.
import type { Mode } from "./config";
import type { StatementFigure } from "./sections/statements";
import { ADDED_DELAY_MS, type RemoteFigure } from "./sections/remote-database";
import type { ActionFigure, HashCost } from "./sections/actions";
import { ADMIN_GROWTH_TARGET, ADMIN_P95_TARGET_MS, type AdminFigure, type AdminPlan } from "./sections/admin";
import { JOB_TARGET_PER_SECOND, type JobFigure } from "./sections/job";
import type { FloodFigure } from "./sections/flood";
import { IMPORT_TARGET_SECONDS, type ImportFigure } from "./sections/import";
import { SEARCH_P95_TARGET_MS, type CustomerSearchFigure } from "./sections/customer-search";
import type { LockTiming } from "./sections/lockout";
import type { Outcomes } from "./registrar";
import { LEGIT_SUCCESS_TARGET, type SipFloodFigure } from "./sections/sip-flood";
import type { CallSetupFigure } from "./sections/call-setups";
import { REGISTER_RATIO_TARGET, type RegistrationFigure } from "./sections/registrations";
import { BARE_PAGE_KB, OWN_LIMIT_KB, TOTAL_LIMIT_KB, type JsWeight } from "./sections/js-weight";
import { PAGE_TARGET_P95_MS, type PageFigure } from "./sections/pages";
import { RATIO_TARGET } from "./sections/actions";
import type { Repeated } from "./stats";
import { ACTION_CEILING_TARGET, TWIN_CONNECTIONS, frameworkCeiling, type PageTwinFigure } from "./sections/twins";

const RSS_TARGET_MB = 300;

export type Results = {
  mode: Mode;
  date: string;
  machine: { cpu: string; cores: number; memoryGb: number; node: string; postgres: string };
  repeats: number;
  pages: PageFigure[];
  /** The same-ingredient bare pages and action (bench/twin/), or why they were not measured. */
  twins: { pages: PageTwinFigure[]; bareActionRate: Repeated } | { missing: string };
  jsWeight: JsWeight[];
  hashCost: HashCost;
  changes: ActionFigure;
  logins: ActionFigure;
  lockTiming: LockTiming;
  flood: FloodFigure;
  admin: AdminFigure[];
  adminPlans: AdminPlan[];
  job: JobFigure[];
  memory: { idleMb: number; afterLoadMb: number; peakMb: number };
  /** Statements per request kind, and the latencies with the database 2 ms away (bench/relay.ts). */
  statements: StatementFigure[];
  remoteDatabase: RemoteFigure[];
  /** The SIP password-guessing flood against Kamailio (absent from results written before the section existed). */
  sipFlood?: SipFloodFigure;
  callSetups?: CallSetupFigure;
  /** REGISTERs a second, the project's config beside a bare registrar (absent from results written before it existed). */
  registrations?: RegistrationFigure;
  /** The CSV import of 100,000 customers (absent from results written before the section existed). */
  csvImport?: ImportFigure;
  /** The support desk's search at a million customers (absent from results written before the section existed). */
  customerSearch?: CustomerSearchFigure;
};

const round = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
const spread = (figure: Repeated) =>
  figure.runs.length > 1 ? `${round(figure.median)} (${round(figure.min)}–${round(figure.max)})` : round(figure.median);
const verdict = (met: boolean) => (met ? "✅ met" : "❌ missed");

function pageTable(pages: PageFigure[]): string[] {
  const rows = pages.map((page) => {
    const target = page.connections === 10 ? PAGE_TARGET_P95_MS[page.path] : undefined;
    const met = target === undefined ? "" : `≤ ${target} ms ${verdict(page.p95.median <= target)}`;
    return `| \`${page.path}\` | ${page.connections} | ${spread(page.p50)} | ${spread(page.p95)} | ${spread(page.p99)} | ${spread(page.rps)} | ${met} |`;
  });
  return [
    "| Page | Connections | p50 ms | p95 ms | p99 ms | Requests/s | Target (p95 at 10) |",
    "|---|---:|---:|---:|---:|---:|---|",
    ...rows,
  ];
}

function statementTable(figures: StatementFigure[]): string[] {
  return [
    "| Request | SQL statements before the answer (BEGIN and COMMIT count) | Goal | After the answer (its mail) |",
    "|---|---:|---|---:|",
    ...figures.map(
      (figure) =>
        `| ${figure.kind} | ${figure.statements} | ≤ ${figure.target} ${verdict(figure.statements <= figure.target)} | ${figure.afterAnswer ?? "—"} |`,
    ),
  ];
}

function remoteTable(figures: RemoteFigure[]): string[] {
  return [
    `| Request (one customer at a time) | loopback p50 ms | p95 ms | ${ADDED_DELAY_MS} ms each way p50 ms | p95 ms |`,
    "|---|---:|---:|---:|---:|",
    ...figures.map(
      (figure) =>
        `| ${figure.what} | ${round(figure.loopback.p50)} | ${round(figure.loopback.p95)} | ${round(figure.remote.p50)} | ${round(figure.remote.p95)} |`,
    ),
  ];
}

function twinTables(results: Results): string[] {
  if ("missing" in results.twins) return [`Not compared with the bare app: ${results.twins.missing}.`];
  const { pages, bareActionRate } = results.twins;
  const { cores, verifyMs, hashMs } = results.hashCost;
  const pageRows = pages.map(
    (page) =>
      `| \`${page.path}\` | ${spread(page.rps)} | ${spread(page.p95)} | \`${page.twin}\` | ${spread(page.twinRps)} | ${spread(page.twinP95)} | ${page.rpsRatio.toFixed(2)} (≥ ${page.target}) ${verdict(page.rpsRatio >= page.target)} | ${page.p95Ratio.toFixed(2)} |`,
  );
  const costRows = pages.map(
    (page) =>
      `| \`${page.path}\` | ${spread(page.cpuMsPerAnswer)} | ${round(page.htmlKb)} | \`${page.twin}\` | ${spread(page.twinCpuMsPerAnswer)} | ${round(page.twinHtmlKb)} | ${(page.twinCpuMsPerAnswer.median / page.cpuMsPerAnswer.median).toFixed(2)} |`,
  );
  const actionRow = (name: string, figure: ActionFigure, argon2Ms: number) => {
    const ceiling = frameworkCeiling(bareActionRate.median, argon2Ms, results.hashCost);
    const ratio = figure.perSecond.median / ceiling;
    return `| ${name} | ${spread(figure.perSecond)} | ${round(ceiling)} | ${ratio.toFixed(2)} ${verdict(ratio >= ACTION_CEILING_TARGET)} | ${round(figure.limit)} | ${figure.ratio.toFixed(2)} |`;
  };
  return [
    `**Against the bare app** (\`bench/twin\`, the same Next.js and React, built and served in the same run; ${TWIN_CONNECTIONS} connections, rounds alternating)`,
    "",
    "| Page | Requests/s | p95 ms | Bare twin | Requests/s | p95 ms | Throughput ratio | p95 ratio |",
    "|---|---:|---:|---|---:|---:|---|---:|",
    ...pageRows,
    "",
    "What each answer costs the server, from the same loads (the server process's CPU time, user and system, over its answers: steadier than throughput on two cores shared with the load tool and the database) and what it carries:",
    "",
    "| Page | CPU ms per answer | HTML KB | Bare twin | CPU ms per answer | HTML KB | CPU ratio (twin ÷ page) |",
    "|---|---:|---:|---|---:|---:|---:|",
    ...costRows,
    "",
    `Bare server action without JavaScript (\`/p/form\`): ${spread(bareActionRate)}/s. An action's framework-aware ceiling is \`1 / (1 / bare action rate + argon2id cost / cores)\` (${cores} cores; a change costs verify ${round(verifyMs)} + hash ${round(hashMs)} ms, a login check verify ${round(verifyMs)} ms); the argon2id-only ceiling leaves the framework out.`,
    "",
    `| Action | Per second | Framework-aware ceiling | Ratio (≥ ${ACTION_CEILING_TARGET}) | argon2id-only ceiling | Ratio |`,
    "|---|---:|---:|---|---:|---:|",
    actionRow("SIP password change", results.changes, verifyMs + hashMs),
    actionRow("Login password check", results.logins, verifyMs),
  ];
}

function jsTable(weights: JsWeight[]): string[] {
  const rows = weights.map(
    (weight) =>
      `| \`${weight.path}\` | ${weight.sharedKb} | ${weight.ownKb} ${verdict(weight.ownKb <= OWN_LIMIT_KB)} | ${weight.totalKb} ${verdict(weight.totalKb <= TOTAL_LIMIT_KB)} |`,
  );
  return [
    `| Page | Shared KB | Own KB (≤ ${OWN_LIMIT_KB}) | Total KB (≤ ${TOTAL_LIMIT_KB} = 1.2 × bare ${BARE_PAGE_KB}) |`,
    "|---|---:|---:|---:|",
    ...rows,
  ];
}

function actionTable(results: Results): string[] {
  const row = (name: string, figure: ActionFigure, limit: string) =>
    `| ${name} | ${spread(figure.perSecond)} | ${round(figure.limit)} (${limit}) | ${figure.ratio.toFixed(2)} ${verdict(figure.ratio >= RATIO_TARGET)} | ${figure.failed} | ${spread(figure.loginP95DuringLoad)} |`;
  const { cores, verifyMs, hashMs } = results.hashCost;
  return [
    `| Action | Per second | Physical limit | Ratio (≥ ${RATIO_TARGET}) | Refused | \`/login\` p95 ms meanwhile |`,
    "|---|---:|---:|---:|---:|---:|",
    row(
      "SIP password change",
      results.changes,
      `${cores} cores / (verify ${round(verifyMs)} + hash ${round(hashMs)} ms)`,
    ),
    row("Login password check", results.logins, `${cores} cores / verify ${round(verifyMs)} ms`),
  ];
}

function adminTable(figures: AdminFigure[]): string[] {
  const sizes = [...new Set(figures.map((figure) => figure.rows))];
  const queries = [...new Set(figures.map((figure) => figure.query))];
  const largest = sizes.at(-1)!;
  const rows = queries.map((query) => {
    const at = (size: number) => figures.find((figure) => figure.rows === size && figure.query === query)!.p95;
    const growth = at(largest).median / at(sizes[0]!).median;
    const met = at(largest).median <= ADMIN_P95_TARGET_MS && (sizes.length === 1 || growth <= ADMIN_GROWTH_TARGET);
    return `| ${query} | ${sizes.map((size) => spread(at(size))).join(" | ")} | ${growth.toFixed(2)} | ${verdict(met)} |`;
  });
  const label = (size: number) => (size >= 1e6 ? `${size / 1e6} M` : `${size / 1e3} k`);
  return [
    `| Query (p95 ms) | ${sizes.map((size) => `${label(size)} rows`).join(" | ")} | ${label(largest)} / ${label(sizes[0]!)} | Target (≤ ${ADMIN_P95_TARGET_MS} ms, ratio ≤ ${ADMIN_GROWTH_TARGET}) |`,
    `|---|${sizes.map(() => "---:").join("|")}|---:|---|`,
    ...rows,
  ];
}

function jobTable(figures: JobFigure[]): string[] {
  return [
    `| Workers | Due changes | Changes/s | Exactly once | Target (≥ ${JOB_TARGET_PER_SECOND}/s with 4) |`,
    "|---:|---:|---:|---|---|",
    ...figures.map(
      (figure) =>
        `| ${figure.workers} | ${figure.changes.toLocaleString("en")} | ${spread(figure.perSecond)} | ${figure.exactlyOnce ? "✅ yes" : "❌ no"} | ${figure.workers === 4 ? verdict(figure.perSecond.median >= JOB_TARGET_PER_SECOND) : ""} |`,
    ),
  ];
}

function floodTable(flood: FloodFigure): string[] {
  const { tried, throttled, overloaded } = flood.answers;
  const total = tried + throttled + overloaded || 1;
  const share = (count: number) => `${((count / total) * 100).toFixed(1)} %`;
  return [
    "**`/menu` under a login flood** (wrong passwords for random IDs from 1,000 random /64s of one IPv6 /48, 50 connections, beside `/menu` at 10 connections; a fresh /48 each run)",
    "",
    "| `/menu` | p95 ms |",
    "|---|---:|",
    `| alone | ${spread(flood.alone)} |`,
    `| during the flood | ${spread(flood.flooded)} |`,
    "",
    `Flood posts answered: ${spread(flood.floodPerSecond)}/s; ${share(tried)} tried a password, ${share(throttled)} stopped by the address limits (/64, /48, /32), ${share(overloaded)} refused at once by the hashing gate. \`/menu\` p95 during the flood is ${(flood.flooded.median / flood.alone.median).toFixed(2)} × alone.`,
  ];
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/**
 * " on the config of `abc1234 (2026-12-02)`": the last commit that changed deploy/kamailio/kamailio.cfg when the
 * section ran, as its figure recorded it (`git log -1 --format='%h (%cs)' -- deploy/kamailio/kamailio.cfg`, the SIP
 * flood's `config`). Empty for a figure that recorded none: the report never puts today's commit on an older run.
 */
function onConfig(figure: object): string {
  const config = "config" in figure && typeof figure.config === "string" ? figure.config : undefined;
  return config ? ` on the config of \`${config}\`` : "";
}

/** The SIP flood's paragraph and tables (also printed alone by `--only sip-flood`). */
export function sipFloodMarkdown(figure: SipFloodFigure | undefined): string[] {
  const title =
    "**A SIP password-guessing flood against the registrar** (Kamailio with `deploy/kamailio/kamailio.cfg`, SIPp)";
  if (!figure) return [title, "", "Not measured in this run."];
  if ("skipped" in figure) return [title, "", `Skipped: ${figure.skipped}.`];
  const { flood, floodOutcomes: guesses, legit, legitOutcomes: phones } = figure;
  const row = (name: string, outcomes: Outcomes, total: number) =>
    `| ${name} | ${total.toLocaleString("en")} | ${outcomes.registered} | ${outcomes.refused} | ${outcomes.banned} | ${outcomes.rechallenged} | ${outcomes.unanswered} |`;
  return [
    title,
    "",
    `Measured ${figure.date}${onConfig(figure)}: ${figure.seconds.toFixed(1)} s, ${flood.attempts.toLocaleString("en")} wrong passwords (${round(flood.perSecond)}/s) from ${flood.addresses.toLocaleString("en")} addresses of 127.1.0.0/16 against ${flood.lines} lines and ${flood.unknownNumbers} numbers that are not ours, beside ${legit.attempts.toLocaleString("en")} registrations with the right password (${round(legit.perSecond)}/s) from ${legit.phones} phones of ${legit.lines} of those lines on 127.2.0.0/16. Each registrar statement counted by the relay; CPU from /proc, in percent of one core over the run.`,
    "",
    "| REGISTERs | Sent | 200 registered | 403 after the challenge | 403 before any challenge (banned) | 401 again | Unanswered |",
    "|---|---:|---:|---:|---:|---:|---:|",
    row("wrong password", guesses, flood.attempts),
    row("right password", phones, legit.attempts),
    "",
    ...(figure.direct
      ? [
          `The same flood again on a fresh Kamailio connected to PostgreSQL directly (no relay; fresh addresses, 127.3.0.0/16 and 127.4.0.0/16), ${figure.direct.seconds.toFixed(1)} s: ${figure.direct.floodOutcomes.refused.toLocaleString("en")} guesses checked, ${figure.direct.floodOutcomes.unanswered.toLocaleString("en")} unanswered, ${figure.direct.floodOutcomes.banned.toLocaleString("en")} banned, ${figure.direct.dropped.toLocaleString("en")} requests dropped by the kernel, ${round(figure.direct.transactionsPerSecond)} statements a second (PostgreSQL's count of transactions); phones registered ${percent(figure.direct.legitSuccess)}; Kamailio ${round(figure.direct.kamailioCpu)} %, PostgreSQL ${figure.direct.postgresCpu === null ? "not on this machine" : `${round(figure.direct.postgresCpu)} %`} of a core.`,
          "",
        ]
      : []),
    "| Figure | Value | Target |",
    "|---|---:|---|",
    `| phones registered | ${percent(figure.legitSuccess)} | ≥ ${LEGIT_SUCCESS_TARGET * 100} % ${verdict(figure.legitSuccess >= LEGIT_SUCCESS_TARGET)} |`,
    `| registrar's database statements per second (the relay's count) | ${round(figure.statementsPerSecond)} | |`,
    `| the same from PostgreSQL (transactions on the database, per second) | ${round(figure.transactionsPerSecond)} | |`,
    ...(figure.settleSeconds > 0
      ? [`| statements in the ${figure.settleSeconds} s after the flood | ${figure.statementsAfter} | |`]
      : []),
    `| requests dropped by the kernel in front of Kamailio (its socket's queue full) | ${figure.dropped.toLocaleString("en")} | |`,
    `| Kamailio CPU (all its processes) | ${round(figure.kamailioCpu)} % | |`,
    `| PostgreSQL CPU (the registrar's backends) | ${figure.postgresCpu === null ? "not on this machine" : `${round(figure.postgresCpu)} %`} | |`,
    `| wrong guesses checked for one line (most / median of the ${flood.lines}) | ${figure.guessesPerLine.max} / ${round(figure.guessesPerLine.median)} | |`,
    `| \`wrong\` failures the database holds for one line (most), ${figure.settleSeconds} s after | ${figure.recordedPerLine} | |`,
  ];
}

/** Call set-ups with the outbound policy and without it (also printed alone by `--only call-setups`). */
export function callSetupsMarkdown(figure: CallSetupFigure | undefined): string[] {
  const title =
    "**Call set-ups through the registrar, with the outbound policy and without it** (Kamailio with `deploy/kamailio/kamailio.cfg`, SIPp phones and a SIPp gateway)";
  if (!figure) return [title, "", "Not measured in this run."];
  if ("skipped" in figure) return [title, "", `Skipped: ${figure.skipped}.`];
  const row = (run: (typeof figure.runs)[number]) =>
    `| ${run.dialled} | ${run.policy ? "with" : "without (NO_OUTBOUND_POLICY)"} | ${run.calls.toLocaleString("en")} | ${run.outcomes.answered.toLocaleString("en")} | ${run.outcomes.refused} | ${run.outcomes.unanswered} | ${run.seconds.toFixed(1)} | **${round(run.perSecond)}** | ${round(run.kamailioCpu)} % |`;
  return [
    title,
    "",
    `Measured ${figure.date}${onConfig(figure)}: ${figure.lines} lines call at once, ${figure.callsPerLine} calls each, as many at a time as the line's cap allows (2; 1 international). Each call: INVITE, the 407 challenge answered, the gateway's 200, ACK, BYE. Both ways each call is classified and recorded by acc (a row per transaction and a CDR); with the policy it is also checked against the refusals and counted in the line's dialog profiles, and an international call reads the line's policy from the database and counts towards the velocity rule (set out of reach here). CPU in percent of one core.`,
    "",
    "| Dialled | Outbound policy | Calls | Answered | Refused | Unanswered | Seconds | Set-ups/s | Kamailio CPU |",
    "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ...figure.runs.map(row),
  ];
}

/** The CSV import's paragraph and table (also printed alone by `--only import`). */
export function importMarkdown(figure: ImportFigure | undefined): string[] {
  const title =
    "**CSV import** (`npm run import`'s code on PostgreSQL, streamed from a file, 1,000 rows a transaction)";
  if (!figure) return [title, "", "Not measured in this run."];
  const row = (name: string, run: ImportFigure["first"]) =>
    `| ${name} | ${run.counts.rows.toLocaleString("en")} | ${run.counts.created.toLocaleString("en")} / ${run.counts.updated.toLocaleString("en")} / ${run.counts.unchanged.toLocaleString("en")} / ${run.counts.rejected.toLocaleString("en")} | ${round(run.seconds)} | ${round(run.cpuSeconds)} | ${Math.round(run.counts.rows / run.seconds).toLocaleString("en")} | ${(run.statements / run.batches).toFixed(1)} | ${round(run.peakRssMb)} |`;
  return [
    title,
    "",
    `Measured ${figure.date} on \`${figure.commit}\` (load average ${round(figure.loadAverage)} at the start): ${figure.customers.toLocaleString("en")} customers with ${figure.lines.toLocaleString("en")} lines (one row a line, ${round(figure.fileMb)} MB of UTF-8). The second import is the same file again. Node CPU is the importing process's own (parsing, checks, the core's password generation, hashing and sealing); the rest of the wall time is PostgreSQL and the round trips.`,
    "",
    "| Import | Rows | Created / updated / unchanged / rejected | Seconds | Node CPU s | Rows/s | Statements per batch (as drizzle sends them; BEGIN and COMMIT not counted) | Peak RSS MB |",
    "|---|---:|---|---:|---:|---:|---:|---:|",
    row("first (creates)", figure.first),
    row("again (unchanged)", figure.again),
    "",
    `First import: ${round(figure.first.seconds)} s against a target of ${IMPORT_TARGET_SECONDS} s ${verdict(figure.first.seconds <= IMPORT_TARGET_SECONDS)}. Memory: RSS ${round(figure.startRssMb)} MB at the start, ${round(Math.max(figure.first.peakRssMb, figure.again.peakRssMb))} MB at the peak (sampled every 100 ms; the process's lifetime maxRSS ${round(figure.maxRssMb)} MB), heap at most ${round(figure.peakHeapMb)} MB.`,
  ];
}

/** The support desk's search: each kind's time (also printed alone by `--only customer-search`). */
export function customerSearchMarkdown(figure: CustomerSearchFigure | undefined): string[] {
  const title = "**Support desk search** (`/admin/customers`'s query, one UNION ALL branch per kind, on PostgreSQL)";
  if (!figure) return [title, "", "Not measured in this run."];
  return [
    title,
    "",
    `${figure.customers.toLocaleString("en")} customers with a line each, generated in SQL (${round(figure.loadSeconds)} s with ANALYZE); ${figure.queries} different inputs per kind, one at a time, each timed through the app's query (both statements: the customers found and their lines).`,
    "",
    "| Kind | Median ms | p95 ms | Indexes in the plan | Target (p95) |",
    "|---|---:|---:|---|---|",
    ...figure.kinds.map(
      (kind) =>
        `| ${kind.kind} | ${round(kind.medianMs)} | ${round(kind.p95Ms)} | ${kind.index} | ≤ ${SEARCH_P95_TARGET_MS} ms ${verdict(kind.p95Ms <= SEARCH_P95_TARGET_MS)} |`,
    ),
  ];
}

/** The registrations table, with the call set-ups' rate for the same registrar beside it. */
export function registrationsMarkdown(
  figure: RegistrationFigure | undefined,
  callSetups: CallSetupFigure | undefined,
): string[] {
  const title =
    "**REGISTERs with digest a second: the project's registrar beside a bare one** (Kamailio with `deploy/kamailio/kamailio.cfg` as `kamailio_registrar`, then `bench/sip/bare-registrar.cfg`, on the same view, rows and database; SIPp)";
  if (!figure) return [title, "", "Not measured in this run."];
  if ("skipped" in figure) return [title, "", `Skipped: ${figure.skipped}.`];
  const rates = (config: "project" | "bare") =>
    figure.runs.filter((run) => run.config === config).map((run) => run.perSecond);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const ratios = rates("project").map((rate, i) => rate / rates("bare")[i]!);
  const ratio = median(ratios);
  const row = (run: (typeof figure.runs)[number]) =>
    `| ${run.config === "project" ? "project" : "bare"} | ${run.registers.toLocaleString("en")} | ${run.outcomes.registered.toLocaleString("en")} | ${run.outcomes.refused} | ${run.outcomes.rechallenged} | ${run.outcomes.unanswered} | ${run.seconds.toFixed(1)} | **${round(run.perSecond)}** | ${round(run.kamailioCpu)} % | ${run.postgresCpu === undefined ? "" : `${round(run.postgresCpu)} %`} |`;
  const invite =
    callSetups && "runs" in callSetups
      ? callSetups.runs
          .map(
            (run) =>
              `${round(run.perSecond)}/s to ${run.dialled} ${run.policy ? "with" : "without"} the outbound policy`,
          )
          .join(", ")
      : "not measured";
  return [
    title,
    "",
    `Measured ${figure.date}${onConfig(figure)}: ${figure.lines.toLocaleString("en")} lines provisioned with credentials as the portal writes them; each round registers its own distinct lines, the same ones with each config in turn (\`location\` emptied before each run: each REGISTER is a line's first, so usrloc inserts), at most ${figure.concurrent} waiting at a time from one socket, each REGISTER challenged (401) and answered with digest. Both run 8 workers; CPU in percent of one core (PostgreSQL's: the registrar's backends).`,
    "",
    "| Config | REGISTERs | Registered | Refused | Rechallenged | Unanswered | Seconds | Registered/s | Kamailio CPU | PostgreSQL CPU |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...figure.runs.map(row),
    "",
    `Project ÷ bare, median of the rounds: **${ratio.toFixed(2)}** (rounds: ${ratios.map((value) => value.toFixed(2)).join(", ")}), target ≥ ${REGISTER_RATIO_TARGET} ${verdict(ratio >= REGISTER_RATIO_TARGET)}.`,
    "",
    `Statements per accepted REGISTER, counted on the wire by the relay over ${figure.counted.toLocaleString("en")} REGISTERs: project ${figure.statements.project.toFixed(2)}, bare ${figure.statements.bare.toFixed(2)}.`,
    "",
    `INVITE set-ups a second through the same registrar (the call set-ups above): ${invite}.`,
    "",
    `<details><summary>The project's query of a line's hashes at ${figure.lines.toLocaleString("en")} lines</summary>`,
    "",
    "```",
    figure.credentialPlan,
    "```",
    "</details>",
  ];
}

/** The summary tables (what the console and bench/README.md cite); `withPlans` adds every query plan. */
export function markdown(results: Results, withPlans: boolean): string {
  const { machine, memory } = results;
  const lines = [
    `Measured ${results.date} (\`npm run bench${results.mode === "full" ? "" : ` -- --${results.mode}`}\`, ${results.repeats} runs each: median, then lowest–highest run) on ${machine.cores} cores of ${machine.cpu}, ${machine.memoryGb} GB, Node ${machine.node}, ${machine.postgres}.`,
    "",
    "**Page latency** (production build, PostgreSQL, signed-in pages with a real session cookie)",
    "",
    ...pageTable(results.pages),
    "",
    ...twinTables(results),
    "",
    "**Database round trips** (one request of each kind, counted on the wire by the relay between server and PostgreSQL)",
    "",
    ...statementTable(results.statements),
    "",
    `**With the database across a network** (the server's connection through the relay, ${ADDED_DELAY_MS} ms added in each direction, against the same relay with none)`,
    "",
    ...remoteTable(results.remoteDatabase),
    "",
    "**First-load JavaScript** (gzip, module scripts only)",
    "",
    ...jsTable(results.jsWeight),
    "",
    "**argon2id-bound actions against the machine's limit** (end to end over HTTP, as a browser without JavaScript posts them)",
    "",
    ...actionTable(results),
    "",
    `**The answer at the lock threshold** (the tenth wrong password, ${results.lockTiming.rounds} rounds each, alternating; the owner's notice goes out after the answer)`,
    "",
    "| Self-care ID | p50 ms | p90 ms |",
    "|---|---:|---:|",
    `| exists | ${round(results.lockTiming.knownMs.p50)} | ${round(results.lockTiming.knownMs.p90)} |`,
    `| does not exist | ${round(results.lockTiming.unknownMs.p50)} | ${round(results.lockTiming.unknownMs.p90)} |`,
    "",
    `Gap between the medians: ${round(results.lockTiming.medianGapMs)} ms.`,
    "",
    ...floodTable(results.flood),
    "",
    ...sipFloodMarkdown(results.sipFlood),
    "",
    ...callSetupsMarkdown(results.callSetups),
    "",
    ...registrationsMarkdown(results.registrations, results.callSetups),
    "",
    ...importMarkdown(results.csvImport),
    "",
    ...customerSearchMarkdown(results.customerSearch),
    "",
    "**Admin list at scale** (each query the admin page runs)",
    "",
    ...adminTable(results.admin),
    "",
    "**Reflection job** (notification emails excluded)",
    "",
    ...jobTable(results.job),
    "",
    "**Server memory (RSS)**",
    "",
    `| Idle | After the load | Peak | Target |`,
    "|---:|---:|---:|---|",
    `| ${memory.idleMb.toFixed(0)} MB | ${memory.afterLoadMb.toFixed(0)} MB | ${memory.peakMb.toFixed(0)} MB | ≤ ${RSS_TARGET_MB} MB ${verdict(memory.peakMb <= RSS_TARGET_MB)} |`,
  ];
  if (withPlans) {
    lines.push("", `### Query plans at ${results.admin.at(-1)!.rows.toLocaleString("en")} rows`, "");
    for (const plan of results.adminPlans) {
      lines.push(
        `<details><summary>${plan.query}</summary>`,
        "",
        "```sql",
        plan.sql,
        "```",
        "",
        "```",
        plan.plan,
        "```",
        "</details>",
        "",
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
