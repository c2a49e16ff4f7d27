// Addresses that can never reach a real person: the example domains of RFC 2606/6761 and JPRS's example.jp names.
// A preview deployment mails only these (captured for /dev/mailbox), so a reviewer can read every code the demo
// accounts are sent and no real customer is ever mailed from a preview.

const RESERVED_DOMAINS = ["example.com", "example.net", "example.org", "example.jp", "example.co.jp", "example.ne.jp"];
const RESERVED_TOP_LEVEL = ["example", "test", "invalid", "localhost"];

export function isReservedExampleAddress(address: string): boolean {
  const at = address.lastIndexOf("@");
  if (at < 1) return false;
  const domain = address
    .slice(at + 1)
    .toLowerCase()
    .replace(/\.$/, "");
  if (!/^[a-z0-9.-]+$/.test(domain)) return false;
  const within = (zone: string) => domain === zone || domain.endsWith(`.${zone}`);
  return RESERVED_DOMAINS.some(within) || RESERVED_TOP_LEVEL.some(within);
}
