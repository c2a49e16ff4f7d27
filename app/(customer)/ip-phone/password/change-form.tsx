"use client";

import { useActionState, useEffect, useState } from "react";
import { Field } from "@/app/_components/field";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { useFocusFirstError } from "@/app/_components/use-focus-first-error";
import { generateSipPassword, SIP_PASSWORD_LENGTH } from "@/lib/changes/sip-password";
import { CURRENT_PASSWORD_MAX, LINE_NUMBER_INPUT_MAX, NEW_PASSWORD_INPUT_MAX } from "@/lib/validation/limits";
import { changePassword, type ChangeFormState } from "./actions";
import { isSwitchMode, type SwitchMode } from "@/lib/changes/rotation";
import { LinePrediction, type LineInfo } from "./line-prediction";
import { SwitchModeField } from "./switch-mode-field";

type Props = {
  requestToken: string;
  lines: LineInfo[];
  /** The new password's rules, listed beside it. */
  rules: React.ReactNode;
  /** The provider's two notices, read before 更新. */
  notices: React.ReactNode;
  /** The server's clock when the page was made (the test clock included), in milliseconds. */
  serverNow: number;
  /** How long a routine change's previous password keeps working after the reflection time. */
  graceMs: number;
  /** A number and a way of changing chosen before the form opened (from 「機器の接続状況」). */
  preset: { number?: string; switchMode?: SwitchMode };
};

export function ChangeForm({ requestToken, lines, rules, notices, serverNow, graceMs, preset }: Props) {
  const [state, action] = useActionState(changePassword, {} as ChangeFormState);
  const initialNumber = state.values?.number ?? preset.number ?? (lines.length === 1 ? lines[0]!.number : "");
  const [typed, setTyped] = useState(initialNumber);
  const [mode, setMode] = useState<SwitchMode>(
    isSwitchMode(state.values?.switchMode) ? state.values.switchMode : (preset.switchMode ?? "routine"),
  );
  // First render as the server did; afterwards the server's clock as it runs on.
  const [now, setNow] = useState(() => new Date(serverNow));
  useEffect(() => {
    const offset = serverNow - Date.now();
    const timer = setInterval(() => setNow(new Date(Date.now() + offset)), 30_000);
    return () => clearInterval(timer);
  }, [serverNow]);
  const formRef = useFocusFirstError(state);
  const errors = state.fieldErrors ?? {};
  // The one suggestion on screen: made here with JavaScript, or by the server's answer to the button without it.
  const [madeHere, setMadeHere] = useState<{ password: string; after: number | undefined } | null>(null);
  const suggestion = madeHere && madeHere.after === state.at ? madeHere.password : state.suggestion;

  function fillGenerated(event: React.MouseEvent<HTMLButtonElement>) {
    const form = formRef.current;
    if (!form) return;
    // With JavaScript the suggestion is made in the browser; the button's submit is the fallback without it.
    event.preventDefault();
    const password = generateSipPassword(form.number.value.replace(/\D/g, "") || undefined);
    for (const name of ["newPassword", "confirmPassword"]) {
      const input = form.elements.namedItem(name) as HTMLInputElement;
      input.value = password;
      input.removeAttribute("aria-invalid");
    }
    setMadeHere({ password, after: state.at });
  }

  return (
    <form ref={formRef} action={action} className="space-y-5" noValidate>
      <FormAlert message={state.message} tone={state.tone} />
      <input type="hidden" name="requestToken" value={requestToken} />
      <fieldset className="space-y-5 rounded border border-brand-100 bg-white p-5">
        <legend className="px-1 font-bold text-brand-800">
          ★IP加入電話サービス情報
          <span className="block text-sm font-normal text-muted">(IP-Phone Service Info)</span>
        </legend>
        <Field
          name="number"
          label="IP加入電話番号"
          hint="パスワードを変更するIP加入電話番号を入力してください。 (例:05012345678)ハイフン（-）を入れて入力しても構いません。"
          inputMode="numeric"
          autoComplete="off"
          list={lines.length > 0 ? "my-lines" : undefined}
          maxLength={LINE_NUMBER_INPUT_MAX}
          required
          defaultValue={initialNumber}
          onChange={(event) => setTyped(event.currentTarget.value)}
          errors={errors.number}
        />
        <SwitchModeField value={mode} onChange={setMode} graceMs={graceMs} errors={errors.switchMode} />
        <LinePrediction lines={lines} typed={typed} mode={mode} now={now} graceMs={graceMs} />
        {lines.length > 0 && (
          <datalist id="my-lines">
            {lines.map((line) => (
              <option key={line.number} value={line.number} label={line.label} />
            ))}
          </datalist>
        )}
        <Field
          name="currentPassword"
          type="password"
          label="現IP加入電話パスワード"
          hint={
            lines.some((line) => line.pendingReflection)
              ? "パスワードを変更する現在のIP加入電話パスワードを入力してください。反映待ちの変更がある番号では、その変更で設定した新しいパスワードが現在のパスワードです（機器にはまだ以前のパスワードが設定されていても構いません）。"
              : "パスワードを変更する現在のIP加入電話パスワードを入力してください。"
          }
          autoComplete="off"
          maxLength={CURRENT_PASSWORD_MAX}
          required
          errors={errors.currentPassword}
        />
        <Field
          name="newPassword"
          label="新IP加入電話パスワード"
          hint={`新しいIP加入電話パスワードを入力してください。 (${SIP_PASSWORD_LENGTH}文字)`}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={NEW_PASSWORD_INPUT_MAX}
          required
          defaultValue={state.values?.newPassword}
          errors={errors.newPassword}
        />
        {rules}
        <Field
          name="confirmPassword"
          label="新IP加入電話パスワード(確認用)"
          hint={`確認のためもう一度、新しいIP加入電話パスワードを入力してください。 (${SIP_PASSWORD_LENGTH}文字)`}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={NEW_PASSWORD_INPUT_MAX}
          required
          defaultValue={state.values?.confirmPassword}
          errors={errors.confirmPassword}
        />
        <div className="space-y-2 rounded bg-brand-50 p-4 text-sm sm:ml-[15rem]" data-testid="generator">
          <p>推測されにくいパスワードを作成して、両方の欄に入力できます（見間違えやすい l・1・o・0 は使いません）。</p>
          <button
            type="submit"
            name="intent"
            value="suggest"
            formNoValidate
            onClick={fillGenerated}
            className="min-h-11 rounded border border-brand-700 bg-white px-4 py-2 font-bold text-brand-700 hover:bg-brand-50"
          >
            安全なパスワードを作成して入力
          </button>
          <output aria-live="polite" className="block" data-testid="suggestion">
            {suggestion && (
              <>
                作成したパスワード：<code className="font-mono text-lg font-bold tracking-wider">{suggestion}</code>
              </>
            )}
          </output>
          <p className="font-bold">新しいパスワードは機器の設定にも使います。控えてから更新してください。</p>
        </div>
      </fieldset>
      {notices}
      <SubmitButton pendingLabel="変更しています…">更新</SubmitButton>
    </form>
  );
}
