// OWASP's "device cookie": a browser that completed a full sign-in for a self-care ID carries a token signed by the
// server, and is not stopped by the ID's lock that strangers can trigger; it has a lock of its own instead.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** A browser counts as known for this long after its last full sign-in. */
export const DEVICE_TTL_MS = 30 * 24 * 60 * 60_000;

/** A key for device tokens only, derived from the app secret so no other use shares it. */
export function deviceKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "selfcare-device", "device-cookie-hmac", 32));
}

const sign = ({
  key,
  selfCareId,
  nonce,
  issuedAt,
}: {
  key: Buffer;
  selfCareId: string;
  nonce: string;
  issuedAt: number;
}) => createHmac("sha256", key).update(`${selfCareId.toLowerCase()}:${nonce}:${issuedAt}`).digest("base64url");

/** `<nonce>.<issued at, ms>.<HMAC of ID, nonce and time>`; the nonce names this browser's own lock. */
export function issueDeviceToken(key: Buffer, selfCareId: string, now: Date): string {
  const nonce = randomBytes(16).toString("base64url");
  return `${nonce}.${now.getTime()}.${sign({ key, selfCareId, nonce, issuedAt: now.getTime() })}`;
}

/** The browser's nonce when `token` was issued to it for this very ID and has not aged out; otherwise null. */
export function deviceFor({
  key,
  token,
  selfCareId,
  now,
}: {
  key: Buffer;
  token: string | undefined;
  selfCareId: string;
  now: Date;
}): string | null {
  const [nonce, issued, signature, ...rest] = token?.split(".") ?? [];
  if (!nonce || !issued || !signature || rest.length > 0 || !/^\d{1,15}$/.test(issued)) return null;
  const issuedAt = Number(issued);
  if (issuedAt > now.getTime() || now.getTime() - issuedAt > DEVICE_TTL_MS) return null;
  const expected = Buffer.from(sign({ key, selfCareId, nonce, issuedAt }));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? nonce : null;
}
