"use client";

import { useActionState } from "react";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { IMPORT_FILE_MAX_BYTES } from "@/lib/validation/limits";
import { uploadImportAction, type ImportUploadState } from "./actions";

const MEGABYTES = IMPORT_FILE_MAX_BYTES / 1024 / 1024;

/** The upload: a plain multipart form, so it works without JavaScript too. */
export function UploadForm() {
  const [state, action] = useActionState(uploadImportAction, {} as ImportUploadState);
  const formRef = useFocusFirstError(state);
  const fileError = state.fieldErrors?.file?.join(" ");
  const encodingError = state.fieldErrors?.encoding?.join(" ");
  return (
    <form ref={formRef} action={action} className="space-y-4 rounded border border-brand-100 bg-white p-5" noValidate>
      <FormAlert message={state.message} />
      <div className="grid gap-1">
        <label htmlFor="file" className="font-bold">
          CSVファイル
        </label>
        <input
          id="file"
          name="file"
          type="file"
          accept=".csv,text/csv"
          required
          aria-invalid={fileError ? true : undefined}
          aria-describedby={fileError ? "file-error" : "file-hint"}
          className="max-w-md rounded border border-gray-500 bg-white px-3 py-2"
        />
        {fileError ? (
          <p id="file-error" className="text-sm font-bold text-danger">
            {fileError}
          </p>
        ) : (
          <p id="file-hint" className="text-sm text-muted">
            {MEGABYTES}MBまで（約15万行）。それより大きいファイルは分けるか、コマンドラインの npm run import
            で取り込んでください。
          </p>
        )}
      </div>
      <div className="grid gap-1">
        <label htmlFor="encoding" className="font-bold">
          文字コード
        </label>
        <select
          id="encoding"
          name="encoding"
          defaultValue="auto"
          aria-invalid={encodingError ? true : undefined}
          aria-describedby={encodingError ? "encoding-error" : "encoding-hint"}
          className="min-h-11 max-w-xs rounded border border-gray-500 bg-white px-3 py-2"
        >
          <option value="auto">自動判定</option>
          <option value="utf-8">UTF-8</option>
          <option value="shift_jis">Shift_JIS</option>
        </select>
        {encodingError ? (
          <p id="encoding-error" className="text-sm font-bold text-danger">
            {encodingError}
          </p>
        ) : (
          <p id="encoding-hint" className="text-sm text-muted">
            自動判定：BOM付き、またはUTF-8として読めるファイルはUTF-8、それ以外はShift_JISとして読みます。
          </p>
        )}
      </div>
      <SubmitButton pendingLabel="確認しています…">確認する（まだ反映しません）</SubmitButton>
    </form>
  );
}
