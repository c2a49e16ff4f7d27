// REGISTERs with digest a second through the real registrar (deploy/kamailio/kamailio.cfg, as kamailio_registrar)
// beside a bare auth_db + usrloc registrar (bench/sip/bare-registrar.cfg) on the same view, rows and database, one
// after the other: SIPp registering many distinct lines from an injection file, each REGISTER answering its challenge.
// Then the statements each sends per REGISTER, counted on the wire by the relay (bench/relay.ts), and the plan of
// the project's credential query at this many lines.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type postgres from "postgres";
import type { Plan } from "../config";
import { BENCH_SIP_PASSWORD, benchNumber } from "../database";
import { step } from "../progress";
import {
  configCommit,
  corePercent,
  cpuTicks,
  missingRegistrarTools,
  prepareRegistrarDatabase,
  registrarBackends,
} from "../registrar";
import { startRelay } from "../relay";
import { freeUdpPort, processTree, startKamailio } from "../../test/kamailio";

/** What the project's config must reach, as a share of the bare registrar's REGISTERs a second (issue #37). */
export const REGISTER_RATIO_TARGET = 0.8;

const CONFIGS = { project: "deploy/kamailio/kamailio.cfg", bare: "bench/sip/bare-registrar.cfg" } as const;
type Config = keyof typeof CONFIGS;

type Outcomes = Record<"registered" | "refused" | "rechallenged" | "unanswered", number>;

type RegisterRun = {
  config: Config;
  registers: number;
  seconds: number;
  perSecond: number;
  outcomes: Outcomes;
  kamailioCpu: number;
  /** The registrar's PostgreSQL backends (same machine), in percent of one core. */
  postgresCpu: number;
};

export type RegistrationFigure =
  | { skipped: string }
  | {
      date: string;
      /** The last commit that changed deploy/kamailio/kamailio.cfg: the config measured. */
      config: string;
      lines: number;
      concurrent: number;
      runs: RegisterRun[];
      /** Statements each config sent PostgreSQL per accepted REGISTER (the relay's count over `counted` of them). */
      statements: Record<Config, number>;
      counted: number;
      /** EXPLAIN ANALYZE of the project's query of one line's hashes, at `lines` lines. */
      credentialPlan: string;
    };

/**
 * SIPp registering the lines of `numbers` once each, `concurrent` at a time from one socket: how the REGISTERs
 * ended, and the seconds from the first to SIPp's exit.
 */
async function registerLines(
  { port, domain }: { port: number; domain: string },
  { numbers, concurrent }: { numbers: string[]; concurrent: number },
): Promise<{ outcomes: Outcomes; seconds: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-lines-"));
  fs.writeFileSync(path.join(dir, "lines.csv"), `SEQUENTIAL\n${numbers.join(";\n")};\n`);
  const log = path.join(dir, "outcomes.log");
  try {
    const started = performance.now();
    const child = spawn(
      "sipp",
      [
        `127.0.0.1:${port}`,
        ...["-sf", path.resolve("bench/sip/register-lines.xml"), "-inf", "lines.csv", "-t", "u1"],
        ...["-i", "127.0.0.1", "-p", String(await freeUdpPort()), "-nostdin"],
        ...["-ap", BENCH_SIP_PASSWORD, "-key", "domain", domain],
        // As fast as the registrar answers: at most `concurrent` REGISTERs waiting for their answer.
        ...["-m", String(numbers.length), "-l", String(concurrent), "-r", "100000"],
        ...["-trace_logs", "-log_file", log],
      ],
      { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
    );
    let errors = "";
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const stop = setTimeout(() => child.kill("SIGKILL"), 600_000);
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(stop);
    const seconds = (performance.now() - started) / 1000;
    if (!fs.existsSync(log)) throw new Error(`SIPp (exit ${status}) logged no REGISTER:\n${errors}`);
    const outcomes: Outcomes = { registered: 0, refused: 0, rechallenged: 0, unanswered: 0 };
    for (const [outcome] of fs.readFileSync(log, "utf8").matchAll(/^\w+$/gm)) {
      if (outcome in outcomes) outcomes[outcome as keyof Outcomes] += 1;
    }
    outcomes.unanswered = numbers.length - outcomes.registered - outcomes.refused - outcomes.rechallenged;
    return { outcomes, seconds };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Kamailio with `config` on a database URL (the registrar's role), the bench's flood shield out of reach. */
function startConfig(config: Config, { databaseUrl, domain }: { databaseUrl: string; domain: string }) {
  // Every REGISTER of the bench comes from one address: over SOURCE_RATE, raised here as for the call set-ups.
  return startKamailio({
    databaseUrl,
    sipDomain: domain,
    sourceRate: 1_000_000,
    sharedMemoryMb: 256,
    config: CONFIGS[config],
  });
}

/** The registrar's role on the database of `url`, connecting to `host` (the server's, or the relay's). */
function registrarUrl(url: string, host = new URL(url).host): string {
  return `postgres://kamailio_registrar@${host}${new URL(url).pathname}`;
}

/** One timed run: the lines of `numbers` registered through a Kamailio of `config`, no registration left before. */
async function run(
  sql: postgres.Sql,
  target: { databaseUrl: string; domain: string },
  { config, numbers, concurrent }: { config: Config; numbers: string[]; concurrent: number },
): Promise<RegisterRun> {
  await sql`delete from location`;
  const kamailio = await startConfig(config, { ...target, databaseUrl: registrarUrl(target.databaseUrl) });
  try {
    // One line first: the workers' connections open before the clock starts.
    await registerLines(
      { port: kamailio.port, domain: target.domain },
      { numbers: numbers.slice(0, 1), concurrent: 1 },
    );
    const database = new URL(target.databaseUrl).pathname.slice(1);
    const backends = await registrarBackends(sql, database);
    const before = cpuTicks(processTree(kamailio.pid));
    const postgresBefore = cpuTicks(backends);
    const { outcomes, seconds } = await registerLines(
      { port: kamailio.port, domain: target.domain },
      { numbers: numbers.slice(1), concurrent },
    );
    const kamailioCpu = corePercent(before, cpuTicks(processTree(kamailio.pid)), seconds);
    const postgresCpu = corePercent(postgresBefore, cpuTicks(backends), seconds);
    if (outcomes.registered === 0)
      throw new Error(`No REGISTER accepted by ${config}:\n${kamailio.logs().slice(-5000)}`);
    return {
      config,
      registers: numbers.length - 1,
      seconds,
      perSecond: outcomes.registered / seconds,
      outcomes,
      kamailioCpu,
      postgresCpu,
    };
  } finally {
    await kamailio.stop();
  }
}

/** Statements per accepted REGISTER of `config`: its database connections through a counting relay. */
async function countStatements(
  sql: postgres.Sql,
  target: { databaseUrl: string; domain: string },
  { config, numbers }: { config: Config; numbers: string[] },
): Promise<number> {
  await sql`delete from location`;
  const server = new URL(target.databaseUrl);
  const relay = await startRelay({ host: server.hostname, port: Number(server.port || 5432) });
  const kamailio = await startConfig(config, {
    ...target,
    databaseUrl: registrarUrl(target.databaseUrl, `127.0.0.1:${relay.port}`),
  });
  try {
    const sip = { port: kamailio.port, domain: target.domain };
    await registerLines(sip, { numbers: numbers.slice(0, 1), concurrent: 1 });
    const before = relay.statements();
    const { outcomes } = await registerLines(sip, { numbers: numbers.slice(1), concurrent: 10 });
    return (relay.statements() - before) / outcomes.registered;
  } finally {
    await kamailio.stop();
    await relay.close();
  }
}

export async function measureRegistrations(
  sql: postgres.Sql,
  target: { databaseUrl: string; domain: string },
  plan: Plan,
): Promise<RegistrationFigure> {
  const missing = missingRegistrarTools();
  if (missing) {
    step(`Registrations skipped: ${missing}`);
    return { skipped: missing };
  }
  const { lines, registers, rounds, concurrent, counted } = plan.registrations;
  await prepareRegistrarDatabase(sql, { lines, domain: target.domain });
  await sql`analyze`;
  // The query exactly as route LINE_HASHES sends it (the values hex-encoded, decoded in SQL).
  const hex = (text: string) => Buffer.from(text).toString("hex");
  const decoded = (text: string) => `convert_from(decode('${hex(text)}', 'hex'), 'UTF8') COLLATE "default"`;
  const explained = await sql.unsafe<{ "QUERY PLAN": string }[]>(
    `explain analyze select ha1, ha1b, previous_ha1, previous_ha1b, retired_ha1, retired_ha1b, early_ha1, early_ha1b
     from sip_line_credentials where username = ${decoded(benchNumber(Math.ceil(lines / 2)))} and domain = ${decoded(target.domain)}`,
  );
  const credentialPlan = explained.map((row) => row["QUERY PLAN"]).join("\n");
  const runs: RegisterRun[] = [];
  for (let round = 0; round < rounds; round++) {
    // Each round its own lines, spread over all of them: every REGISTER a line's own.
    const numbers = Array.from({ length: registers + 1 }, (_, i) => benchNumber(1 + ((round + i * rounds) % lines)));
    for (const config of ["project", "bare"] as const) {
      step(`Registrations: ${config} config, ${registers} lines of ${lines}, ${concurrent} at a time`);
      const result = await run(sql, target, { config, numbers, concurrent });
      step(
        `Registrations: ${result.perSecond.toFixed(0)}/s (${result.outcomes.registered} registered, ${result.outcomes.refused} refused, ${result.outcomes.rechallenged} rechallenged, ${result.outcomes.unanswered} unanswered), Kamailio ${result.kamailioCpu.toFixed(0)} % of a core, PostgreSQL ${result.postgresCpu.toFixed(0)} %`,
      );
      runs.push(result);
    }
  }
  const sample = Array.from({ length: counted + 1 }, (_, i) => benchNumber(1 + ((i * 7) % lines)));
  const statements = {
    project: await countStatements(sql, target, { config: "project", numbers: sample }),
    bare: await countStatements(sql, target, { config: "bare", numbers: sample }),
  };
  step(
    `Registrations: statements per REGISTER ${statements.project.toFixed(2)} (project), ${statements.bare.toFixed(2)} (bare)`,
  );
  await sql`delete from location`;
  return {
    date: new Date().toISOString().slice(0, 10),
    config: configCommit(),
    lines,
    concurrent,
    runs,
    statements,
    counted,
    credentialPlan,
  };
}
