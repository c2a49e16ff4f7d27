// The login forms' fields, checked on the server (and reused by the forms for their limits).
import { z } from "zod";
import {
  CODE_INPUT_MAX,
  CODE_LENGTH,
  SELF_CARE_ID_MAX,
  SELF_CARE_PASSWORD_MAX,
  WITHOUT_CONTROL_CHARACTERS,
} from "./limits";

export const loginSchema = z.object({
  selfCareId: z
    .string({ error: "セルフケアIDを入力してください。" })
    .trim()
    .min(1, "セルフケアIDを入力してください。")
    .max(SELF_CARE_ID_MAX, `セルフケアIDは${SELF_CARE_ID_MAX}文字以内で入力してください。`)
    .regex(WITHOUT_CONTROL_CHARACTERS, "セルフケアIDに使用できない文字が含まれています。"),
  password: z
    .string({ error: "セルフケアパスワードを入力してください。" })
    .min(1, "セルフケアパスワードを入力してください。")
    .max(SELF_CARE_PASSWORD_MAX, `セルフケアパスワードは${SELF_CARE_PASSWORD_MAX}文字以内で入力してください。`),
});

export const CODE_FORMAT_MESSAGE = `認証コードはメールに記載の${CODE_LENGTH}桁の数字で入力してください。`;

export const codeSchema = z.object({
  code: z
    .string({ error: "認証コードを入力してください。" })
    .max(CODE_INPUT_MAX, CODE_FORMAT_MESSAGE)
    // People paste codes with spaces or type full-width digits.
    .transform((value) => value.normalize("NFKC").replace(/\s/g, ""))
    .pipe(
      z
        .string()
        .min(1, "認証コードを入力してください。")
        .regex(new RegExp(`^\\d{${CODE_LENGTH}}$`), CODE_FORMAT_MESSAGE),
    ),
});

export type LoginInput = z.infer<typeof loginSchema>;
