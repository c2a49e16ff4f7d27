// The first credentials the portal issues (provisioning, a re-issued letter): generated, hashed, and sealed for the
// letter 「サービス開始のご案内」 until it is printed, then wiped (docs/provisioning.md, "Initial credentials").
import { createHmac, hkdfSync, randomInt, timingSafeEqual } from "node:crypto";
import { openSecret, sealSecret } from "@/lib/changes/sealed-secret";
import { generateSipPassword } from "@/lib/changes/sip-password";
import { env } from "@/lib/env";

/** Letters and digits without the look-alikes (I/l/1, O/o/0): 55 symbols, read off paper and typed by hand. */
const INITIAL_PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
/** 14 symbols of 55: 80 bits, beyond any guessing, which is why a keyed fast hash is enough (below). */
const INITIAL_PASSWORD_LENGTH = 14;

export function generateInitialPassword(): string {
  return Array.from(
    { length: INITIAL_PASSWORD_LENGTH },
    () => INITIAL_PASSWORD_ALPHABET[randomInt(INITIAL_PASSWORD_ALPHABET.length)],
  ).join("");
}

/** A new line's SIP password: the change form's own rules (8 characters, none weak for this number). */
export const generateLineSipPassword = (number: string) => generateSipPassword(number);

const GENERATED_PREFIX = "$hmac-sha256$";
let generatedKey: Buffer | undefined;
const generatedSecretKey = () =>
  (generatedKey ??= Buffer.from(
    hkdfSync("sha256", env().credentialEncryptionKey, "selfcare-generated", "generated-secret-hmac", 32),
  ));

/**
 * The hash of a secret the portal generated: HMAC-SHA-256 under a key derived from the credential encryption key
 * (not the app secret, whose routine rotation would silently void every unused initial password and the portal's
 * copy of every generated SIP password). A person's
 * password needs argon2id's cost because people choose guessable ones; a generated one cannot be guessed, and an
 * import of 100,000 customers cannot spend 50 ms of argon2id on each. A generated SIP password (40 bits) is no
 * weaker here than in the registrar's MD5 digest hashes, which hold it anyway. Every generated self-care password
 * must be changed at the first sign-in, which replaces this hash with an argon2id one.
 */
export function hashGeneratedSecret(secret: string): string {
  return GENERATED_PREFIX + createHmac("sha256", generatedSecretKey()).update(secret).digest("base64url");
}

export const isGeneratedSecretHash = (hash: string) => hash.startsWith(GENERATED_PREFIX);

export function verifyGeneratedSecret({ hash, secret }: { hash: string; secret: string }): boolean {
  const expected = Buffer.from(hashGeneratedSecret(secret));
  const actual = Buffer.from(hash);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

type LetterSecret = { kind: "customer"; customerId: string } | { kind: "line"; lineId: string };
const letterContext = (secret: LetterSecret) =>
  secret.kind === "customer" ? `letter:customer:${secret.customerId}` : `letter:line:${secret.lineId}`;

/** Sealed for the letter, bound to its customer or line: moved to another row, it no longer opens. */
export const sealForLetter = (secret: LetterSecret, plaintext: string) =>
  sealSecret({ key: env().credentialEncryptionKey, plaintext, context: letterContext(secret) });

export const openForLetter = (secret: LetterSecret, sealed: string) =>
  openSecret({ key: env().credentialEncryptionKey, sealed, context: letterContext(secret) });
