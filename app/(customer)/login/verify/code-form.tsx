"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormAlert } from "@/app/_components/form-alert";
import type { FormState } from "@/app/_components/form-state";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { CODE_INPUT_MAX, CODE_LENGTH } from "@/lib/validation/limits";
import { verify, type CodeField } from "./actions";

export function CodeForm({ hint }: { hint: string }) {
  const [state, action] = useActionState(verify, {} as FormState<CodeField>);
  const formRef = useFocusFirstError(state);
  return (
    <form ref={formRef} action={action} className="space-y-5" noValidate>
      <FormAlert message={state.message} />
      <div className="rounded border border-brand-100 bg-white p-5">
        <Field
          name="code"
          label={`認証コード（${CODE_LENGTH}桁）`}
          hint={hint}
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={CODE_INPUT_MAX}
          required
          autoFocus
          errors={state.fieldErrors?.code}
        />
      </div>
      <SubmitButton pendingLabel="確認しています…">認証する</SubmitButton>
    </form>
  );
}
