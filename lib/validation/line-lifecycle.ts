// The console's line lifecycle forms and the approvals' decisions (app/admin/lines, app/admin/approvals). The
// operator's reason and ticket are lib/validation/operator-reason.ts's.
import { z } from "zod";
import { suspensionReasons } from "@/db/enums";
import { OPERATOR_REASON_MAX } from "./operator-reason";
import { WITHOUT_CONTROL_CHARACTERS } from "./limits";

export const lifecycleSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("suspend"),
    lineId: z.uuid(),
    suspensionReason: z.enum(suspensionReasons, { error: "停止理由を選択してください。" }),
  }),
  z.object({ action: z.literal("resume"), lineId: z.uuid() }),
  z.object({ action: z.literal("terminate"), lineId: z.uuid() }),
]);

/** The decider's reason is optional: approving or rejecting a request that already says why. */
export const decisionSchema = z.object({
  approvalId: z.uuid(),
  decision: z.enum(["approve", "reject"]),
  comment: z.preprocess(
    (value) => value ?? "",
    z
      .string()
      .trim()
      .max(OPERATOR_REASON_MAX, `コメントは${OPERATOR_REASON_MAX}文字以内で入力してください。`)
      .regex(WITHOUT_CONTROL_CHARACTERS, "コメントに使用できない文字が含まれています。"),
  ),
});
