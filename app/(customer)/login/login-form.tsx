"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormAlert } from "@/app/_components/form-alert";
import type { FormState } from "@/app/_components/form-state";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { SELF_CARE_ID_MAX, SELF_CARE_PASSWORD_MAX } from "@/lib/validation/limits";
import { login, type LoginField } from "./actions";

export function LoginForm() {
  const [state, action] = useActionState(login, {} as FormState<LoginField>);
  const formRef = useFocusFirstError(state);
  return (
    <form ref={formRef} action={action} className="space-y-5" noValidate>
      <FormAlert message={state.message} />
      <fieldset className="space-y-4 rounded border border-brand-100 bg-white p-5">
        <legend className="px-1 font-bold text-brand-800">★セルフケア情報</legend>
        <Field
          name="selfCareId"
          label="セルフケアID"
          hint="セルフケアIDを入力してください。"
          autoComplete="username webauthn"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={SELF_CARE_ID_MAX}
          required
          defaultValue={state.values?.selfCareId}
          errors={state.fieldErrors?.selfCareId}
        />
        <Field
          name="password"
          type="password"
          label="セルフケアパスワード"
          hint="セルフケアパスワードを入力してください。"
          autoComplete="current-password"
          maxLength={SELF_CARE_PASSWORD_MAX}
          required
          errors={state.fieldErrors?.password}
        />
      </fieldset>
      <div className="flex flex-wrap gap-3">
        <SubmitButton pendingLabel="確認しています…">送信</SubmitButton>
        <button
          type="reset"
          className="min-h-11 rounded border border-gray-500 bg-white px-6 py-2 font-bold hover:bg-gray-50"
        >
          リセット
        </button>
      </div>
    </form>
  );
}
