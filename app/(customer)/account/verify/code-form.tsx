"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { CODE_INPUT_MAX, CODE_LENGTH } from "@/lib/validation/limits";
import { verifyStepUpCode, type StepUpCodeState } from "./actions";

export function StepUpCodeForm({ next }: { next: string }) {
  const [state, action] = useActionState(verifyStepUpCode, {} as StepUpCodeState);
  const formRef = useFocusFirstError(state);
  return (
    <form ref={formRef} action={action} className="space-y-4" noValidate>
      <FormAlert message={state.message} />
      <input type="hidden" name="next" value={next} />
      <Field
        name="code"
        label={`認証コード（${CODE_LENGTH}桁）`}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={CODE_INPUT_MAX}
        required
        errors={state.fieldErrors?.code}
      />
      <SubmitButton pendingLabel="確認しています…">確認する</SubmitButton>
    </form>
  );
}
