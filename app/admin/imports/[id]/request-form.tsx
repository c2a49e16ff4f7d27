"use client";

import { useActionState } from "react";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { ReasonFields } from "@/app/admin/_components/reason-fields";
import { requestImportApplyAction, type ImportRequestState } from "../actions";

/** 「反映を申請する」 with why: a plain form, so it works without JavaScript too. */
export function RequestApplyForm({ importId, accepted }: { importId: string; accepted: number }) {
  const [state, action] = useActionState(requestImportApplyAction, {} as ImportRequestState);
  const formRef = useFocusFirstError(state);
  return (
    <form ref={formRef} action={action} className="space-y-4 rounded border border-brand-100 bg-white p-5" noValidate>
      <FormAlert message={state.message} />
      <input type="hidden" name="importId" value={importId} />
      <p>
        エラーの行を除く{accepted.toLocaleString("ja-JP")}
        行の反映を申請します。別の管理者が承認すると反映され、反映したあとで取り消すことはできません（同じ内容の取り込みは何度行っても変わりません）。
      </p>
      <ReasonFields prefix="apply" errors={state.fieldErrors} />
      <SubmitButton pendingLabel="申請しています…">反映を申請する</SubmitButton>
    </form>
  );
}
