// A TCP relay between the app server and PostgreSQL that counts the statements it carries and can hold every packet
// back for a while in each direction: the database across a network, as on Vercel (Neon, a managed PostgreSQL), on
// a machine where it sits on loopback.
//
// Statements are counted from the frontend protocol itself: each Execute ('E', the extended protocol postgres.js
// uses) and each simple Query ('Q') is one statement sent to the server, BEGIN and COMMIT included. Deterministic: no
// extension (pg_stat_statements) and no change to the app.
import net from "node:net";
import type { AddressInfo } from "node:net";

export type Relay = {
  port: number;
  /** Statements carried since the relay started. */
  statements(): number;
  /** Every packet held back `ms` in each direction (0: none). */
  delay(ms: number): void;
  close(): Promise<void>;
};

/** A NUL-terminated string of a protocol message, from `offset`; and where the next field starts. */
function cString(message: Buffer, offset: number): [string, number] {
  const end = message.indexOf(0, offset);
  return [message.toString("utf8", offset, end), end + 1];
}

/**
 * Reads the frontend's messages as they stream by and reports each statement sent, with its text: a simple Query's
 * own, or for an Execute the text of the prepared statement last bound (Parse names it once per connection).
 */
function statementCounter(onStatement: (text: string) => void) {
  let pending = Buffer.alloc(0);
  let started = false;
  const prepared = new Map<string, string>();
  let bound = "";
  return (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    for (;;) {
      // The startup message (and an SSL or GSS request before it) has no type byte: a length, then the body.
      if (!started) {
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        // 80877103: SSLRequest, 80877104: GSSENCRequest; anything else is the startup message itself.
        if (code !== 80877103 && code !== 80877104) started = true;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1);
      if (pending.length < 1 + length) return;
      const type = String.fromCharCode(pending[0]!);
      const body = pending.subarray(5, 1 + length);
      if (type === "P") {
        const [name, next] = cString(body, 0);
        prepared.set(name, cString(body, next)[0]);
      } else if (type === "B") {
        const [, next] = cString(body, 0);
        bound = prepared.get(cString(body, next)[0]) ?? "";
      } else if (type === "E") onStatement(bound);
      else if (type === "Q") onStatement(cString(body, 0)[0]);
      pending = pending.subarray(1 + length);
    }
  };
}

/** With BENCH_RELAY_TRACE=1 every statement's first line is printed as it goes by, to see what a request sends. */
const trace = process.env.BENCH_RELAY_TRACE === "1";

export async function startRelay(target: { host: string; port: number }): Promise<Relay> {
  let carried = 0;
  let delayMs = 0;
  const sockets = new Set<net.Socket>();

  /** Writes `chunk` after the current delay, keeping order on the way. */
  const delayed = (to: net.Socket) => {
    let queue = Promise.resolve();
    return (chunk: Buffer) => {
      const wait = delayMs;
      queue = queue
        .then(() => (wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : undefined))
        .then(() => {
          if (!to.destroyed) to.write(chunk);
        });
    };
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
      socket.on("close", () => sockets.delete(socket));
    }
    const watch = statementCounter((text) => {
      carried += 1;
      if (trace) console.log(`  sql ${carried}: ${text.replace(/\s+/g, " ").slice(0, 160)}`);
    });
    const toServer = delayed(upstream);
    const toClient = delayed(client);
    client.on("data", (chunk: Buffer) => {
      watch(chunk);
      toServer(chunk);
    });
    upstream.on("data", toClient);
    client.on("end", () => upstream.end());
    upstream.on("end", () => client.end());
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
  return {
    port,
    statements: () => carried,
    delay(ms) {
      delayMs = ms;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
