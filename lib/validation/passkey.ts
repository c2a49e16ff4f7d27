// What a browser sends back from a passkey ceremony (@simplewebauthn/browser's JSON), checked for shape and size on
// the server before any verification; the name a customer gives a passkey.
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { z } from "zod";
import { PASSKEY_NAME_MAX } from "@/lib/auth/passkey-rules";
import { WITHOUT_CONTROL_CHARACTERS } from "./limits";

const base64url = (max: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/)
    .max(max);
/** The whole answer as the browser sends it: a JSON text of at most this many characters. */
const ANSWER_MAX = 16_384;

const authentication = z.object({
  id: base64url(1024),
  rawId: base64url(1024),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(4096),
    signature: base64url(1024),
    userHandle: base64url(1024).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

const registration = z.object({
  id: base64url(1024),
  rawId: base64url(1024),
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(8192),
    authenticatorData: base64url(4096).optional(),
    transports: z.array(z.string().max(32)).max(8).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url(4096).optional(),
  }),
  clientExtensionResults: z.record(z.string(), z.unknown()),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

const json = z
  .string()
  .max(ANSWER_MAX)
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "not JSON" });
      return z.NEVER;
    }
  });

/** A sign-in's or a step-up's answer, sent as a JSON text (next-auth's credentials are strings). */
export const passkeyAnswerSchema = z.object({
  response: json.pipe(authentication).transform((value) => value as AuthenticationResponseJSON),
});

const passkeyNameSchema = z
  .string({ error: "パスキーの名前を入力してください。" })
  .trim()
  .min(1, "パスキーの名前を入力してください。")
  .max(PASSKEY_NAME_MAX, `パスキーの名前は${PASSKEY_NAME_MAX}文字以内で入力してください。`)
  .regex(WITHOUT_CONTROL_CHARACTERS, "パスキーの名前に使用できない文字が含まれています。");

/** Adding a passkey: its name and the browser's answer. */
export const newPasskeySchema = z.object({
  name: passkeyNameSchema,
  response: json.pipe(registration).transform((value) => value as RegistrationResponseJSON),
});
