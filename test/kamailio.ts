// Kamailio with the project's config (deploy/kamailio/kamailio.cfg) on a loopback port: the registrar of the e2e
// journeys (e2e/registrar.spec.ts, e2e/toll-fraud.spec.ts) and of the bench's SIP sections (bench/sections/).
import { spawn, spawnSync } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export type Registrar = {
  port: number;
  /** The listener for the carrier's gateway (CARRIER_SOCKET), when started with a gateway. */
  carrierPort?: number;
  /** The main process (-DD: not daemonised); its children are the SIP workers and timers. */
  pid: number;
  logs: () => string;
  running: () => boolean;
  stop: () => Promise<void>;
};

/** The outbound policy's pre-processor defines (deploy/kamailio/kamailio.cfg); each unset one keeps its default. */
export type OutboundPolicy = {
  /** MAX_CALLS: a line's calls in progress (default 2). */
  maxCalls?: number;
  /** MAX_INTERNATIONAL_CALLS (default 1). */
  maxInternationalCalls?: number;
  /** INTERNATIONAL_MAX_SECONDS: the longest international call (default 3600). */
  internationalMaxSeconds?: number;
  /** INTERNATIONAL_BURST_ATTEMPTS and INTERNATIONAL_BURST_MINUTES (defaults 5 in 10). */
  burstAttempts?: number;
  burstMinutes?: number;
  /** BLOCKED_PREFIXES, comma-separated (default "0990,0570,0180,0067"). */
  blockedPrefixes?: string;
  /** EMERGENCY_GATEWAY (host:port): where 110, 118 and 119 go; none: refused. */
  emergencyGateway?: string;
};

/** `-A` arguments for `policy`, or NO_OUTBOUND_POLICY (`false`: the bench's call set-ups without it). */
function policyDefines(policy: OutboundPolicy | false): string[] {
  if (policy === false) return ["-A", "NO_OUTBOUND_POLICY"];
  const defines: [string, string | number | undefined][] = [
    ["MAX_CALLS", policy.maxCalls],
    ["MAX_INTERNATIONAL_CALLS", policy.maxInternationalCalls],
    ["INTERNATIONAL_MAX_SECONDS", policy.internationalMaxSeconds],
    ["INTERNATIONAL_BURST_ATTEMPTS", policy.burstAttempts],
    ["INTERNATIONAL_BURST_MINUTES", policy.burstMinutes],
    ["BLOCKED_PREFIXES", policy.blockedPrefixes === undefined ? undefined : `"${policy.blockedPrefixes}"`],
    ["EMERGENCY_GATEWAY", policy.emergencyGateway === undefined ? undefined : `"${policy.emergencyGateway}"`],
  ];
  return defines.flatMap(([name, value]) => (value === undefined ? [] : ["-A", `${name}=${value}`]));
}

/** A free UDP port on loopback, for Kamailio and for each SIPp run. */
export async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Kamailio on 127.0.0.1, reading and writing `databaseUrl` as the registrar's role; resolves once it answers. */
export async function startKamailio({
  databaseUrl,
  sipDomain,
  gateway,
  ipv6 = false,
  internalNets,
  sharedMemoryMb = 32,
  policy = {},
  sourceRate,
  port: fixedPort,
  config = "deploy/kamailio/kamailio.cfg",
}: {
  databaseUrl: string;
  sipDomain: string;
  /**
   * The carrier's gateway (IPv4 address:port) for numbers that are not ours; none: such calls are refused. With one, the
   * proxy also listens for the carrier on a port of its own (`carrierPort`, CARRIER_SOCKET).
   */
  gateway?: string;
  /** Also listen on [::1], same port. */
  ipv6?: boolean;
  /** INTERNAL_NETS: networks no registration may point at. */
  internalNets?: string;
  /** Shared memory (-m): the transactions, and the htables a flood fills. */
  sharedMemoryMb?: number;
  /** The outbound policy's defines, or `false` to start without the policy (NO_OUTBOUND_POLICY). */
  policy?: OutboundPolicy | false;
  /** SOURCE_RATE: requests a source may send in 10 seconds (default 100). */
  sourceRate?: number;
  /** The listener's port (default: a free one); a registrar started again on its port is the same registrar. */
  port?: number;
  /** Another config than the project's (the bench's bare registrar, bench/sip/bare-registrar.cfg). */
  config?: string;
}): Promise<Registrar> {
  const port = fixedPort ?? (await freeUdpPort());
  const carrierPort = gateway ? await freeUdpPort() : undefined;
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), "kamailio-"));
  const child = spawn(
    "kamailio",
    [
      ...["-DD", "-E", "-f", path.resolve(config)],
      ...["-l", `udp:127.0.0.1:${port}`, "-Y", runtime, "-P", path.join(runtime, "kamailio.pid")],
      ...["-m", String(sharedMemoryMb), "-M", "8"],
      ...(ipv6 ? ["-l", `udp:[::1]:${port}`] : []),
      ...["-A", `DBURL="${databaseUrl}"`, "-A", `SIPDOMAIN="${sipDomain}"`],
      // The test phones and gateways live on this host's loopback, which a registrar facing the Internet refuses.
      ...["-A", "LOOPBACK_CONTACTS"],
      ...(gateway ? ["-l", `udp:127.0.0.1:${carrierPort}`, "-A", `GATEWAY="${gateway}"`] : []),
      ...(carrierPort ? ["-A", `CARRIER_SOCKET="127.0.0.1:${carrierPort}"`] : []),
      ...(internalNets ? ["-A", `INTERNAL_NETS="${internalNets}"`] : []),
      ...policyDefines(policy),
      ...(sourceRate === undefined ? [] : ["-A", `SOURCE_RATE=${sourceRate}`]),
    ],
    // Kamailio writes location's times as its local time: UTC, as the portal reads them (deploy/kamailio/kamailio.cfg).
    { env: { ...process.env, TZ: "UTC" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  let exited = false;
  // The last 256 KB: a flood writes a line per refusal, thousands a second.
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-262_144);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  child.on("exit", () => (exited = true));
  const registrar: Registrar = {
    port,
    carrierPort,
    pid: child.pid!,
    logs: () => output,
    running: () => !exited,
    stop: async () => {
      if (exited) return;
      child.kill("SIGTERM");
      for (let i = 0; i < 50 && !exited; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!exited) {
        // Its workers first (they hold the port too), then itself, and wait: a registrar started again on the same
        // port must not meet this one.
        spawnSync("pkill", ["-KILL", "-P", String(child.pid)]);
        child.kill("SIGKILL");
        for (let i = 0; i < 50 && !exited; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      fs.rmSync(runtime, { recursive: true, force: true });
    },
  };
  for (let i = 0; i < 50; i++) {
    if (exited) {
      fs.rmSync(runtime, { recursive: true, force: true });
      throw new Error(`Kamailio exited at start:\n${output}`);
    }
    if (await answersOptions(port)) return registrar;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await registrar.stop();
  throw new Error(`Kamailio did not answer on ${port}:\n${output}`);
}

/** One SIP OPTIONS over UDP: true when the registrar answers 200. */
async function answersOptions(port: number): Promise<boolean> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const local = socket.address().port;
  const branch = `z9hG4bK${Math.random().toString(36).slice(2)}`;
  const message = [
    `OPTIONS sip:127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=${branch}`,
    "Max-Forwards: 70",
    `From: <sip:probe@127.0.0.1>;tag=${branch}`,
    `To: <sip:127.0.0.1:${port}>`,
    `Call-ID: ${branch}@127.0.0.1`,
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  try {
    return await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 500);
      socket.on("message", (reply) => {
        clearTimeout(timer);
        resolve(reply.toString().startsWith("SIP/2.0 200"));
      });
      socket.send(message, port, "127.0.0.1");
    });
  } finally {
    socket.close();
  }
}

/** The processes a process tree holds now (Linux /proc): `root` and its descendants. */
export function processTree(root: number): number[] {
  const tree: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    tree.push(pid);
    try {
      const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
      if (children) queue.push(...children.split(/\s+/).map(Number));
    } catch {
      // Gone since its parent listed it.
    }
  }
  return tree;
}
