// Who sent a request, for rate limits and the audit trail. The client address comes from the one source the
// deployment states (lib/env.ts); a header the client could have written itself is never believed.
import ipaddr from "ipaddr.js";
import type { AddressSource } from "@/lib/env";

export type RequestMeta = { ip: string; userAgent: string | null };

const MAX_USER_AGENT = 512;

/** Stamped by the server itself from the TCP connection (lib/http/peer-address.ts); whatever a client sends is replaced. */
export const PEER_ADDRESS_HEADER = "x-selfcare-peer-address";

/**
 * The address as a limit key: IPv4 as is (IPv4-mapped IPv6 included), IPv6 by its /64, since one subscriber
 * usually holds a whole /64 and could otherwise take a fresh key per request. Anything unparseable is one key.
 */
export function addressKey(raw: string | null | undefined): string {
  const value = raw?.trim() ?? "";
  // Four-part dotted decimal only: ipaddr.js would also read legacy forms such as "1.2.3".
  if (!ipaddr.IPv4.isValidFourPartDecimal(value) && !ipaddr.IPv6.isValid(value)) return "unknown";
  const address = ipaddr.process(value);
  if (address.kind() === "ipv4") return address.toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${address.toString()}/64`).toString()}/64`;
}

/**
 * The /48 and /32 an IPv6 limit key (a /64) belongs to: one site usually holds a /48 and one provider's customer
 * a /32, so a flood spread over many /64s of them still meets a limit. Nothing for IPv4 and unparseable keys.
 */
export function widerNetworks(key: string): { net48: string; net32: string } | null {
  if (!key.endsWith("/64")) return null;
  const address = key.slice(0, -3);
  if (!ipaddr.IPv6.isValid(address)) return null;
  const network = (bits: number) => `${ipaddr.IPv6.networkAddressFromCIDR(`${address}/${bits}`).toString()}/${bits}`;
  return { net48: network(48), net32: network(32) };
}

function rawAddress(headers: Headers, source: AddressSource): string | null {
  switch (source.kind) {
    // Vercel's edge sets it from the connection and overwrites whatever the client sent.
    case "vercel":
      return headers.get("x-real-ip");
    case "header":
      return headers.get(source.name);
    case "hops": {
      // Each trusted proxy appends the address it saw; the entry `hops` from the right is the outermost proxy's view.
      const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((entry) => entry.trim());
      return chain.length >= source.hops ? chain[chain.length - source.hops]! : headers.get(PEER_ADDRESS_HEADER);
    }
    case "socket":
      return headers.get(PEER_ADDRESS_HEADER);
  }
}

export function requestMetaFrom(headers: Headers, source: AddressSource): RequestMeta {
  const userAgent = headers.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null;
  return { ip: addressKey(rawAddress(headers, source)), userAgent };
}
