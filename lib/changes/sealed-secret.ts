// AES-256-GCM for the new SIP password between the request and its reflection (the provisioning step needs it).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What a change's sealed secret is bound to: moved to another change or line, it no longer opens. */
export const changeSecretContext = ({ changeId, number }: { changeId: string; number: string }) =>
  `${changeId}:${number}`;

/** `context` (e.g. change id and number) is authenticated, so a ciphertext moved to another row fails to open. */
export function sealSecret({ key, plaintext, context }: { key: Buffer; plaintext: string; context: string }): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
    .join(".");
}

export function openSecret({ key, sealed, context }: { key: Buffer; sealed: string; context: string }): string {
  const [version, iv, tag, body, ...rest] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || body === undefined || rest.length > 0) {
    throw new Error("Unrecognised sealed secret");
  }
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  // GCM accepts truncated tags unless told otherwise; a short tag would make forgery far easier.
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error("Unrecognised sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(tagBytes);
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
