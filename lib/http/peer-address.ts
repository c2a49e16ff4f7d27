// The TCP peer's address, for deployments that trust no proxy header. Next.js exposes no socket to route code, and
// fills X-Forwarded-For from the socket only when the client sent none, so the server stamps a header of its own on
// every incoming request, replacing whatever a client put there.
import http from "node:http";
import { PEER_ADDRESS_HEADER } from "@/lib/http/request-meta";

const holder = globalThis as typeof globalThis & { __selfcarePeerStamp?: boolean };

/** Called once per server process (lib/server/startup.ts), before any request is served. */
export function stampPeerAddresses(): void {
  if (holder.__selfcarePeerStamp) return;
  holder.__selfcarePeerStamp = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === "request") {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? "";
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof emit;
}
