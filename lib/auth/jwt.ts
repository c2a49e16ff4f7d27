// next-auth's session token, encoded and decoded exactly as Auth.js does (jose: A256CBC-HS512 with "dir", the key
// derived from AUTH_SECRET by HKDF with the cookie name as salt, its thumbprint as `kid`), so tokens stay
// interchangeable with next-auth's own functions. The proxy decodes and re-issues the token on every request;
// three things keep that from costing cryptography on every request:
// - the derived key and its thumbprint are kept per secret and salt instead of being derived on every call;
// - a token this process has already decrypted is not decrypted again while it is valid (the cache is keyed by the
//   whole token, a secret only its holder has, so a hit is a token this key already authenticated);
// - re-issuing an unchanged token less than a minute old hands back the same token: the idle timeout then runs from
//   the last re-issue, so a session ends 29 to 30 minutes after the last request, never later.
import { hkdf } from "@panva/hkdf";
import { EncryptJWT, base64url, calculateJwkThumbprint, jwtDecrypt, type JWTPayload } from "jose";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

const alg = "dir";
const enc = "A256CBC-HS512";
const DEFAULT_MAX_AGE = 30 * 24 * 60 * 60;

type DerivedKey = { key: Uint8Array; kid: string };
const derived = new Map<string, Promise<DerivedKey>>();

function derivedKey({ secret, salt }: { secret: string; salt: string }): Promise<DerivedKey> {
  const id = `${salt}\u0000${secret}`;
  let entry = derived.get(id);
  if (!entry) {
    entry = (async () => {
      const key = await hkdf("sha256", secret, salt, `Auth.js Generated Encryption Key (${salt})`, 64);
      const kid = await calculateJwkThumbprint({ kty: "oct", k: base64url.encode(key) }, "sha512");
      return { key, kid };
    })();
    derived.set(id, entry);
  }
  return entry;
}

const secretsOf = (secret: string | string[]) => (Array.isArray(secret) ? secret : [secret]);

export const REISSUE_AFTER_SECONDS = 60;
const CLOCK_TOLERANCE_SECONDS = 15;
const MAX_KEPT = 5_000;
/** Tokens already decrypted, by their full text; and the text each token id was last issued as, per cookie name. */
const decrypted = new Map<string, JWT>();
const issued = new Map<string, { text: string; payload: string }>();

function keep<K, V>(map: Map<K, V>, key: K, value: V): void {
  map.delete(key);
  map.set(key, value);
  // Maps iterate in insertion order: the first key is the least recently kept.
  if (map.size > MAX_KEPT) map.delete(map.keys().next().value as K);
}

/** A decryption is only reused for the same token under the same secrets and cookie name. */
const decryptionKey = ({ secret, salt, token }: { secret: string | string[]; salt: string; token: string }) =>
  [...secretsOf(secret), salt, token].join("\u0000");

function remember({ id, salt, token, payload }: { id: string; salt: string; token: string; payload: JWT }): void {
  keep(decrypted, id, payload);
  if (typeof payload.jti === "string") {
    keep(issued, `${salt}\u0000${payload.jti}`, { text: token, payload: JSON.stringify(payload) });
  }
}

export async function encode({ token, secret, maxAge = DEFAULT_MAX_AGE, salt }: JWTEncodeParams): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const previous = typeof token?.jti === "string" ? issued.get(`${salt}\u0000${token.jti}`) : undefined;
  if (previous && typeof token?.iat === "number" && now - token.iat < REISSUE_AFTER_SECONDS) {
    if (previous.payload === JSON.stringify(token)) return previous.text;
  }
  const { key, kid } = await derivedKey({ secret: secretsOf(secret)[0]!, salt });
  return new EncryptJWT({ ...token } as JWTPayload)
    .setProtectedHeader({ alg, enc, kid })
    .setIssuedAt(now)
    .setExpirationTime(now + maxAge)
    .setJti(crypto.randomUUID())
    .encrypt(key);
}

export async function decode({ token, secret, salt }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const id = decryptionKey({ secret, salt, token });
  const known = decrypted.get(id);
  if (known) {
    if ((known.exp ?? 0) + CLOCK_TOLERANCE_SECONDS > Date.now() / 1000) return { ...known };
    decrypted.delete(id);
  }
  const candidates = await Promise.all(secretsOf(secret).map((each) => derivedKey({ secret: each, salt })));
  const { payload } = await jwtDecrypt(
    token,
    ({ kid }) => {
      const match = kid === undefined ? candidates[0] : candidates.find((candidate) => candidate.kid === kid);
      if (!match) throw new Error("no matching decryption secret");
      return match.key;
    },
    { clockTolerance: CLOCK_TOLERANCE_SECONDS, keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] },
  );
  remember({ id, salt, token, payload: payload as JWT });
  return { ...(payload as JWT) };
}
