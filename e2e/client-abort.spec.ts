// A browser that leaves while its post is still on the way (a navigation that cuts off a passkey ceremony's pending
// server action): the server logs the client's abort as an event, never as an error, and goes on serving.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { expect, test } from "./fixtures";
import { startServer, type Server } from "./servers";

// No other spec serves on this port (servers.ts stops a server without waiting for it to exit).
const port = 3112;
let server: Server;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(90_000);
  const dataDir = path.resolve(".data/e2e-client-abort-test");
  fs.rmSync(dataDir, { recursive: true, force: true });
  server = await startServer(port, { DATA_DIR: dataDir });
});

test.afterAll(() => server?.stop());

/** A server action's post that announces more body than it sends, then hangs up. */
async function postAndHangUp(pathname: string) {
  const socket = net.connect(port, "127.0.0.1");
  await new Promise((resolve) => socket.once("connect", resolve));
  const head = [
    `POST ${pathname} HTTP/1.1`,
    `Host: localhost:${port}`,
    `Origin: http://localhost:${port}`,
    "Next-Action: 00000000000000000000000000000000000000000",
    "Content-Type: text/plain;charset=UTF-8",
    "Content-Length: 4000",
  ];
  // The headers and the start of the body are out (the server reads the rest) when the browser goes.
  await new Promise((resolve) => socket.write(`${head.join("\r\n")}\r\n\r\n["$K1"`, resolve));
  socket.destroy();
}

test("a post cut off by the browser is logged as the client's abort, not as an error", async ({ request }) => {
  await postAndHangUp("/login");
  await expect.poll(() => server.logs()).toContain('"event":"request.client-aborted"');
  const errors = server
    .logs()
    .split("\n")
    .filter((line) => line.includes('"level":"error"') || line.includes('"level":"fatal"'));
  expect(errors).toEqual([]);
  expect((await request.get(`http://localhost:${port}/login`)).status()).toBe(200);
});
