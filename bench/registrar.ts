// The real registrar for the bench: the benchmark database made readable to Kamailio's role, lines with SIP
// credentials of a known password, SIPp registering from many loopback addresses, and the CPU the registrar's
// processes spend and the requests the kernel dropped (Linux /proc), the statements PostgreSQL counted.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type postgres from "postgres";
import { freeUdpPort } from "../test/kamailio";
import { BENCH_SIP_PASSWORD, benchNumber } from "./database";

/** The last commit that changed deploy/kamailio/kamailio.cfg, "abc1234 (2026-12-03)": the config a figure measured. */
export const configCommit = () =>
  execFileSync("git", ["log", "-1", "--format=%h (%cs)", "--", "deploy/kamailio/kamailio.cfg"], {
    encoding: "utf8",
  }).trim();

/** Why the registrar cannot be benchmarked here (a tool missing), or null. */
export function missingRegistrarTools(): string | null {
  for (const [tool, pkg] of [
    ["kamailio", "kamailio and kamailio-postgres-modules"],
    ["sipp", "sip-tester"],
  ] as const) {
    if (spawnSync(tool, ["-v"], { stdio: "ignore" }).error) {
      return `${tool} is not installed (Debian's ${pkg}; \`npm run test:e2e\` installs them as root)`;
    }
  }
  return null;
}

/**
 * The registrar's grants (deploy/kamailio/grants.sql), bench lines 1…`lines` with SIP credentials of
 * BENCH_SIP_PASSWORD as the portal writes them (HA1 = md5(username:realm:password), the realm being the SIP domain),
 * and no failures, bans or registrations left from an earlier run.
 */
export async function prepareRegistrarDatabase(
  sql: postgres.Sql,
  { lines, domain }: { lines: number; domain: string },
) {
  await sql.unsafe(fs.readFileSync("deploy/kamailio/grants.sql", "utf8"));
  await sql`
    insert into sip_credentials (username, domain, ha1, ha1b)
    select number, ${domain}, md5(number || ':' || ${domain} || ':' || ${BENCH_SIP_PASSWORD}),
           md5(number || '@' || ${domain} || ':' || ${domain} || ':' || ${BENCH_SIP_PASSWORD})
    from ip_phone_lines where number between ${benchNumber(1)} and ${benchNumber(lines)}
    on conflict (username, domain) do update set ha1 = excluded.ha1, ha1b = excluded.ha1b, previous_ha1 = null,
      previous_ha1b = null, previous_until = null, suspended_at = null, pending_ha1 = null, pending_ha1b = null`;
  await sql`delete from sip_auth_failures`;
  await sql`delete from sip_bans`;
  await sql`delete from location`;
}

export const OUTCOMES = ["banned", "refused", "registered", "rechallenged", "unanswered"] as const;
export type Outcomes = Record<(typeof OUTCOMES)[number], number>;

/**
 * SIPp registering `number` with `password` once from each of `addresses` in order (an address may repeat), evenly
 * over `seconds`, without retransmissions when `retransmit` is false (a guesser does not bother): how the calls ended.
 */
export async function registerFrom(
  { port, domain }: { port: number; domain: string },
  {
    number,
    password,
    addresses,
    seconds,
    retransmit,
  }: { number: string; password: string; addresses: string[]; seconds: number; retransmit: boolean },
): Promise<Outcomes> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-bench-"));
  fs.writeFileSync(path.join(dir, "addresses.csv"), `SEQUENTIAL\n${addresses.join(";\n")};\n`);
  const log = path.join(dir, "outcomes.log");
  try {
    const child = spawn(
      "sipp",
      [
        `127.0.0.1:${port}`,
        ...["-sf", path.resolve("bench/sip/register-as.xml"), "-inf", "addresses.csv", "-ip_field", "0", "-t", "ui"],
        // Each process its own port on every address, so several lines can be tried from one address at once.
        ...["-i", "127.0.0.1", "-p", String(await freeUdpPort()), "-max_socket", "10000", "-nostdin"],
        ...["-s", number, "-ap", password, "-key", "domain", domain],
        // No limit on calls in progress: SIPp's default slows its rate to the registrar's, which no flood does.
        ...["-m", String(addresses.length), "-l", String(addresses.length)],
        ...["-r", String(addresses.length), "-rp", String(seconds * 1000)],
        ...["-trace_logs", "-log_file", log],
        ...(retransmit ? [] : ["-nr"]),
      ],
      { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
    );
    let errors = "";
    child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    // SIPp's own -timeout does not stop calls it keeps making; this does.
    const stop = setTimeout(() => child.kill("SIGKILL"), (seconds + 60) * 1000);
    const status = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    clearTimeout(stop);
    if (!fs.existsSync(log)) throw new Error(`SIPp (exit ${status}) logged no call:\n${errors}`);
    const outcomes = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Outcomes;
    for (const [outcome] of fs.readFileSync(log, "utf8").matchAll(/^\w+$/gm)) {
      if (outcome in outcomes) outcomes[outcome as keyof Outcomes] += 1;
    }
    // A call SIPp aborted (an unexpected answer, or stopped above) logged nothing: unanswered too.
    outcomes.unanswered =
      addresses.length - outcomes.banned - outcomes.refused - outcomes.registered - outcomes.rechallenged;
    return outcomes;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU ticks (user + system, USER_HZ: 100 a second) per process, for those of `pids` still there. */
export function cpuTicks(pids: number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // Not on this machine (a remote database) or gone.
    }
  }
  return ticks;
}

/** Percent of one core the processes spent between two readings (a process new since `before` counts from zero). */
export function corePercent(before: Map<number, number>, after: Map<number, number>, seconds: number): number {
  let ticks = 0;
  for (const [pid, now] of after) ticks += now - (before.get(pid) ?? 0);
  return ticks / seconds;
}

/**
 * Datagrams the kernel dropped because the receive queue of the UDP socket on 127.0.0.1:`port` was full (Linux
 * /proc/net/udp, its last column): requests that never reached the registrar.
 */
export function udpDrops(port: number): number {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const line = fs
    .readFileSync("/proc/net/udp", "utf8")
    .split("\n")
    .find((row) => row.trim().split(/\s+/)[1] === local);
  return Number(line?.trim().split(/\s+/).at(-1) ?? 0);
}

/**
 * Transactions committed or rolled back on `database` so far (pg_stat_database): each statement the registrar sends
 * is one (Kamailio's queries run in autocommit), so this counts them without the relay. Backends report within a
 * second of going idle, so read it a couple of seconds after the load.
 */
export async function transactions(sql: postgres.Sql, database: string): Promise<number> {
  const [row] = await sql<{ count: string }[]>`
    select xact_commit + xact_rollback as count from pg_stat_database where datname = ${database}`;
  return Number(row?.count ?? 0);
}

/** The PostgreSQL backends of the registrar's role on `database`: their process ids (the server's own view). */
export async function registrarBackends(sql: postgres.Sql, database: string): Promise<number[]> {
  const rows = await sql<{ pid: number }[]>`
    select pid from pg_stat_activity where usename = 'kamailio_registrar' and datname = ${database}`;
  return rows.map((row) => row.pid);
}
