// A stand-in for Resend's HTTP API, so the real `resend` SDK can be exercised without the internet.
import http from "node:http";
import type { AddressInfo } from "node:net";

type ReceivedEmail = { path: string; authorization?: string; body: Record<string, unknown> };

export async function startFakeResend() {
  const received: ReceivedEmail[] = [];
  let failing = false;
  const server = http.createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk) => (raw += chunk));
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        authorization: request.headers.authorization,
        body: JSON.parse(raw || "{}"),
      });
      response.setHeader("content-type", "application/json");
      if (failing) {
        response.statusCode = 500;
        response.end(JSON.stringify({ name: "internal_server_error", message: "fake outage", statusCode: 500 }));
        return;
      }
      response.end(JSON.stringify({ id: `fake-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    setFailing(value: boolean) {
      failing = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
