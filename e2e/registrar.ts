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
