"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { CODE_INPUT_MAX, CODE_LENGTH } from "@/lib/validation/limits";
import { verify, type CodeFormState } from "./actions";

/** `remaining` is the server's count when the page was made; each answer brings the server's count again. */
export function CodeForm({ expiresAt, remaining }: { expiresAt: string; remaining: number }) {
  const [state, action] = useActionState(verify, {} as CodeFormState);
  const formRef = useFocusFirstError(state);
  const tries = state.remaining ?? remaining;
  return (
    <form ref={formRef} action={action} className="space-y-5" noValidate>
      <FormAlert message={state.message} />
      <div className="rounded border border-brand-100 bg-white p-5">
        <Field
          name="code"
          label={`認証コード（${CODE_LENGTH}桁）`}
          hint={`有効期限は${expiresAt}までです。入力を${tries}回間違えると、ログインからやり直しになります。`}
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
