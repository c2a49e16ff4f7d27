// An address as the customer sees it: enough to tell "my office" from "somewhere else", never the whole of someone's
// address. IPv4 keeps its first two octets (203.0.*.*), IPv6 its first two groups (2001:db8:*).
import ipaddr from "ipaddr.js";

export function maskAddress(address: string): string {
  // The registrar keeps IPv6 sources per /64 (`2001:db8:a:b::/64`).
  const host = address.replace(/\/64$/, "");
  if (!ipaddr.isValid(host)) return "不明";
  const parsed = ipaddr.process(host);
  if (parsed.kind() === "ipv4") {
    const [a, b] = (parsed as ipaddr.IPv4).octets;
    return `${a}.${b}.*.*`;
  }
  const [a, b] = (parsed as ipaddr.IPv6).parts;
  return `${a!.toString(16)}:${b!.toString(16)}:*`;
}
