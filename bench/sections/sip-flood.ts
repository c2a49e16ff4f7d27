// A distributed SIP password-guessing flood against the real registrar: Kamailio with the project's config, its
// database connection through the statement-counting relay, SIPp guessing wrong passwords from thousands of loopback
// addresses (each under the per-address rules) while the lines' own phones register with the right one.
import type postgres from "postgres";
import type { Plan } from "../config";
import { BENCH_SIP_PASSWORD, benchNumber } from "../database";
import { step } from "../progress";
import {
  configCommit,
  OUTCOMES,
  corePercent,
  cpuTicks,
  missingRegistrarTools,
  prepareRegistrarDatabase,
  registerFrom,
  registrarBackends,
  transactions,
  udpDrops,
  type Outcomes,
} from "../registrar";
import { startRelay, type Relay } from "../relay";
import { median } from "../stats";
import { processTree, startKamailio } from "../../test/kamailio";

export const LEGIT_SUCCESS_TARGET = 0.99;
/** The per-(line, address) ban comes at the tenth wrong password: a guesser stays below it to be measured, not banned. */
const GUESSES_PER_LINE = 9;
/** The scanner ban comes at the fifth line an address tries. */
const MAX_LINES_PER_ADDRESS = 4;

export type SipFloodFigure =
  | { skipped: string }
  | {
      date: string;
      /** The last commit that changed deploy/kamailio/kamailio.cfg: the config measured. */
      config: string;
      seconds: number;
      flood: { attempts: number; perSecond: number; addresses: number; lines: number; unknownNumbers: number };
      floodOutcomes: Outcomes;
      legit: { attempts: number; perSecond: number; lines: number; phones: number };
      legitOutcomes: Outcomes;
      legitSuccess: number;
      /** The registrar's statements a second during the flood, by the relay's count. */
      statementsPerSecond: number;
      /** The same from PostgreSQL's own count of transactions on the database (each registrar statement is one). */
      transactionsPerSecond: number;
      /** Statements in the `settleSeconds` after the flood (the failures counted in memory, sent as entries expire). */
      statementsAfter: number;
      settleSeconds: number;
      /** Percent of one core over the run; PostgreSQL's null when the database is not on this machine. */
      kamailioCpu: number;
      postgresCpu: number | null;
      /** Wrong guesses a real line had checked (a 403 after the challenge): the most any line got, and the median. */
      guessesPerLine: { max: number; median: number };
      /** The most `wrong` failures sip_auth_failures holds for one line, `settleSeconds` after the run. */
      recordedPerLine: number;
      /** Requests the kernel dropped in front of Kamailio's socket (its receive queue full) during the flood. */
      dropped: number;
      /** The same flood again with Kamailio connected to PostgreSQL directly: what the relay itself costs. */
      direct?: {
        seconds: number;
        floodOutcomes: Outcomes;
        legitSuccess: number;
        kamailioCpu: number;
        postgresCpu: number | null;
        dropped: number;
        transactionsPerSecond: number;
      };
    };

/** The `i`th address of loopback network 127.`network`.0.0/16 (Linux answers all of 127/8). */
const loopback = (network: number, i: number) => `127.${network}.${(i + 1) >> 8}.${(i + 1) & 255}`;
const unknownNumber = (i: number) => `0509${String(i + 1).padStart(7, "0")}`;

/**
 * Each target number's guessing addresses in sending order: every address's first guess, then every address's
 * second, and so on, so an address sends once every `addresses / guessesPerSecond` seconds. An address alternates
 * between its lines, at most MAX_LINES_PER_ADDRESS of them, and guesses at most GUESSES_PER_LINE times each.
 */
function floodAddresses(flood: Plan["sipFlood"], network: number): Map<string, string[]> {
  const perAddress = Math.ceil((flood.seconds * flood.guessesPerSecond) / flood.addresses);
  const linesPerAddress = Math.ceil(perAddress / GUESSES_PER_LINE);
  if (linesPerAddress > MAX_LINES_PER_ADDRESS) throw new Error("Too few flood addresses: each would be banned");
  const targets = [
    ...Array.from({ length: flood.lines }, (_, i) => benchNumber(i + 1)),
    ...Array.from({ length: flood.unknownNumbers }, (_, i) => unknownNumber(i)),
  ];
  const byTarget = new Map(targets.map((number) => [number, [] as string[]]));
  for (let round = 0; round < perAddress; round++) {
    for (let a = 0; a < flood.addresses; a++) {
      const target = targets[(a * linesPerAddress + (round % linesPerAddress)) % targets.length]!;
      byTarget.get(target)!.push(loopback(network, a));
    }
  }
  return byTarget;
}

/** Line `p`'s phones (bench line p + 1, `phonesPerLine` addresses of its own), `count` registrations in turn. */
const phoneAddresses = (flood: Plan["sipFlood"], network: number, p: number, count: number) =>
  Array.from({ length: count }, (_, i) => loopback(network, p * flood.phonesPerLine + (i % flood.phonesPerLine)));

const sum = (all: Outcomes[]) =>
  Object.fromEntries(OUTCOMES.map((outcome) => [outcome, all.reduce((total, o) => total + o[outcome], 0)])) as Outcomes;

const pause = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * One flood on a Kamailio of its own, whose database connection goes through `relay` when given: every phone
 * registers once, then the guessers and the phones together. The guessers send from 127.`network`.0.0/16, the
 * phones from the next /16, so a second flood meets no count the first one left. `settle` runs before Kamailio stops.
 */
async function floodOnce<T>(
  sql: postgres.Sql,
  {
    databaseUrl,
    domain,
    flood,
    network,
  }: { databaseUrl: string; domain: string; flood: Plan["sipFlood"]; network: number },
  relay: Relay | null,
  settle: () => Promise<T>,
) {
  const target = new URL(databaseUrl);
  const database = target.pathname.slice(1);
  const host = relay ? `127.0.0.1:${relay.port}` : target.host;
  const kamailio = await startKamailio({
    databaseUrl: `postgres://kamailio_registrar@${host}/${database}`,
    sipDomain: domain,
    sharedMemoryMb: 64,
  });
  try {
    const sip = { port: kamailio.port, domain };
    const phones = (count: number, seconds: number) =>
      Array.from({ length: flood.phoneLines }, (_, p) =>
        registerFrom(sip, {
          number: benchNumber(p + 1),
          password: BENCH_SIP_PASSWORD,
          addresses: phoneAddresses(flood, network + 1, p, count),
          seconds,
          retransmit: true,
        }),
      );
    // Every phone registers once first: the setup works, and the registrar's connections are open.
    const warmUp = sum(await Promise.all(phones(flood.phonesPerLine, 2)));
    const phoneCount = flood.phoneLines * flood.phonesPerLine;
    if (warmUp.registered !== phoneCount) {
      throw new Error(`${warmUp.registered} of ${phoneCount} phones registered before the flood:\n${kamailio.logs()}`);
    }
    const guessers = floodAddresses(flood, network);
    const registrations = Math.round((flood.seconds * flood.registersPerSecond) / flood.phoneLines);
    step(
      `SIP flood${relay ? "" : " (no relay)"}: ${flood.seconds * flood.guessesPerSecond} wrong passwords in ${flood.seconds} s from ${flood.addresses} addresses, ${registrations * flood.phoneLines} registrations of ${phoneCount} phones`,
    );
    await pause(2);
    const transactionsBefore = await transactions(sql, database);
    const backendsBefore = await registrarBackends(sql, database);
    const statementsBefore = relay?.statements() ?? 0;
    const kamailioBefore = cpuTicks(processTree(kamailio.pid));
    const postgresBefore = cpuTicks(backendsBefore);
    const droppedBefore = udpDrops(kamailio.port);
    const started = performance.now();
    const [guessed, registered] = await Promise.all([
      Promise.all(
        [...guessers].map(([number, addresses]) =>
          registerFrom(sip, { number, password: "wrong-guess", addresses, seconds: flood.seconds, retransmit: false }),
        ),
      ),
      Promise.all(phones(registrations, flood.seconds)),
    ]);
    const seconds = (performance.now() - started) / 1000;
    const dropped = udpDrops(kamailio.port) - droppedBefore;
    if (!kamailio.running()) throw new Error(`Kamailio exited during the flood:\n${kamailio.logs().slice(-20_000)}`);
    const statements = (relay?.statements() ?? 0) - statementsBefore;
    const kamailioCpu = corePercent(kamailioBefore, cpuTicks(processTree(kamailio.pid)), seconds);
    const backends = [...new Set([...backendsBefore, ...(await registrarBackends(sql, database))])];
    const postgresAfter = cpuTicks(backends);
    const legitOutcomes = sum(registered);
    await pause(2);
    const transactionsDuring = (await transactions(sql, database)) - transactionsBefore;
    return {
      transactionsPerSecond: transactionsDuring / seconds,
      seconds,
      dropped,
      statements,
      guessed,
      floodOutcomes: sum(guessed),
      legitOutcomes,
      legitAttempts: registrations * flood.phoneLines,
      legitSuccess: legitOutcomes.registered / (registrations * flood.phoneLines),
      kamailioCpu,
      postgresCpu: postgresAfter.size > 0 ? corePercent(postgresBefore, postgresAfter, seconds) : null,
      settled: await settle(),
    };
  } finally {
    await kamailio.stop();
  }
}

export async function measureSipFlood(
  sql: postgres.Sql,
  { databaseUrl, domain }: { databaseUrl: string; domain: string },
  plan: Plan,
): Promise<SipFloodFigure> {
  const missing = missingRegistrarTools();
  if (missing) {
    step(`SIP flood skipped: ${missing}`);
    return { skipped: missing };
  }
  const flood = plan.sipFlood;
  await prepareRegistrarDatabase(sql, { lines: Math.max(flood.lines, flood.phoneLines), domain });
  const target = new URL(databaseUrl);
  const relay = await startRelay({ host: target.hostname, port: Number(target.port || 5432) });
  const options = { databaseUrl, domain, flood };
  let run;
  try {
    run = await floodOnce(sql, { ...options, network: 1 }, relay, async () => {
      const during = relay.statements();
      if (flood.settleSeconds > 0) {
        step(`SIP flood: ${flood.settleSeconds} s for the registrar to send the failures it counted in memory`);
        await pause(flood.settleSeconds);
      }
      const [recorded] = await sql<{ count: number }[]>`
        select coalesce(max(total), 0)::int as count from (
          select sum(count) as total from sip_auth_failures where class = 'wrong' group by username) as per_line`;
      return { statementsAfter: relay.statements() - during, recordedPerLine: recorded?.count ?? 0 };
    });
  } finally {
    await relay.close();
  }
  // The real lines come first among the targets; their 403s after a challenge are the guesses checked.
  const checked = run.guessed.slice(0, flood.lines).map((outcomes) => outcomes.refused);
  const direct = flood.direct
    ? await floodOnce(sql, { ...options, network: 3 }, null, async () => undefined)
    : undefined;
  const figure: SipFloodFigure = {
    date: new Date().toISOString().slice(0, 10),
    config: configCommit(),
    seconds: run.seconds,
    flood: {
      attempts: flood.seconds * flood.guessesPerSecond,
      perSecond: flood.guessesPerSecond,
      addresses: flood.addresses,
      lines: flood.lines,
      unknownNumbers: flood.unknownNumbers,
    },
    floodOutcomes: run.floodOutcomes,
    legit: {
      attempts: run.legitAttempts,
      perSecond: flood.registersPerSecond,
      lines: flood.phoneLines,
      phones: flood.phoneLines * flood.phonesPerLine,
    },
    legitOutcomes: run.legitOutcomes,
    legitSuccess: run.legitSuccess,
    statementsPerSecond: run.statements / run.seconds,
    transactionsPerSecond: run.transactionsPerSecond,
    statementsAfter: run.settled.statementsAfter,
    settleSeconds: flood.settleSeconds,
    kamailioCpu: run.kamailioCpu,
    postgresCpu: run.postgresCpu,
    guessesPerLine: { max: Math.max(...checked), median: median(checked) },
    recordedPerLine: run.settled.recordedPerLine,
    dropped: run.dropped,
    ...(direct && {
      direct: {
        seconds: direct.seconds,
        floodOutcomes: direct.floodOutcomes,
        legitSuccess: direct.legitSuccess,
        kamailioCpu: direct.kamailioCpu,
        postgresCpu: direct.postgresCpu,
        dropped: direct.dropped,
        transactionsPerSecond: direct.transactionsPerSecond,
      },
    }),
  };
  step(
    `SIP flood: phones registered ${(figure.legitSuccess * 100).toFixed(1)} %${direct ? ` (${(direct.legitSuccess * 100).toFixed(1)} % without the relay)` : ""}, ${figure.statementsPerSecond.toFixed(0)} statements/s, Kamailio ${figure.kamailioCpu.toFixed(0)} % and PostgreSQL ${figure.postgresCpu?.toFixed(0) ?? "?"} % of a core, at most ${figure.guessesPerLine.max} guesses checked for one line`,
  );
  return figure;
}
