"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { CODE_INPUT_MAX, CODE_LENGTH, SELF_CARE_PASSWORD_MAX } from "@/lib/validation/limits";
import { changeSelfCarePasswordAction, type SelfCarePasswordState } from "./actions";

/** `askCode`: the sign-in is older than a few minutes, so the emailed code is asked for too. */
export function PasswordForm({ askCode }: { askCode: boolean }) {
  const [state, action] = useActionState(changeSelfCarePasswordAction, {} as SelfCarePasswordState);
  const formRef = useFocusFirstError(state);
  return (
    <form ref={formRef} action={action} className="space-y-5" noValidate>
      <FormAlert message={state.message} />
      <fieldset className="space-y-4 rounded border border-brand-100 bg-white p-5">
        <legend className="px-1 font-bold text-brand-800">★セルフケアパスワード</legend>
        {askCode && (
          <Field
            name="code"
            label={`認証コード（${CODE_LENGTH}桁）`}
            hint="上の「認証コードを送信」で、ご登録のメールアドレスにお送りした認証コードを入力してください。"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={CODE_INPUT_MAX}
            required
            errors={state.fieldErrors?.code}
          />
        )}
        <Field
          name="currentPassword"
          type="password"
          label="現在のセルフケアパスワード"
          autoComplete="current-password"
          maxLength={SELF_CARE_PASSWORD_MAX}
          required
          errors={state.fieldErrors?.currentPassword}
        />
        <Field
          name="newPassword"
          type="password"
          label="新しいセルフケアパスワード"
          hint="12文字以上。覚えやすい長い文章がおすすめです。"
          autoComplete="new-password"
          maxLength={SELF_CARE_PASSWORD_MAX * 2}
          required
          errors={state.fieldErrors?.newPassword}
        />
        <Field
          name="confirmPassword"
          type="password"
          label="新しいセルフケアパスワード（確認用）"
          hint="確認のため、もう一度入力してください。"
          autoComplete="new-password"
          maxLength={SELF_CARE_PASSWORD_MAX * 2}
          required
          errors={state.fieldErrors?.confirmPassword}
        />
      </fieldset>
      <SubmitButton pendingLabel="変更しています…">変更する</SubmitButton>
    </form>
  );
}
