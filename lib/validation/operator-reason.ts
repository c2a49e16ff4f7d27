// Why an operator acted, asked with every console action and recorded in its audit event (`detail.reason`,
// `detail.ticket`): one schema and one list of reasons for every action form, so the trail reads the same everywhere.
import { z } from "zod";
import { WITHOUT_CONTROL_CHARACTERS } from "./limits";

/** The choice that asks for a typed reason instead. */
export const OTHER_REASON = "その他";

/** The reasons the forms offer, most common first; OTHER_REASON last. */
export const operatorReasons = [
  "お客様からの電話",
  "お客様からのメール",
  "不正利用の調査",
  "契約内容の変更",
  OTHER_REASON,
] as const;

export const OPERATOR_REASON_MAX = 200;
export const TICKET_MAX = 64;

/** The form's field names: the select, the typed reason and the ticket number. */
export const operatorReasonFieldNames = ["reason", "reasonText", "ticket"] as const;

// Absent fields arrive as null from FormData; they mean the same as empty ones.
const formText = z.preprocess((value) => value ?? "", z.string({ error: "入力内容を確認してください。" }));

const fieldsSchema = z.object({
  reason: formText.pipe(z.enum(operatorReasons, { error: "理由を選択してください。" })),
  reasonText: formText.pipe(
    z
      .string()
      .trim()
      .max(OPERATOR_REASON_MAX, `理由は${OPERATOR_REASON_MAX}文字以内で入力してください。`)
      .regex(WITHOUT_CONTROL_CHARACTERS, "理由に使用できない文字が含まれています。"),
  ),
  ticket: formText.pipe(
    z
      .string()
      // Ticket numbers get typed in full-width too (ＩＮＣ－１２３); store the half-width form.
      .transform((value) => value.normalize("NFKC").trim())
      .pipe(
        z
          .string()
          .max(TICKET_MAX, `チケット番号は${TICKET_MAX}文字以内で入力してください。`)
          .regex(/^[\x21-\x7e]*$/, "チケット番号は半角英数字と記号で入力してください。"),
      ),
  ),
});

/**
 * The reason as recorded: the chosen one, or the typed one when OTHER_REASON is chosen (a typed reason with another
 * choice is ignored — the select is what the operator meant). The ticket is left out when empty.
 */
export const operatorReasonSchema = fieldsSchema
  .superRefine((fields, context) => {
    if (fields.reason === OTHER_REASON && fields.reasonText === "")
      context.addIssue({ code: "custom", path: ["reasonText"], message: "「その他」の理由を入力してください。" });
  })
  .transform(({ reason, reasonText, ticket }): OperatorReason => ({
    reason: reason === OTHER_REASON ? reasonText : reason,
    ...(ticket ? { ticket } : {}),
  }));

/** What an action's audit event carries in its detail. */
export type OperatorReason = { reason: string; ticket?: string };

/** Reads the reason fields of an action's form; other fields are the action's own business. */
export function parseOperatorReason(formData: FormData) {
  return operatorReasonSchema.safeParse(
    Object.fromEntries(operatorReasonFieldNames.map((name) => [name, formData.get(name)])),
  );
}
