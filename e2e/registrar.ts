// The call-control system in the e2e run: Kamailio with the committed config (test/kamailio.ts starts it) on a
// random loopback port, and SIPp as the phones: registering a line (e2e/sip/register.xml), placing a call with or
// without credentials (call.xml, invite-unauthenticated.xml), and answering one as a device or as the carrier's
// gateway (answer.xml).
import { execFile, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freeUdpPort, type Registrar } from "../test/kamailio";

const run = promisify(execFile);

/** An answer SIPp heard: its status and reason phrase. */
type Answer = { status: number; reason: string };

/**
 * Runs one SIPp scenario against the registrar (its carrier listener when `port` says so): every answer it received,
 * in order, and the whole message trace.
 */
async function sipp(
  registrar: Registrar,
  scenario: string,
  args: string[],
  { from = "127.0.0.1", port = registrar.port }: { from?: string; port?: number } = {},
): Promise<{ answers: Answer[]; trace: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-"));
  const messages = path.join(dir, "messages.log");
  try {
    // A device's port is free when the test picks it, but between two of its registrations any process's passing
    // UDP socket (a resolver's query) may be given it for a moment: SIPp then cannot bind and sends nothing. It
    // tries again a little later; a port still taken after that is an error that says so.
    for (let attempt = 1; ; attempt++) {
      const bound = await run(
        "sipp",
        [
          `127.0.0.1:${port}`,
          ...["-sf", path.resolve(`e2e/sip/${scenario}`), "-m", "1", "-nostdin", "-i", from],
          ...args,
          ...["-trace_msg", "-message_file", messages, "-timeout", "10s", "-timeout_error"],
        ],
        // SIGKILL: SIPp 3.6 ends from inside its signal handler, which can hang.
        { cwd: dir, timeout: 20_000, killSignal: "SIGKILL" },
      ).then(
        () => true,
        (error: { stderr?: string }) => {
          if (error.stderr?.includes("Unable to bind main socket")) {
            if (attempt < 10) return false;
            throw new Error(`SIPp could not bind its port after ${attempt} tries:\n${error.stderr}`);
          }
          // A scenario that timed out still says what it heard; one that heard nothing is an error.
          if (!fs.existsSync(messages)) throw error;
          return true;
        },
      );
      if (bound) break;
      fs.rmSync(messages, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const trace = fs.readFileSync(messages, "utf8");
    const answers = [...trace.matchAll(/^SIP\/2\.0 (\d{3}) ([^\r\n]*)/gm)].map((match) => ({
      status: Number(match[1]),
      reason: match[2]!,
    }));
    return { answers, trace };
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
  const { answers } = await sipp(
    registrar,
    "register.xml",
    [
      // Port 0: SIPp picks a free one on the address it binds (freeUdpPort() probes 127.0.0.1 only).
      ...["-p", String(port ?? (from ? 0 : await freeUdpPort()))],
      ...["-s", number, "-au", number, "-ap", password],
      ...["-key", "domain", domain, "-key", "user_agent", userAgent],
    ],
    { from },
  );
  const final = answers.at(-1);
  // What the registrar logged last says why it stayed silent (a drop, a worker stuck on the database).
  if (final === undefined)
    throw new Error(`SIPp received no answer; the registrar's last words:\n${registrar.logs().slice(-3000)}`);
  return final.status;
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
  if (password !== null) return (await placeCall(registrar, { caller, password, callee, domain })).status;
  const { answers } = await sipp(registrar, "invite-unauthenticated.xml", [
    ...["-p", String(await freeUdpPort())],
    ...["-s", callee, "-key", "caller", caller, "-key", "domain", domain],
  ]);
  const final = answers.find((answer) => answer.status >= 200);
  if (final === undefined) throw new Error("SIPp received no final answer");
  return final.status;
}

/** A call's outcome for its caller: the INVITE's final answer and whether the network hung it up (a BYE came). */
export type CallOutcome = Answer & { hungUpByNetwork: boolean };

/**
 * A phone of line `caller` placing a call to `callee` with its password (e2e/sip/call.xml): answered, it hangs up
 * after `holdMs`; with `untilNetworkHangsUp` it never does, and waits for the network's BYE (call-held.xml).
 */
export async function placeCall(
  registrar: Registrar,
  {
    caller,
    password,
    callee,
    domain,
    holdMs = 200,
    untilNetworkHangsUp = false,
  }: {
    caller: string;
    password: string;
    callee: string;
    domain: string;
    holdMs?: number;
    untilNetworkHangsUp?: boolean;
  },
): Promise<CallOutcome> {
  const { answers, trace } = await sipp(registrar, untilNetworkHangsUp ? "call-held.xml" : "call.xml", [
    ...["-p", String(await freeUdpPort()), "-d", String(holdMs)],
    ...["-s", callee, "-key", "caller", caller, "-key", "domain", domain],
    ...["-au", caller, "-ap", password],
  ]);
  // The INVITE's final answer: the first that is not provisional nor the challenge (a BYE's 200 comes after it).
  const final = answers.find((answer) => answer.status >= 200 && answer.status !== 407) ?? answers.at(-1);
  if (final === undefined) throw new Error("SIPp received no final answer");
  return { ...final, hungUpByNetwork: /message received \[\d+\] bytes :\s+BYE /.test(trace) };
}

/**
 * The carrier's gateway calling `callee` (one of our numbers) from `caller`'s number, on the registrar's carrier
 * listener and without credentials (e2e/sip/carrier-call.xml): the final answer.
 */
export async function callFromCarrier(
  registrar: Registrar,
  { caller, callee, domain }: { caller: string; callee: string; domain: string },
): Promise<Answer> {
  const { answers } = await sipp(
    registrar,
    "carrier-call.xml",
    [
      ...["-p", String(await freeUdpPort()), "-d", "200"],
      ...["-s", callee, "-key", "caller", caller, "-key", "domain", domain],
    ],
    { port: registrar.carrierPort },
  );
  const final = answers.find((answer) => answer.status >= 200);
  if (final === undefined) throw new Error("SIPp received no final answer");
  return final;
}

/**
 * Whether process `pid` holds a UDP socket bound to 127.0.0.1:`port`: the socket's inode, as /proc/net/udp lists it,
 * among the process's open files. (A probe binding the port would only say that somebody holds it, and could take
 * it from SIPp in the instant SIPp binds.)
 */
function holdsPort(pid: number, port: number): boolean {
  const local = `0100007F:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  const sockets = new Set(
    fs
      .readFileSync("/proc/net/udp", "utf8")
      .split("\n")
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[1] === local)
      .map((fields) => `socket:[${fields[9]}]`),
  );
  if (sockets.size === 0) return false;
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return sockets.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false; // Closed while we looked.
      }
    });
  } catch {
    return false; // The process has gone.
  }
}

/**
 * SIPp answering calls on 127.0.0.1:`port` with e2e/sip/answer.xml (`args` add to it), returned once it holds that
 * port itself: a fixed pause would let a call on a slow machine find nobody, and a port that a passing socket (or an
 * earlier SIPp) still holds makes SIPp exit, so it is started again, for up to 10 seconds. `stop()` ends it and returns
 * the trace of what it received; it waits on SIPp for no more than a few seconds (SIPp 3.6 ends from inside its signal
 * handler, which can hang: SIGKILL follows).
 */
async function listeningSipp(port: number, args: string[]) {
  const deadline = Date.now() + 10_000;
  for (let attempt = 1; ; attempt++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sipp-uas-"));
    const trace = path.join(dir, "messages.log");
    const child = spawn(
      "sipp",
      [
        ...["-sf", path.resolve("e2e/sip/answer.xml"), "-nostdin", "-i", "127.0.0.1", "-p", String(port)],
        ...["-trace_msg", "-message_file", trace, ...args],
      ],
      { cwd: dir, stdio: "ignore" },
    );
    let running = true;
    const exited = new Promise<void>((resolve) => {
      const done = () => {
        running = false;
        resolve();
      };
      child.once("exit", done);
      child.once("error", done);
    });
    const within = (ms: number) =>
      Promise.race([
        exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(resolve, ms, false).unref()),
      ]);
    const end = async () => {
      child.kill("SIGTERM");
      if (!(await within(2_000))) {
        child.kill("SIGKILL");
        await within(2_000);
      }
    };
    let listening = false;
    while (running && Date.now() < deadline && !(listening = holdsPort(child.pid!, port)))
      await new Promise((resolve) => setTimeout(resolve, 25));
    if (listening && running) {
      const read = () => (fs.existsSync(trace) ? fs.readFileSync(trace, "utf8") : "");
      return {
        read,
        stop: async () => {
          await end();
          const heard = read();
          fs.rmSync(dir, { recursive: true, force: true });
          return heard;
        },
      };
    }
    await end();
    fs.rmSync(dir, { recursive: true, force: true });
    if (Date.now() >= deadline)
      throw new Error(`SIPp could not listen on 127.0.0.1:${port} within 10 seconds (${attempt} tries)`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * A device (or the carrier's gateway) on `port` that answers one call within 15 seconds: `stop()` ends it and
 * resolves to whether an INVITE reached it.
 */
export async function answerOne(port: number): Promise<{ stop: () => Promise<boolean> }> {
  const sipp = await listeningSipp(port, ["-m", "1", "-timeout", "15s", "-timeout_error"]);
  return { stop: async () => /^INVITE /m.test(await sipp.stop()) };
}

/**
 * The carrier's gateway (SIPp on `port`) answering up to `calls` calls, each until its BYE (from the caller or from
 * the proxy). `invites()` lists the Request-URI users it has received so far, `byes()` the BYEs; `stop()` ends it.
 */
export async function gateway(port: number, { calls }: { calls: number }) {
  // Its own end, should a test fail before it stops it: no SIPp outlives the spec on a port.
  const sipp = await listeningSipp(port, ["-m", String(calls), "-timeout", "180s"]);
  return {
    invites: () => [...sipp.read().matchAll(/^INVITE sip:([^@\s]+)@/gm)].map((match) => match[1]!),
    byes: () => [...sipp.read().matchAll(/^BYE sip:/gm)].length,
    stop: async () => {
      await sipp.stop();
    },
  };
}
