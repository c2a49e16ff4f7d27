// The IP phone password change form, as the server action checks it (full-width input normalised first).
import { z } from "zod";
import { switchModes } from "@/db/enums";
import { normalizeLineNumber } from "@/lib/changes/line-number";
import { SIP_PASSWORD_LENGTH, weakPasswordReason, type WeakReason } from "@/lib/changes/sip-password";
import { CURRENT_PASSWORD_MAX, LINE_NUMBER_INPUT_MAX, NEW_PASSWORD_INPUT_MAX } from "./limits";

const lineNumber = z
  .string({ error: "IP加入電話番号を入力してください。" })
  .max(LINE_NUMBER_INPUT_MAX, "IP加入電話番号は11桁で入力してください（例：05012345678）。")
  .transform(normalizeLineNumber)
  .superRefine((value, context) => {
    const fail = (message: string) => context.addIssue({ code: "custom", message });
    if (value === "") return fail("IP加入電話番号を入力してください。");
    if (!/^\d+$/.test(value)) return fail("IP加入電話番号は数字で入力してください（例：05012345678）。");
    if (!value.startsWith("050")) return fail("IP加入電話番号は050から始まる番号を入力してください。");
    if (value.length !== 11) return fail(`IP加入電話番号は11桁で入力してください（入力は${value.length}桁です）。`);
  });

const weakMessages: Record<WeakReason, string> = {
  repetition: "同じ文字や短い並びの繰り返しは推測されやすいため使えません。",
  sequence: "12345678 や abcdefgh のような連続した並びは推測されやすいため使えません。",
  number: "IP加入電話番号の数字をそのまま使ったパスワードは使えません。",
  common: "よく使われるパスワードのため使えません。推測されにくいものにしてください。",
};

/** Which character rule a new password breaks, checked in the order a customer can fix them. */
function newPasswordProblem(value: string): string | null {
  if (value === "") return "新IP加入電話パスワードを入力してください。";
  if (/[^\x20-\x7e]/.test(value)) return "全角文字は使えません。半角英小文字（a～z）と数字（0～9）で入力してください。";
  if (/\s/.test(value)) return "空白は使えません。半角英小文字と数字で入力してください。";
  if (/[A-Z]/.test(value)) return "英大文字は使えません。半角英小文字（a～z）と数字で入力してください。";
  if (/[^a-z0-9]/.test(value)) return "記号は使えません。半角英小文字と数字で入力してください。";
  if (value.length !== SIP_PASSWORD_LENGTH) {
    return `新IP加入電話パスワードは${SIP_PASSWORD_LENGTH}文字で入力してください（入力は${value.length}文字です）。`;
  }
  return null;
}

const TOO_LONG = `新IP加入電話パスワードは${SIP_PASSWORD_LENGTH}文字で入力してください。`;

export const passwordChangeSchema = z
  .object({
    number: lineNumber,
    currentPassword: z
      .string({ error: "現IP加入電話パスワードを入力してください。" })
      .min(1, "現IP加入電話パスワードを入力してください。")
      .max(CURRENT_PASSWORD_MAX, "現IP加入電話パスワードが長すぎます。"),
    newPassword: z
      .string({ error: "新IP加入電話パスワードを入力してください。" })
      .max(NEW_PASSWORD_INPUT_MAX, TOO_LONG),
    confirmPassword: z
      .string({ error: "確認のため、もう一度新IP加入電話パスワードを入力してください。" })
      .max(NEW_PASSWORD_INPUT_MAX, TOO_LONG),
    // The form always sends one (通常 is checked); a request without it gets the default, never the cut-off.
    switchMode: z.enum(switchModes, { error: "切り替え方法を選んでください。" }).default("routine"),
    requestToken: z.uuid({ error: "画面の有効期限が切れました。もう一度入力画面を開いてください。" }),
  })
  .superRefine((form, context) => {
    const fail = (path: "newPassword" | "confirmPassword", message: string) =>
      context.addIssue({ code: "custom", path: [path], message });
    const problem = newPasswordProblem(form.newPassword);
    if (problem) fail("newPassword", problem);
    else {
      const weak = weakPasswordReason({ password: form.newPassword, number: form.number });
      if (weak) fail("newPassword", weakMessages[weak]);
      else if (form.newPassword === form.currentPassword) {
        fail("newPassword", "現在のパスワードとは異なるパスワードを入力してください。");
      }
    }
    if (form.confirmPassword === "") {
      fail("confirmPassword", "確認のため、もう一度新IP加入電話パスワードを入力してください。");
    } else if (form.confirmPassword !== form.newPassword) {
      fail("confirmPassword", "確認用のパスワードが新IP加入電話パスワードと一致しません。");
    }
  });

export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;
export type PasswordChangeField = keyof z.input<typeof passwordChangeSchema>;
