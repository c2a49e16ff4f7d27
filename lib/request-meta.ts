// Who sent a request, for rate limits and the audit trail. Callers pass the headers; this reads no globals.
export type RequestMeta = { ip: string; userAgent: string | null };

const MAX_USER_AGENT = 512;

/**
 * Vercel (and most proxies) put the client address first in X-Forwarded-For and overwrite what the client sent;
 * without a proxy the header is absent and the address is unknown.
 */
export function requestMetaFrom(headers: Headers): RequestMeta {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim() || "unknown";
  const userAgent = headers.get("user-agent")?.slice(0, MAX_USER_AGENT) ?? null;
  return { ip: ip.slice(0, 64), userAgent };
}
