// The self-care password change form, as the server checks it. The rules follow NIST SP 800-63B: 12 to 128 characters
// of any kind, no composition rules, not the self-care ID, not a password attackers try first.
import { z } from "zod";
import { SELF_CARE_PASSWORD_MAX, WITHOUT_CONTROL_CHARACTERS } from "./limits";
import { codeSchema } from "./login";

const SELF_CARE_PASSWORD_MIN = 12;

// Long passwords that lists of leaked passwords show people choose anyway (all at least 12 characters, compared
// without regard to case).
const COMMON = new Set([
  "123456789012",
  "1234567890123",
  "12345678901234",
  "123456789abc",
  "1q2w3e4r5t6y",
  "1qaz2wsx3edc",
  "abc123456789",
  "abcd12345678",
  "administrator",
  "asdfghjkl123",
  "iloveyou1234",
  "letmein12345",
  "password1234",
  "password12345",
  "password123456",
  "passw0rd1234",
  "p@ssw0rd1234",
  "qwerty123456",
  "qwertyuiop12",
  "qwertyuiopasdf",
  "selfcare1234",
  "welcome12345",
  "zaq12wsxcde3",
  "aaaaaaaaaaaa",
  "111111111111",
  "000000000000",
]);

/** Every rule the form states before anything is sent. */
export const SELF_CARE_PASSWORD_RULES = [
  `${SELF_CARE_PASSWORD_MIN}文字以上${SELF_CARE_PASSWORD_MAX}文字以内（使える文字の種類に決まりはありません。長い文章もお使いいただけます）`,
  "セルフケアIDと同じものは使えません",
  "よく使われるパスワードは使えません",
  "現在のセルフケアパスワードと同じものは使えません",
] as const;

const characters = (value: string) => [...value].length;

/** The form's fields for one customer (the new password must not be their ID); `code` only when one is asked for. */
export function selfCarePasswordSchema(selfCareId: string) {
  return z
    .object({
      currentPassword: z
        .string({ error: "現在のセルフケアパスワードを入力してください。" })
        .min(1, "現在のセルフケアパスワードを入力してください。")
        .max(SELF_CARE_PASSWORD_MAX, "現在のセルフケアパスワードが正しくありません。"),
      newPassword: z
        .string({ error: "新しいセルフケアパスワードを入力してください。" })
        .regex(WITHOUT_CONTROL_CHARACTERS, "新しいセルフケアパスワードに使用できない文字が含まれています。")
        .refine(
          (value) => characters(value) >= SELF_CARE_PASSWORD_MIN && characters(value) <= SELF_CARE_PASSWORD_MAX,
          `新しいセルフケアパスワードは${SELF_CARE_PASSWORD_MIN}文字以上${SELF_CARE_PASSWORD_MAX}文字以内で入力してください。`,
        ),
      confirmPassword: z.string({ error: "確認のため、新しいセルフケアパスワードをもう一度入力してください。" }),
      code: codeSchema.shape.code.optional(),
    })
    .superRefine((form, context) => {
      const issue = (path: "newPassword" | "confirmPassword", message: string) =>
        context.addIssue({ code: "custom", path: [path], message });
      const lowered = form.newPassword.toLowerCase();
      if (lowered === selfCareId.toLowerCase()) issue("newPassword", "セルフケアIDと同じパスワードは使えません。");
      else if (COMMON.has(lowered))
        issue("newPassword", "よく使われるパスワードは使えません。別のパスワードにしてください。");
      else if (form.newPassword === form.currentPassword) {
        issue("newPassword", "現在のセルフケアパスワードと同じパスワードは使えません。");
      }
      if (form.confirmPassword !== form.newPassword) {
        issue("confirmPassword", "確認用のパスワードが新しいセルフケアパスワードと一致しません。");
      }
    });
}

export type SelfCarePasswordInput = z.infer<ReturnType<typeof selfCarePasswordSchema>>;
export type SelfCarePasswordField = keyof SelfCarePasswordInput;
