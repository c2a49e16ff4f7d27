// A SIP client over raw UDP for the hostile tests of the call control: it sends exactly the bytes a test gives it
// (quotes, 2 KB values, bytes that are not UTF-8), from any loopback address, answers a digest challenge itself when
// asked to (qop=auth), and reports every answer with the time it took. SIPp plays the well-behaved phones
// (e2e/registrar.ts); this plays an attacker, and a forger who never sees the answers.
import { createHash, randomBytes } from "node:crypto";
import dgram from "node:dgram";

export type SipAnswer = { status: number; reason: string; headers: string; ms: number };

const md5 = (text: string | Buffer) => createHash("md5").update(text).digest("hex");
const token = () => randomBytes(6).toString("hex");

/** A UDP socket on `address` (127.0.0.x or an IPv6 address of the host) that sends requests and waits for answers. */
export async function sipSocket(address = "127.0.0.1", port = 0) {
  const socket = await boundSocket(address, port);
  const local = socket.address();
  const answers: { text: string; at: number }[] = [];
  let notify: (() => void) | null = null;
  socket.on("message", (message) => {
    answers.push({ text: message.toString("latin1"), at: performance.now() });
    notify?.();
  });

  /**
   * Sends `request` (a Buffer, or text whose `{via}` is replaced by this socket's Via) to `target` and returns the
   * final answer (provisional ones skipped), or null when none came within `timeoutMs`.
   */
  async function send(
    target: { host: string; port: number },
    request: Buffer | string,
    timeoutMs = 3_000,
  ): Promise<SipAnswer | null> {
    answers.length = 0;
    const bytes = typeof request === "string" ? Buffer.from(request, "latin1") : request;
    // Only this request's answers: a late second answer to an earlier one (a failed save answered twice) is not it.
    const callId = /^Call-ID: (.*)$/im.exec(bytes.toString("latin1"))?.[1];
    const ours = (text: string) => callId === undefined || text.includes(`Call-ID: ${callId}\r\n`);
    const started = performance.now();
    socket.send(bytes, target.port, target.host);
    const deadline = started + timeoutMs;
    for (;;) {
      const final = answers.find((answer) => ours(answer.text) && !/^SIP\/2\.0 1\d\d /.test(answer.text));
      if (final) {
        const [statusLine = "", ...rest] = final.text.split("\r\n");
        const match = /^SIP\/2\.0 (\d{3}) (.*)$/.exec(statusLine);
        return {
          status: Number(match?.[1] ?? 0),
          reason: match?.[2] ?? "",
          headers: rest.join("\r\n"),
          ms: final.at - started,
        };
      }
      const left = deadline - performance.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        notify = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      notify = null;
    }
  }

  /** Sends every request at once and counts the answers that came within `waitMs`. */
  async function blast(target: { host: string; port: number }, requests: string[], waitMs = 2_000): Promise<number> {
    answers.length = 0;
    for (const request of requests) socket.send(Buffer.from(request, "latin1"), target.port, target.host);
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    return answers.length;
  }

  return {
    address: local.address,
    port: local.port,
    /** `host:port` as a Via or Contact writes it (IPv6 in brackets). */
    hostPort: local.address.includes(":") ? `[${local.address}]:${local.port}` : `${local.address}:${local.port}`,
    send,
    blast,
    close: () => socket.close(),
  };
}

/**
 * A UDP socket bound to `address`:`port`. A given port that a passing socket (a resolver's query) holds for a moment
 * is tried again, up to 10 times, 200 ms apart.
 */
async function boundSocket(address: string, port: number, attempt = 1): Promise<dgram.Socket> {
  const socket = dgram.createSocket({ type: address.includes(":") ? "udp6" : "udp4", reuseAddr: false });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, address, () => resolve());
    });
    return socket;
  } catch (error) {
    socket.close();
    if (port === 0 || attempt >= 10 || (error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    await new Promise((resolve) => setTimeout(resolve, 200));
    return boundSocket(address, port, attempt + 1);
  }
}

export type SipSocket = Awaited<ReturnType<typeof sipSocket>>;

/** The digest answer to a `WWW-Authenticate`/`Proxy-Authenticate` challenge, qop=auth as the registrar asks. */
export function digestAnswer(
  challenge: string,
  { username, password, method, uri }: { username: string; password: string; method: string; uri: string },
): string {
  const field = (name: string) => new RegExp(`${name}="?([^",]+)"?`).exec(challenge)?.[1] ?? "";
  const realm = field("realm");
  const nonce = field("nonce");
  const cnonce = token();
  const nc = "00000001";
  const ha1 = md5(`${username}:${realm}:${password}`);
  const ha2 = md5(`${method}:${uri}`);
  const qop = /qop="?auth/.test(challenge);
  const response = qop ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:auth:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
  return (
    `Digest username="${username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", ` +
    `algorithm=MD5${qop ? `, qop=auth, nc=${nc}, cnonce="${cnonce}"` : ""}`
  );
}

/** The challenge header of a 401 or 407 answer. */
export function challengeOf(answer: SipAnswer): string {
  return /^(?:WWW|Proxy)-Authenticate: (.*)$/im.exec(answer.headers)?.[1] ?? "";
}

type RegisterParts = {
  /** The To and From user (a REGISTER's line). */
  user: string;
  domain: string;
  contact?: string;
  userAgent?: string;
  callId?: string;
  cseq?: number;
  authorization?: string;
};

/** A REGISTER's text, with `user` written as given (any bytes, as latin1). */
export function registerRequest(socket: SipSocket, parts: RegisterParts): string {
  const callId = parts.callId ?? `${token()}@hostile`;
  return [
    `REGISTER sip:${parts.domain} SIP/2.0`,
    `Via: SIP/2.0/UDP ${socket.hostPort};branch=z9hG4bK${token()};rport`,
    "Max-Forwards: 70",
    `From: <sip:${parts.user}@${parts.domain}>;tag=${token()}`,
    `To: <sip:${parts.user}@${parts.domain}>`,
    `Call-ID: ${callId}`,
    `CSeq: ${parts.cseq ?? 1} REGISTER`,
    `Contact: ${parts.contact ?? `<sip:${parts.user}@${socket.hostPort}>`}`,
    "Expires: 600",
    `User-Agent: ${parts.userAgent ?? "Hostile/1.0"}`,
    ...(parts.authorization ? [`Authorization: ${parts.authorization}`] : []),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

/**
 * REGISTER, answer the challenge with `password` (as `authUser`, default the line), and return the final answer.
 * The same Call-ID both times, as phones do.
 */
export async function registerWithDigest(
  socket: SipSocket,
  target: { host: string; port: number },
  parts: RegisterParts & { password: string; authUser?: string },
): Promise<{ challenge: SipAnswer | null; answer: SipAnswer | null }> {
  const callId = parts.callId ?? `${token()}@hostile`;
  const challenge = await socket.send(target, registerRequest(socket, { ...parts, callId }));
  if (challenge?.status !== 401) return { challenge, answer: challenge };
  const authorization = digestAnswer(challengeOf(challenge), {
    username: parts.authUser ?? parts.user,
    password: parts.password,
    method: "REGISTER",
    uri: `sip:${parts.domain}`,
  });
  const answer = await socket.send(target, registerRequest(socket, { ...parts, callId, cseq: 2, authorization }));
  return { challenge, answer };
}

/** An INVITE's text from `caller` to `callee` (users written as given), with an SDP-less body. */
export function inviteRequest(
  socket: SipSocket,
  {
    caller,
    callee,
    domain,
    requestUri,
    authorization,
  }: { caller: string; callee: string; domain: string; requestUri?: string; authorization?: string },
): string {
  return [
    `INVITE ${requestUri ?? `sip:${callee}@${domain}`} SIP/2.0`,
    `Via: SIP/2.0/UDP ${socket.hostPort};branch=z9hG4bK${token()};rport`,
    "Max-Forwards: 70",
    `From: <sip:${caller}@${domain}>;tag=${token()}`,
    `To: <sip:${callee}@${domain}>`,
    `Call-ID: ${token()}@hostile`,
    "CSeq: 1 INVITE",
    `Contact: <sip:${caller}@${socket.hostPort}>`,
    ...(authorization ? [`Proxy-Authorization: ${authorization}`] : []),
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}
