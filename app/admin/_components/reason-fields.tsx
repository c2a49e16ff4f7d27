import { OPERATOR_REASON_MAX, OTHER_REASON, TICKET_MAX, operatorReasons } from "@/lib/validation/operator-reason";

type Errors = Partial<Record<"reason" | "reasonText" | "ticket", string[]>>;

const control =
  "min-h-11 w-full max-w-md rounded border border-gray-500 bg-white px-3 py-2 aria-invalid:border-danger aria-invalid:ring-1 aria-invalid:ring-danger";

function ErrorOrHint({ id, error, hint }: { id: string; error?: string; hint?: string }) {
  if (error)
    return (
      <p id={`${id}-error`} className="text-sm font-bold text-danger">
        {error}
      </p>
    );
  return hint ? (
    <p id={`${id}-hint`} className="text-sm text-muted">
      {hint}
    </p>
  ) : null;
}

/**
 * Why the operator acts and the ticket, asked by every console action form (lib/validation/operator-reason.ts). The
 * typed reason is always there, not revealed by script, so the form works without JavaScript. `prefix` keeps the ids
 * apart when a page has several forms.
 */
export function ReasonFields({ prefix, errors = {} }: { prefix: string; errors?: Errors }) {
  const ids = { reason: `${prefix}-reason`, reasonText: `${prefix}-reason-text`, ticket: `${prefix}-ticket` };
  const described = (field: keyof typeof ids, hasHint: boolean) =>
    errors[field]?.length ? `${ids[field]}-error` : hasHint ? `${ids[field]}-hint` : undefined;
  return (
    <div className="grid gap-3">
      <div className="grid gap-1">
        <label htmlFor={ids.reason} className="font-bold">
          理由
        </label>
        <select
          id={ids.reason}
          name="reason"
          required
          defaultValue=""
          aria-invalid={errors.reason?.length ? true : undefined}
          aria-describedby={described("reason", false)}
          className={control}
        >
          <option value="" disabled>
            選択してください
          </option>
          {operatorReasons.map((reason) => (
            <option key={reason} value={reason}>
              {reason}
            </option>
          ))}
        </select>
        <ErrorOrHint id={ids.reason} error={errors.reason?.join(" ")} />
      </div>
      <div className="grid gap-1">
        <label htmlFor={ids.reasonText} className="font-bold">
          理由（「{OTHER_REASON}」を選んだとき）
        </label>
        <input
          id={ids.reasonText}
          name="reasonText"
          maxLength={OPERATOR_REASON_MAX}
          aria-invalid={errors.reasonText?.length ? true : undefined}
          aria-describedby={described("reasonText", true)}
          className={control}
        />
        <ErrorOrHint
          id={ids.reasonText}
          error={errors.reasonText?.join(" ")}
          hint={`${OPERATOR_REASON_MAX}文字以内。ほかの理由を選んだときは入力不要です。`}
        />
      </div>
      <div className="grid gap-1">
        <label htmlFor={ids.ticket} className="font-bold">
          チケット番号（任意）
        </label>
        <input
          id={ids.ticket}
          name="ticket"
          maxLength={TICKET_MAX}
          autoComplete="off"
          aria-invalid={errors.ticket?.length ? true : undefined}
          aria-describedby={described("ticket", true)}
          className={control}
        />
        <ErrorOrHint id={ids.ticket} error={errors.ticket?.join(" ")} hint="問い合わせ管理のチケット番号など。" />
      </div>
    </div>
  );
}
