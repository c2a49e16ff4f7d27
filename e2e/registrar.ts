// The call-control system in the e2e run: Kamailio with the committed config (deploy/kamailio/kamailio.cfg) on a
// random loopback port, and SIPp as the phones: registering a line (e2e/sip/register.xml), placing a call with or
// without credentials (call.xml, invite-unauthenticated.xml), and answering one as a device or as the carrier's
// gateway (answer.xml).
import { execFile, spawn } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type Registrar = {
  port: number;
  /** The listener for the carrier's gateway (CARRIER_SOCKET), when started with a gateway. */
  carrierPort?: number;
  logs: () => string;
  stop: () => Promise<void>;
};

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
}: {
  databaseUrl: string;
  sipDomain: string;
  /**
   * The carrier's gateway (host:port) for numbers that are not ours; none: such calls are refused. With one, the
   * proxy also listens for the carrier on a port of its own (`carrierPort`, CARRIER_SOCKET).
   */
  gateway?: string;
  /** Also listen on [::1], same port. */
  ipv6?: boolean;
  /** INTERNAL_NETS: networks no registration may point at. */
  internalNets?: string;
}): Promise<Registrar> {
  const port = await freeUdpPort();
  const carrierPort = gateway ? await freeUdpPort() : undefined;
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), "kamailio-"));
  const child = spawn(
    "kamailio",
    [
      ...["-DD", "-E", "-f", path.resolve("deploy/kamailio/kamailio.cfg")],
      ...[
        "-l",
        `udp:127.0.0.1:${port}`,
        "-Y",
        runtime,
        "-P",
        path.join(runtime, "kamailio.pid"),
        "-m",
        "32",
        "-M",
        "8",
      ],
      ...(ipv6 ? ["-l", `udp:[::1]:${port}`] : []),
      ...["-A", `DBURL="${databaseUrl}"`, "-A", `SIPDOMAIN="${sipDomain}"`],
      ...(gateway ? ["-l", `udp:127.0.0.1:${carrierPort}`, "-A", `GATEWAY="${gateway}"`] : []),
      ...(carrierPort ? ["-A", `CARRIER_SOCKET="127.0.0.1:${carrierPort}"`] : []),
      ...(internalNets ? ["-A", `INTERNAL_NETS="${internalNets}"`] : []),
    ],
    // Kamailio writes location's times as its local time: UTC, as the portal reads them (deploy/kamailio/kamailio.cfg).
    { env: { ...process.env, TZ: "UTC" }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  let exited = false;
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.on("exit", () => (exited = true));
  const registrar: Registrar = {
    port,
    carrierPort,
    logs: () => output,
    stop: async () => {
      if (exited) return;
      child.kill("SIGTERM");
      for (let i = 0; i < 50 && !exited; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!exited) child.kill("SIGKILL");
      fs.rmSync(runtime, { recursive: true, force: true });
    },
  };
  for (let i = 0; i < 50; i++) {
    if (exited) throw new Error(`Kamailio exited at start:\n${output}`);
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

/** Runs one SIPp scenario against the registrar; the status codes of every answer it received, in order. */
async function sipp(registrar: Registrar, scenario: string, args: string[], from = "127.0.0.1"): Promise<number[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-"));
  const trace = path.join(dir, "messages.log");
  try {
    await run(
      "sipp",
      [
        `127.0.0.1:${registrar.port}`,
        ...["-sf", path.resolve(`e2e/sip/${scenario}`), "-m", "1", "-nostdin", "-i", from],
        ...args,
        ...["-trace_msg", "-message_file", trace, "-timeout", "10s", "-timeout_error"],
      ],
      { cwd: dir, timeout: 20_000 },
    ).catch((error: unknown) => {
      // A scenario that timed out still says what it heard; one that heard nothing is an error.
      if (!fs.existsSync(trace)) throw error;
    });
    return [...fs.readFileSync(trace, "utf8").matchAll(/^SIP\/2\.0 (\d{3}) /gm)].map((match) => Number(match[1]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A phone registering `number` with `password` through SIPp, from `port` (its contact) when given and from loopback
 * address `from` (default 127.0.0.1; Linux answers the whole 127/8): the registrar's final answer (200 registered,
 * 403 refused, 401 challenged again).
 */
export async function register(
  registrar: Registrar,
  {
    number,
    password,
    domain,
    userAgent,
    port,
    from,
  }: { number: string; password: string; domain: string; userAgent: string; port?: number; from?: string },
): Promise<number> {
  const answers = await sipp(
    registrar,
    "register.xml",
    [
      // Port 0: SIPp picks a free one on the address it binds (freeUdpPort() probes 127.0.0.1 only).
      ...["-p", String(port ?? (from ? 0 : await freeUdpPort()))],
      ...["-s", number, "-au", number, "-ap", password],
      ...["-key", "domain", domain, "-key", "user_agent", userAgent],
    ],
    from,
  );
  const final = answers.at(-1);
  if (final === undefined) throw new Error("SIPp received no answer");
  return final;
}

/**
 * A phone of line `caller` calling `callee`: with its password it answers the 407 challenge; without one
 * (`password: null`) the first answer is final. Returns the final answer: 200 when the call was answered (and then
 * hung up), else the refusal (403, 404, 407, 408, 480…).
 */
export async function call(
  registrar: Registrar,
  { caller, password, callee, domain }: { caller: string; password: string | null; callee: string; domain: string },
): Promise<number> {
  const answers = await sipp(registrar, password === null ? "invite-unauthenticated.xml" : "call.xml", [
    ...["-p", String(await freeUdpPort())],
    ...["-s", callee, "-key", "caller", caller, "-key", "domain", domain],
    ...(password === null ? [] : ["-au", caller, "-ap", password]),
  ]);
  // The INVITE's final answer: the last one that is not provisional, before a BYE's 200.
  const finals = answers.filter((code) => code >= 200);
  const first = finals.find((code) => code !== 407 || password === null) ?? finals.at(-1);
  if (first === undefined) throw new Error("SIPp received no final answer");
  return first;
}

/**
 * A device (or the carrier's gateway) on `port` that answers one call: `answered` resolves to whether an INVITE
 * reached it before `stop()` or its 15 seconds ran out.
 */
export async function answerOne(port: number): Promise<{ answered: Promise<boolean>; stop: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-uas-"));
  const trace = path.join(dir, "messages.log");
  const child = spawn(
    "sipp",
    [
      ...["-sf", path.resolve("e2e/sip/answer.xml"), "-m", "1", "-nostdin", "-i", "127.0.0.1", "-p", String(port)],
      ...["-trace_msg", "-message_file", trace, "-timeout", "15s", "-timeout_error"],
    ],
    { cwd: dir, stdio: "ignore" },
  );
  const answered = new Promise<boolean>((resolve) => {
    child.on("exit", () => {
      const heard = fs.existsSync(trace) && /^INVITE /m.test(fs.readFileSync(trace, "utf8"));
      fs.rmSync(dir, { recursive: true, force: true });
      resolve(heard);
    });
  });
  // SIPp binds its port within a few milliseconds; a call placed before that would find nobody.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { answered, stop: () => child.kill("SIGTERM") };
}
