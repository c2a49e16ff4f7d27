"use client";

import { useActionState } from "react";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { ReasonFields } from "@/app/admin/_components/reason-fields";
import type { SuspensionReason } from "@/db/enums";
import { lineLifecycleAction, type LifecycleState } from "./actions";

type Props = {
  action: "suspend" | "resume" | "terminate";
  lineId: string;
  number: string;
  title: string;
  description: string;
  button: string;
  /** For `suspend`: the reasons to choose from, in the console's words. */
  suspensionReasons?: Record<SuspensionReason, string>;
};

/** One lifecycle action on the line's page: a plain form, so it works without JavaScript too. */
export function LifecycleForm({ action, lineId, number, title, description, button, suspensionReasons }: Props) {
  const [state, formAction] = useActionState(lineLifecycleAction, {} as LifecycleState);
  const formRef = useFocusFirstError(state);
  const suspensionError = state.fieldErrors?.suspensionReason?.join(" ");
  const headingId = `${action}-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-3 rounded border border-brand-100 bg-white p-5">
      <h2 id={headingId} className="text-lg font-bold text-brand-800">
        {title}
      </h2>
      <p>{description}</p>
      <form ref={formRef} action={formAction} className="space-y-4" noValidate>
        <FormAlert message={state.message} />
        <input type="hidden" name="action" value={action} />
        <input type="hidden" name="lineId" value={lineId} />
        <input type="hidden" name="number" value={number} />
        {suspensionReasons && (
          <div className="grid gap-1">
            <label htmlFor={`${action}-suspension-reason`} className="font-bold">
              停止理由
            </label>
            <select
              id={`${action}-suspension-reason`}
              name="suspensionReason"
              required
              defaultValue=""
              aria-invalid={suspensionError ? true : undefined}
              aria-describedby={suspensionError ? `${action}-suspension-reason-error` : undefined}
              className="min-h-11 w-full max-w-md rounded border border-gray-500 bg-white px-3 py-2"
            >
              <option value="" disabled>
                選択してください
              </option>
              {Object.entries(suspensionReasons).map(([value, name]) => (
                <option key={value} value={value}>
                  {name}
                </option>
              ))}
            </select>
            {suspensionError && (
              <p id={`${action}-suspension-reason-error`} className="text-sm font-bold text-danger">
                {suspensionError}
              </p>
            )}
          </div>
        )}
        <ReasonFields prefix={action} errors={state.fieldErrors} />
        <SubmitButton pendingLabel="送信しています…">{button}</SubmitButton>
      </form>
    </section>
  );
}
