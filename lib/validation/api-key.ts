// The console's form for a new provisioning API key (and the command line's flags): a name and what it may do.
import { z } from "zod";
import { apiKeyScopes } from "@/db/enums";
import { API_KEY_NAME_MAX, WITHOUT_CONTROL_CHARACTERS } from "./limits";

export const apiKeySchema = z.object({
  name: z
    .string({ error: "キーの名前を入力してください。" })
    .trim()
    .min(1, "キーの名前を入力してください。")
    .max(API_KEY_NAME_MAX, `キーの名前は${API_KEY_NAME_MAX}文字以内です。`)
    .regex(WITHOUT_CONTROL_CHARACTERS, "キーの名前に使用できない文字が含まれています。"),
  scope: z.enum(apiKeyScopes, { error: "権限を選んでください。" }),
});
export type ApiKeyField = keyof z.input<typeof apiKeySchema>;
