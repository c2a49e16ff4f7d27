// The emailed one-time code: generation, keyed hashing, and the rules that bound its life.
import { createHash, createHmac, hkdfSync, randomBytes, randomInt } from "node:crypto";
import { CODE_LENGTH } from "@/lib/validation/limits";

export { CODE_LENGTH } from "@/lib/validation/limits";

export const CODE_TTL_MS = 10 * 60_000;
export const MAX_WRONG_CODES = 5;
export const RESEND_COOLDOWN_MS = 60_000;

/** Six decimal digits from the CSPRNG (randomInt is uniform, no modulo bias). */
export function generateCode(): string {
  return randomInt(0, 10 ** CODE_LENGTH)
    .toString()
    .padStart(CODE_LENGTH, "0");
}

/** The random value kept in the httpOnly cookie; only its SHA-256 is stored, so a database leak cannot replay it. */
export function generateBinding(): { token: string; hash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, hash: hashBinding(token) };
}

export function hashBinding(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A key for code hashes only, derived from the app secret so the two uses never share a key. */
export function codeKey(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "selfcare-otp", "one-time-code-hmac", 32));
}

/** HMAC of the code bound to its challenge: six digits alone would fall to a dictionary of a million hashes. */
export function hashCode({ key, bindingHash, code }: { key: Buffer; bindingHash: string; code: string }): string {
  return createHmac("sha256", key).update(`${bindingHash}:${code}`).digest("hex");
}

export function codeExpiry(sentAt: Date): Date {
  return new Date(sentAt.getTime() + CODE_TTL_MS);
}

export function resendAvailableAt(lastSentAt: Date): Date {
  return new Date(lastSentAt.getTime() + RESEND_COOLDOWN_MS);
}
