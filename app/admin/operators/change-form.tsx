"use client";

import { useActionState } from "react";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { type ChangeOperatorState, changeOperatorAction } from "./actions";
import { ReasonFields } from "./reason-fields";

type Props = {
  operatorId: string;
  kind: "role" | "disable" | "enable" | "code-fallback";
  title: string;
  submitLabel: string;
  reasons: readonly string[];
  other: string;
  reasonMax: number;
  ticketMax: number;
  danger?: boolean;
  /** The change's own fields (the new role, the fallback's new value), rendered by the page. */
  children?: React.ReactNode;
};

/** One change to an operator, with the reason it is made; the server answers with the list, or says why not. */
export function ChangeOperatorForm({ operatorId, kind, title, submitLabel, danger, children, ...reasonProps }: Props) {
  const [state, action] = useActionState(changeOperatorAction, {} as ChangeOperatorState);
  const formRef = useFocusFirstError(state);
  return (
    <form ref={formRef} action={action} className="space-y-3 rounded border border-brand-100 bg-white p-4" noValidate>
      <h3 className="font-bold text-brand-800">{title}</h3>
      <FormAlert message={state.message} />
      <input type="hidden" name="operatorId" value={operatorId} />
      <input type="hidden" name="kind" value={kind} />
      {children}
      {state.fieldErrors?.role && <p className="text-sm font-bold text-danger">{state.fieldErrors.role.join(" ")}</p>}
      <ReasonFields idPrefix={kind} {...reasonProps} errors={state.fieldErrors} values={state.values} />
      <SubmitButton pendingLabel="処理しています…" variant={danger ? "secondary" : "primary"}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}
