"use client";

import { useActionState } from "react";
import { Field } from "@/app/_components/field";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import type { ApiKeyScope } from "@/db/enums";
import { API_KEY_NAME_MAX } from "@/lib/validation/limits";
import { type ApiKeyFormState, createApiKeyAction } from "./actions";

/**
 * A new key: named, read or read-write. The key shows once, in this form's answer (with or without JavaScript),
 * never in a URL. `scopeNames` come from the server, so the audit trail's words stay out of the client bundle.
 */
export function CreateKeyForm({ scopeNames }: { scopeNames: Record<ApiKeyScope, string> }) {
  const [state, action] = useActionState(createApiKeyAction, {} as ApiKeyFormState);
  const formRef = useFocusFirstError(state);
  const scopeError = state.fieldErrors?.scope;
  return (
    <form ref={formRef} action={action} className="space-y-4" noValidate>
      {state.created && <CreatedKey name={state.created.name} apiKey={state.created.key} />}
      <FormAlert message={state.message} />
      <fieldset className="space-y-4 rounded border border-brand-100 bg-white p-5">
        <legend className="px-1 font-bold text-brand-800">新しいキー</legend>
        <Field
          name="name"
          label="キーの名前"
          hint="どのシステムが使うキーか分かる名前にしてください（例：料金システム本番）。監査記録にこの名前が残ります。"
          maxLength={API_KEY_NAME_MAX}
          required
          defaultValue={state.values?.name ?? ""}
          errors={state.fieldErrors?.name}
        />
        <fieldset
          className="grid gap-1 sm:grid-cols-[14rem_1fr] sm:gap-4"
          aria-describedby={scopeError ? "scope-error" : undefined}
        >
          <legend className="float-left pt-2 font-bold">権限</legend>
          <div className="grid gap-2 pt-2">
            {(["write", "read"] as const).map((scope) => (
              <label key={scope} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="scope"
                  value={scope}
                  defaultChecked={(state.values?.scope ?? "write") === scope}
                  className="size-5"
                />
                {scopeNames[scope]}
                {scope === "read" && <span className="text-sm text-muted">（登録・変更はできません）</span>}
              </label>
            ))}
            {scopeError && (
              <p id="scope-error" className="text-sm font-bold text-danger">
                {scopeError.join(" ")}
              </p>
            )}
          </div>
        </fieldset>
      </fieldset>
      <SubmitButton pendingLabel="発行しています…">キーを発行する</SubmitButton>
    </form>
  );
}

function CreatedKey({ name, apiKey }: { name: string; apiKey: string }) {
  return (
    <section
      role="status"
      aria-labelledby="created-key-heading"
      className="space-y-2 rounded border-l-4 border-brand-600 bg-brand-50 px-4 py-3"
      data-testid="created-key"
    >
      <h2 id="created-key-heading" className="font-bold">
        キー「{name}」を発行しました
      </h2>
      <p>
        このキーが表示されるのは今だけです。今すぐ料金システムの設定に保存してください。ページを離れると、二度と表示できません。
      </p>
      <p>
        <label htmlFor="created-key" className="block text-sm font-bold">
          APIキー
        </label>
        <input
          id="created-key"
          readOnly
          value={apiKey}
          className="w-full rounded border border-gray-500 bg-white px-3 py-2 font-mono text-sm"
          data-testid="created-key-value"
        />
      </p>
    </section>
  );
}
