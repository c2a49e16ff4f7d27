// What the billing system sends to provision customers and lines, through the API (app/api/provisioning/v1) and the
// CSV import alike: one schema per resource, which the OpenAPI document is generated from. Messages are Japanese:
// the CSV import's rejected rows and the API's problem details both carry them.
import { z } from "zod";
import { lineStatuses, serviceKinds, suspensionReasons } from "@/db/enums";
import { normalizeLineNumber } from "@/lib/changes/line-number";
import { EMAIL_MAX, SELF_CARE_ID_MAX, WITHOUT_CONTROL_CHARACTERS } from "./limits";

const EXTERNAL_ID_MAX = 64;
const CUSTOMER_NAME_MAX = 100;

export const externalIdSchema = z
  .string({ error: "お客様番号（externalId）を指定してください。" })
  .trim()
  .min(1, "お客様番号（externalId）を指定してください。")
  .max(EXTERNAL_ID_MAX, `お客様番号（externalId）は${EXTERNAL_ID_MAX}文字以内です。`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "お客様番号（externalId）は半角英数字と . _ - で指定してください。")
  .meta({ description: "The billing system's own ID of the customer.", example: "C-000123" });

export const lineNumberSchema = z
  .string({ error: "IP加入電話番号を指定してください。" })
  .max(40, "IP加入電話番号は050から始まる11桁です。")
  .transform(normalizeLineNumber)
  .pipe(z.string().regex(/^050\d{8}$/, "IP加入電話番号は050から始まる11桁です（例：05012345678）。"))
  .meta({
    description: "The 050 number: 11 digits (hyphens and full-width digits are accepted).",
    example: "05012345678",
  });

export const customerBodySchema = z
  .object({
    selfCareId: z
      .string({ error: "セルフケアIDを指定してください。" })
      .trim()
      .min(4, "セルフケアIDは4文字以上です。")
      .max(SELF_CARE_ID_MAX, `セルフケアIDは${SELF_CARE_ID_MAX}文字以内です。`)
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "セルフケアIDは半角英数字と . _ - で指定してください。")
      .meta({ description: "The ID the customer signs in with.", example: "sc0001234" }),
    name: z
      .string({ error: "お名前を指定してください。" })
      .trim()
      .min(1, "お名前を指定してください。")
      .max(CUSTOMER_NAME_MAX, `お名前は${CUSTOMER_NAME_MAX}文字以内です。`)
      .regex(WITHOUT_CONTROL_CHARACTERS, "お名前に使用できない文字が含まれています。")
      .meta({ description: "The contract holder's name, as the letter addresses them.", example: "山田 太郎" }),
    email: z
      .email({ error: "メールアドレスの形式が正しくありません。" })
      .max(EMAIL_MAX, `メールアドレスは${EMAIL_MAX}文字以内です。`)
      .meta({ description: "Where the sign-in codes go.", example: "taro@example.jp" }),
  })
  .strict()
  .meta({ id: "CustomerInput" });
export type CustomerBody = z.infer<typeof customerBodySchema>;

export const lineBodySchema = z
  .object({
    customerExternalId: externalIdSchema,
    serviceKind: z.enum(serviceKinds, { error: "サービス種別は ip-phone、b2bua、b2bua-opengate のいずれかです。" }),
    status: z.enum(lineStatuses, { error: "状態は active、suspended、terminated のいずれかです。" }),
    suspensionReason: z
      .enum(suspensionReasons, {
        error: "停止理由は non-payment、fraud、customer-request、police-request のいずれかです。",
      })
      .optional(),
  })
  .strict()
  .superRefine((line, context) => {
    if (line.status === "suspended" && !line.suspensionReason) {
      context.addIssue({ code: "custom", path: ["suspensionReason"], message: "停止中の回線には停止理由が必要です。" });
    }
    if (line.status !== "suspended" && line.suspensionReason) {
      context.addIssue({
        code: "custom",
        path: ["suspensionReason"],
        message: "停止理由は停止中の回線にだけ指定します。",
      });
    }
  })
  .meta({ id: "LineInput" });
export type LineBody = z.infer<typeof lineBodySchema>;
