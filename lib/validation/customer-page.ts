// The support desk's customer page: its query string (the trail's kind and page) and the fields of its actions
// besides the operator's reason (lib/validation/operator-reason.ts).
import { z } from "zod";
import { EMAIL_MAX } from "./limits";

/** The trail's filter, as the select offers it (lib/desk/trail-kinds.ts names them). */
const trailKindKeys = ["sign-in", "account", "changes", "lines", "operators"] as const;
export type TrailKindKey = (typeof trailKindKeys)[number];

const cursorPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_(\d{1,18})$/;

const querySchema = z.object({
  kind: z.enum(trailKindKeys).optional().catch(undefined),
  before: z.string().max(64).regex(cursorPattern).optional().catch(undefined),
});

/** The trail's position: after the event at `at` with `id` (newest first). */
export const encodeTrailCursor = ({ at, id }: { at: Date; id: number }) => `${at.toISOString()}_${id}`;

/** Unknown or malformed parameters mean the whole trail from its newest event. */
export function parseCustomerPageQuery(params: Record<string, string | string[] | undefined>) {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const query = querySchema.parse({ kind: single(params.kind), before: single(params.before) });
  const match = query.before ? cursorPattern.exec(query.before) : null;
  const at = match ? new Date(match[1]!) : null;
  const before = at && !Number.isNaN(at.getTime()) ? { at, id: Number(match![2]) } : undefined;
  return { kind: query.kind, before };
}

export const customerIdSchema = z.uuid();

export const newEmailSchema = z.object({
  email: z
    .string({ error: "新しいメールアドレスを入力してください。" })
    .trim()
    .min(1, "新しいメールアドレスを入力してください。")
    .max(EMAIL_MAX, `メールアドレスは${EMAIL_MAX}文字以内で入力してください。`)
    .pipe(z.email({ error: "メールアドレスの形式が正しくありません。" })),
});

export const banIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
