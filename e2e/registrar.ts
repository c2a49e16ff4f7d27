// The call-control system in the e2e run: Kamailio with the committed config (deploy/kamailio/kamailio.cfg) on a
// random loopback port, and SIPp registering a line as a phone would (e2e/sip/register.xml).
import { execFile, spawn } from "node:child_process";
import dgram from "node:dgram";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type Registrar = { port: number; logs: () => string; stop: () => Promise<void> };

/** A free UDP port on loopback, for Kamailio and for each SIPp run. */
async function freeUdpPort(): Promise<number> {
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
}: {
  databaseUrl: string;
  sipDomain: string;
}): Promise<Registrar> {
  const port = await freeUdpPort();
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
      ...["-A", `DBURL="${databaseUrl}"`, "-A", `SIPDOMAIN="${sipDomain}"`],
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

/**
 * A phone registering `number` with `password` through SIPp: the registrar's final answer to the authenticated
 * REGISTER (200 registered, 403 refused, 401 challenged again).
 */
export async function register(
  registrar: Registrar,
  { number, password, domain, userAgent }: { number: string; password: string; domain: string; userAgent: string },
): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-"));
  const trace = path.join(dir, "messages.log");
  try {
    await run(
      "sipp",
      [
        `127.0.0.1:${registrar.port}`,
        ...["-sf", path.resolve("e2e/sip/register.xml"), "-m", "1", "-nostdin"],
        ...["-i", "127.0.0.1", "-p", String(await freeUdpPort())],
        ...["-s", number, "-au", number, "-ap", password],
        ...["-key", "domain", domain, "-key", "user_agent", userAgent],
        ...["-trace_msg", "-message_file", trace, "-timeout", "10s", "-timeout_error"],
      ],
      { cwd: dir, timeout: 20_000 },
    );
    const answers = [...fs.readFileSync(trace, "utf8").matchAll(/^SIP\/2\.0 (\d{3}) /gm)].map((match) =>
      Number(match[1]),
    );
    const final = answers.at(-1);
    if (final === undefined) throw new Error("SIPp received no answer");
    return final;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
