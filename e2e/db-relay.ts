// A TCP relay between an app server and PostgreSQL that a test can cut, slow down and restore: a database outage (or a
// database that answers late) on demand, without touching the PostgreSQL that other tests share.
import net from "node:net";
import type { AddressInfo } from "node:net";

export async function startRelay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let delayMs = 0;

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
          socket.on("close", () => sockets.delete(socket));
        }
        client.pipe(upstream);
        // The database's answers, held back by the current delay, in order.
        let queue = Promise.resolve();
        upstream.on("data", (chunk: Buffer) => {
          const delay = delayMs;
          queue = queue
            .then(() => (delay > 0 ? new Promise((resolve) => setTimeout(resolve, delay)) : undefined))
            .then(() => {
              if (!client.destroyed) client.write(chunk);
            });
        });
        upstream.on("end", () => void queue.then(() => client.end()));
      });
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve((server!.address() as AddressInfo).port));
    });

  const port = await listen(0);
  return {
    port,
    /** Every open connection dropped and new ones refused, as when the database server goes away. */
    async cut() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
    async restore() {
      await listen(port);
    },
    /** Every answer of the database arrives `ms` later (0: at once again). */
    slow(ms: number) {
      delayMs = ms;
    },
  };
}
