// A TCP relay between an app server and PostgreSQL that a test can cut and restore: a database outage on demand,
// without stopping the PostgreSQL that other tests (and other projects on the machine) share.
import net from "node:net";
import type { AddressInfo } from "node:net";

export async function startRelay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;

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
        client.pipe(upstream).pipe(client);
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
  };
}
