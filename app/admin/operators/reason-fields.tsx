// Why the operator acts (lib/validation/operator-reason.ts): a reason from the list or typed under 「その他」, and an
// optional ticket number. `reasons` come from the server, so the schema's module stays out of the client bundle.
type Props = {
  /** Unique on the page: several forms carry these fields. */
  idPrefix: string;
  reasons: readonly string[];
  other: string;
  /** The schema's limits (lib/validation/operator-reason.ts), stated by the fields. */
  reasonMax: number;
  ticketMax: number;
  errors?: Partial<Record<"reason" | "reasonText" | "ticket", string[]>>;
  values?: Partial<Record<"reason" | "reasonText" | "ticket", string>>;
};

const control =
  "min-h-11 w-full max-w-sm rounded border border-gray-500 bg-white px-3 py-2 text-base aria-invalid:border-danger aria-invalid:ring-1 aria-invalid:ring-danger";

export function ReasonFields({ idPrefix, reasons, other, reasonMax, ticketMax, errors, values }: Props) {
  const field = (name: "reason" | "reasonText" | "ticket") => {
    const id = `${idPrefix}-${name}`;
    const errorId = errors?.[name]?.length ? `${id}-error` : undefined;
    return { id, errorId, invalid: errorId ? true : undefined };
  };
  const error = (name: "reason" | "reasonText" | "ticket", errorId: string | undefined) =>
    errorId && (
      <p id={errorId} className="text-sm font-bold text-danger">
        {errors![name]!.join(" ")}
      </p>
    );
  const reason = field("reason");
  const text = field("reasonText");
  const ticket = field("ticket");
  return (
    <div className="grid gap-3">
      <div className="grid gap-1">
        <label htmlFor={reason.id} className="font-bold">
          理由
        </label>
        <select
          id={reason.id}
          name="reason"
          defaultValue={values?.reason ?? ""}
          aria-invalid={reason.invalid}
          aria-describedby={reason.errorId}
          className={control}
        >
          <option value="">選んでください</option>
          {reasons.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
        {error("reason", reason.errorId)}
      </div>
      <div className="grid gap-1">
        <label htmlFor={text.id} className="font-bold">
          理由（「{other}」を選んだ場合）
        </label>
        <input
          id={text.id}
          name="reasonText"
          maxLength={reasonMax}
          defaultValue={values?.reasonText ?? ""}
          aria-invalid={text.invalid}
          aria-describedby={text.errorId}
          className={control}
        />
        {error("reasonText", text.errorId)}
      </div>
      <div className="grid gap-1">
        <label htmlFor={ticket.id} className="font-bold">
          チケット番号（任意）
        </label>
        <input
          id={ticket.id}
          name="ticket"
          maxLength={ticketMax}
          defaultValue={values?.ticket ?? ""}
          aria-invalid={ticket.invalid}
          aria-describedby={ticket.errorId}
          className={`${control} font-mono`}
        />
        {error("ticket", ticket.errorId)}
      </div>
    </div>
  );
}
