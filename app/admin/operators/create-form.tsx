"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import type { OperatorRole } from "@/db/enums";
import { SELF_CARE_ID_MAX } from "@/lib/validation/limits";
import { type CreateOperatorState, createOperatorAction } from "./actions";
import { ReasonFields } from "./reason-fields";

type Props = {
  roleNames: Record<OperatorRole, string>;
  reasons: readonly string[];
  other: string;
  reasonMax: number;
  ticketMax: number;
};

/**
 * A new operator: ID, name, email, role, and whether the emailed code may stand in for a passkey. The initial
 * password shows once, in this form's answer (with or without JavaScript), never in a URL.
 */
export function CreateOperatorForm({ roleNames, ...reasonProps }: Props) {
  const [state, action] = useActionState(createOperatorAction, {} as CreateOperatorState);
  const formRef = useFocusFirstError(state);
  const roleError = state.fieldErrors?.role;
  return (
    <form ref={formRef} action={action} className="space-y-4" noValidate>
      {state.created && <CreatedOperator {...state.created} />}
      <FormAlert message={state.message} />
      <fieldset className="space-y-4 rounded border border-brand-100 bg-white p-5">
        <legend className="px-1 font-bold text-brand-800">オペレーターを登録する</legend>
        <Field
          name="selfCareId"
          label="ID（ログインに使います）"
          hint="半角英数字と . _ - 。お客様のセルフケアIDと同じものは使えません。"
          maxLength={SELF_CARE_ID_MAX}
          required
          autoComplete="off"
          defaultValue={state.values?.selfCareId ?? ""}
          errors={state.fieldErrors?.selfCareId}
        />
        <Field
          name="name"
          label="名前"
          required
          defaultValue={state.values?.name ?? ""}
          errors={state.fieldErrors?.name}
        />
        <Field
          name="email"
          label="メールアドレス"
          type="email"
          hint="認証コードとパスキーのお知らせが届きます。"
          required
          defaultValue={state.values?.email ?? ""}
          errors={state.fieldErrors?.email}
        />
        <fieldset
          className="grid gap-1 sm:grid-cols-[14rem_1fr] sm:gap-4"
          aria-describedby={roleError ? "new-role-error" : undefined}
        >
          <legend className="float-left pt-2 font-bold">役割</legend>
          <div className="grid gap-2 pt-2">
            {(["viewer", "support", "admin"] as const).map((role) => (
              <label key={role} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="role"
                  value={role}
                  defaultChecked={(state.values?.role ?? "viewer") === role}
                  className="size-5"
                />
                {roleNames[role]}
              </label>
            ))}
            {roleError && (
              <p id="new-role-error" className="text-sm font-bold text-danger">
                {roleError.join(" ")}
              </p>
            )}
          </div>
        </fieldset>
        <label className="flex items-start gap-2">
          <input type="checkbox" name="codeFallback" className="mt-1 size-5" />
          <span>
            パスキーの代わりに、パスワードとメールの認証コードでのログインを許可する
            <span className="block text-sm text-muted">
              許可しない場合、初回はパスワードと認証コードでログインし、その場でパスキーを登録します。以後はパスキーでのみログインできます。
            </span>
          </span>
        </label>
        <ReasonFields idPrefix="new" {...reasonProps} errors={state.fieldErrors} values={state.values} />
      </fieldset>
      <SubmitButton pendingLabel="登録しています…">登録する</SubmitButton>
    </form>
  );
}

function CreatedOperator({ selfCareId, password }: { selfCareId: string; password: string }) {
  return (
    <section
      role="status"
      aria-labelledby="created-operator-heading"
      className="space-y-2 rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3"
      data-testid="created-operator"
    >
      <h2 id="created-operator-heading" className="font-bold">
        オペレーター「{selfCareId}」を登録しました
      </h2>
      <p>
        初期パスワードが表示されるのは今だけです。本人に安全な方法で伝えてください。ページを離れると、二度と表示できません。
      </p>
      <p>
        <label htmlFor="created-password" className="block text-sm font-bold">
          初期パスワード
        </label>
        <input
          id="created-password"
          readOnly
          value={password}
          className="w-full max-w-sm rounded border border-gray-500 bg-white px-3 py-2 font-mono text-sm"
          data-testid="created-password"
        />
      </p>
    </section>
  );
}
