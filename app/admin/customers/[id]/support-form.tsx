"use client";

import { useActionState, useId } from "react";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import type { SupportFormState } from "./actions";

type Props = {
  action: (previous: SupportFormState, formData: FormData) => Promise<SupportFormState>;
  customerId: string;
  /** What the step does and to whom, above the reason. */
  children: React.ReactNode;
  submitLabel: string;
  pendingLabel: string;
  /** The reasons to choose from and the one that asks for a typed reason (from the server: no zod in the bundle). */
  reasons: readonly string[];
  otherReason: string;
  limits: { reason: number; ticket: number };
  hidden?: Record<string, string>;
  /** The change of address asks for the new one. */
  emailLimit?: number;
};

const inputStyle =
  "min-h-11 w-full max-w-sm rounded border border-gray-500 bg-white px-3 py-2 text-base aria-invalid:border-danger aria-invalid:ring-1 aria-invalid:ring-danger";

/**
 * One support step's form: its own fields, then why (a reason from the list, or typed for 「その他」) and an optional
 * ticket number. Without JavaScript it posts the same and the page answers with the same errors.
 */
export function SupportForm(props: Props) {
  const [state, action] = useActionState(props.action, {} as SupportFormState);
  const formRef = useFocusFirstError(state);
  const id = useId();
  const errors = state.fieldErrors ?? {};
  const values = state.values ?? {};
  const described = (field: string, hint?: boolean) =>
    [errors[field as keyof typeof errors] ? `${id}-${field}-error` : null, hint ? `${id}-${field}-hint` : null]
      .filter(Boolean)
      .join(" ") || undefined;
  const error = (field: keyof typeof errors) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="text-sm font-bold text-danger">
        {errors[field]!.join(" ")}
      </p>
    ) : null;
  return (
    <form ref={formRef} action={action} className="space-y-3" noValidate>
      <FormAlert message={state.message} />
      <input type="hidden" name="customerId" value={props.customerId} />
      {Object.entries(props.hidden ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {props.children}
      {props.emailLimit !== undefined && (
        <div className="grid gap-1">
          <label htmlFor={`${id}-email`} className="font-bold">
            新しいメールアドレス
          </label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="off"
            maxLength={props.emailLimit}
            defaultValue={values.email ?? ""}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={described("email")}
            className={inputStyle}
          />
          {error("email")}
        </div>
      )}
      <div className="grid gap-1">
        <label htmlFor={`${id}-reason`} className="font-bold">
          理由
        </label>
        <select
          id={`${id}-reason`}
          name="reason"
          defaultValue={values.reason ?? ""}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={described("reason")}
          className={inputStyle}
        >
          <option value="">選択してください</option>
          {props.reasons.map((reason) => (
            <option key={reason} value={reason}>
              {reason}
            </option>
          ))}
        </select>
        {error("reason")}
      </div>
      <div className="grid gap-1">
        <label htmlFor={`${id}-reasonText`} className="font-bold">
          {`理由（「${props.otherReason}」の場合）`}
        </label>
        <input
          id={`${id}-reasonText`}
          name="reasonText"
          maxLength={props.limits.reason}
          defaultValue={values.reasonText ?? ""}
          aria-invalid={errors.reasonText ? true : undefined}
          aria-describedby={described("reasonText", !errors.reasonText)}
          className={inputStyle}
        />
        {error("reasonText") ?? (
          <p id={`${id}-reasonText-hint`} className="text-sm text-muted">
            {`${props.limits.reason}文字以内。監査記録に残ります。`}
          </p>
        )}
      </div>
      <div className="grid gap-1">
        <label htmlFor={`${id}-ticket`} className="font-bold">
          チケット番号（任意）
        </label>
        <input
          id={`${id}-ticket`}
          name="ticket"
          maxLength={props.limits.ticket}
          autoComplete="off"
          defaultValue={values.ticket ?? ""}
          aria-invalid={errors.ticket ? true : undefined}
          aria-describedby={described("ticket")}
          className={inputStyle}
        />
        {error("ticket")}
      </div>
      <SubmitButton pendingLabel={props.pendingLabel} variant="secondary">
        {props.submitLabel}
      </SubmitButton>
    </form>
  );
}
