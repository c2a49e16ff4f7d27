// Call set-ups a second through the real registrar, with the outbound policy (deploy/kamailio/kamailio.cfg: the
// dialled number normalised and classified, the line's caps checked in dialog profiles, the call records written by
// acc, and for an international call the line's policy read from the database and the velocity rule counted) and
// without it (the same config started with NO_OUTBOUND_POLICY): SIPp phones of many lines calling through Kamailio to
// a SIPp gateway that answers every call, each call hung up as soon as it is answered.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type postgres from "postgres";
import type { Plan } from "../config";
import { BENCH_SIP_PASSWORD, benchNumber } from "../database";
import { step } from "../progress";
import { configCommit, corePercent, cpuTicks, missingRegistrarTools, prepareRegistrarDatabase } from "../registrar";
import { freeUdpPort, processTree, startKamailio } from "../../test/kamailio";

const OUTCOMES = ["answered", "refused", "unanswered"] as const;
type CallOutcomes = Record<(typeof OUTCOMES)[number], number>;

type CallSetupRun = {
  /** What was dialled: a domestic number, or an international one from lines whose international calling is on. */
  dialled: string;
  policy: boolean;
  calls: number;
  seconds: number;
  perSecond: number;
  outcomes: CallOutcomes;
  kamailioCpu: number;
};

export type CallSetupFigure =
  | { skipped: string }
  | {
      date: string;
      /** The last commit that changed deploy/kamailio/kamailio.cfg: the config measured. */
      config: string;
      lines: number;
      callsPerLine: number;
      runs: CallSetupRun[];
    };

const DOMESTIC = "0312345678";
const INTERNATIONAL = "0101234567890";

/** The gateway: SIPp answering every call it gets on `port`, until stopped. */
async function startGateway(port: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-gateway-"));
  const child = spawn(
    "sipp",
    [
      ...["-sf", path.resolve("e2e/sip/answer.xml"), "-nostdin", "-i", "127.0.0.1", "-p", String(port)],
      ...["-max_socket", "10000", "-t", "u1"],
    ],
    { cwd: dir, stdio: "ignore" },
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Line `number` calling `dialled` `calls` times, `concurrent` at once: how the calls ended. */
async function callFrom(
  { port, domain }: { port: number; domain: string },
  { number, dialled, calls, concurrent }: { number: string; dialled: string; calls: number; concurrent: number },
): Promise<CallOutcomes> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-calls-"));
  const log = path.join(dir, "outcomes.log");
  try {
    const child = spawn(
      "sipp",
      [
        `127.0.0.1:${port}`,
        ...[
          "-sf",
          path.resolve("bench/sip/call-as.xml"),
          "-nostdin",
          "-i",
          "127.0.0.1",
          "-p",
          String(await freeUdpPort()),
        ],
        ...[
          "-s",
          dialled,
          "-au",
          number,
          "-ap",
          BENCH_SIP_PASSWORD,
          "-key",
          "caller",
          number,
          "-key",
          "domain",
          domain,
        ],
        ...["-m", String(calls), "-l", String(concurrent), "-r", "1000"],
        ...["-trace_logs", "-log_file", log],
      ],
      { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
    );
    let errors = "";
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const stop = setTimeout(() => child.kill("SIGKILL"), 300_000);
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(stop);
    if (!fs.existsSync(log)) throw new Error(`SIPp (exit ${status}) logged no call:\n${errors}`);
    const outcomes: CallOutcomes = { answered: 0, refused: 0, unanswered: 0 };
    for (const [outcome] of fs.readFileSync(log, "utf8").matchAll(/^\w+$/gm)) {
      if (outcome in outcomes) outcomes[outcome as keyof CallOutcomes] += 1;
    }
    outcomes.unanswered = calls - outcomes.answered - outcomes.refused;
    return outcomes;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One run on a Kamailio of its own: every line calls `dialled` at once, each at most its cap of calls at a time. */
async function run(
  { databaseUrl, domain }: { databaseUrl: string; domain: string },
  { lines, callsPerLine }: Plan["callSetups"],
  { dialled, policy }: { dialled: string; policy: boolean },
): Promise<CallSetupRun> {
  const gatewayPort = await freeUdpPort();
  const gateway = await startGateway(gatewayPort);
  const target = new URL(databaseUrl);
  const kamailio = await startKamailio({
    databaseUrl: `postgres://kamailio_registrar@${target.host}${target.pathname}`,
    sipDomain: domain,
    gateway: `127.0.0.1:${gatewayPort}`,
    // Finished transactions wait 5 s in memory (tm's wait timer): thousands of calls a second need room.
    sharedMemoryMb: 256,
    // Each line's phone sends hundreds of requests in seconds from one address: over the flood shield's
    // SOURCE_RATE, which is raised for the bench (a source carrying many devices may have it raised too).
    sourceRate: 1_000_000,
    // Without the policy: the config's NO_OUTBOUND_POLICY. With it, every check runs, with limits out of the bench's
    // reach: the velocity rule counts every international attempt, and the caps count every call in the line's
    // profiles, but neither stops the bench's lines. (Under this load SIPp now and then sends a BYE without the
    // route set it was given, which the proxy cannot match: that dialog stays until its timeout, and with the real
    // caps it would hold one of its line's places, refusing later calls of the run.)
    policy: policy ? { burstAttempts: 1_000_000, maxCalls: 1_000, maxInternationalCalls: 1_000 } : false,
  });
  try {
    const sip = { port: kamailio.port, domain };
    // An international call is one at a time per line (MAX_INTERNATIONAL_CALLS), any other two (MAX_CALLS).
    const concurrent = dialled === INTERNATIONAL ? 1 : 2;
    const numbers = Array.from({ length: lines }, (_, i) => benchNumber(i + 1));
    // One call per line first, answered (a line whose call was lost under the start's load tries again, up to
    // three times): the set-up works, and the registrar's connections are open.
    let waiting = numbers;
    for (let attempt = 0; attempt < 3 && waiting.length > 0; attempt++) {
      const outcomes = await Promise.all(
        waiting.map((number) => callFrom(sip, { number, dialled, calls: 1, concurrent: 1 })),
      );
      waiting = waiting.filter((_, i) => outcomes[i]!.answered === 0);
    }
    if (waiting.length > 0) {
      throw new Error(`${waiting.length} of ${lines} lines had no call answered:\n${kamailio.logs().slice(-5000)}`);
    }
    const before = cpuTicks(processTree(kamailio.pid));
    const started = performance.now();
    const all = await Promise.all(
      numbers.map((number) => callFrom(sip, { number, dialled, calls: callsPerLine, concurrent })),
    );
    const seconds = (performance.now() - started) / 1000;
    const kamailioCpu = corePercent(before, cpuTicks(processTree(kamailio.pid)), seconds);
    const outcomes: CallOutcomes = { answered: 0, refused: 0, unanswered: 0 };
    for (const one of all) for (const outcome of OUTCOMES) outcomes[outcome] += one[outcome];
    return {
      dialled,
      policy,
      calls: lines * callsPerLine,
      seconds,
      perSecond: outcomes.answered / seconds,
      outcomes,
      kamailioCpu,
    };
  } finally {
    await kamailio.stop();
    await gateway.stop();
  }
}

export async function measureCallSetups(
  sql: postgres.Sql,
  { databaseUrl, domain }: { databaseUrl: string; domain: string },
  plan: Plan,
): Promise<CallSetupFigure> {
  const missing = missingRegistrarTools();
  if (missing) {
    step(`Call set-ups skipped: ${missing}`);
    return { skipped: missing };
  }
  const { lines, callsPerLine } = plan.callSetups;
  await prepareRegistrarDatabase(sql, { lines, domain });
  // International calling on for the bench lines (the international run reads it on each call).
  const numbers = Array.from({ length: lines }, (_, i) => benchNumber(i + 1));
  await sql`update ip_phone_lines set international_calling = true where number in ${sql(numbers)}`;
  const runs: CallSetupRun[] = [];
  for (const setting of [
    { dialled: DOMESTIC, policy: false },
    { dialled: DOMESTIC, policy: true },
    { dialled: INTERNATIONAL, policy: true },
  ]) {
    step(
      `Call set-ups: ${lines} lines × ${callsPerLine} calls to ${setting.dialled}, ${setting.policy ? "with" : "without"} the outbound policy`,
    );
    const result = await run({ databaseUrl, domain }, plan.callSetups, setting);
    step(
      `Call set-ups: ${result.perSecond.toFixed(0)}/s (${result.outcomes.answered} answered, ${result.outcomes.refused} refused, ${result.outcomes.unanswered} unanswered), Kamailio ${result.kamailioCpu.toFixed(0)} % of a core`,
    );
    runs.push(result);
  }
  await sql`delete from acc`;
  await sql`delete from acc_cdrs`;
  return { date: new Date().toISOString().slice(0, 10), config: configCommit(), lines, callsPerLine, runs };
}
