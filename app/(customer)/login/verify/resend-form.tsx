"use client";

import { useActionState, useEffect, useState } from "react";
import { FormAlert } from "@/app/_components/form-alert";
import { SubmitButton } from "@/app/_components/submit-button";
import { resend, type ResendFormState } from "./actions";

type Props = {
  /** The button's name (the code page's notice of a failed mail names it too). */
  label: string;
  /** When the server next allows a resend, in milliseconds of its clock (the test clock included). */
  resendAt: number;
  /** The server's clock when the page was made: the countdown runs on it, not on the browser's own clock. */
  serverNow: number;
  /** The same moment as the server writes it (「14:31」), for the page without JavaScript. */
  resendAtText: string;
  /** The send limit (「1時間に5回まで」) from the policy that enforces it. */
  allowance: string;
};

/**
 * The resend button. With JavaScript it counts down on the server's clock and stays disabled until the server would
 * accept it; without JavaScript the page states the time the server gave, and the server answers the same rule.
 */
export function ResendForm({ label, resendAt, serverNow, resendAtText, allowance }: Props) {
  const [state, action] = useActionState(resend, {} as ResendFormState);
  // Null until hydrated: before that the page shows the server's own words.
  const [clock, setClock] = useState<number | null>(null);
  const availableAt = state.resendAt ?? resendAt;

  useEffect(() => {
    const offset = serverNow - Date.now();
    const tick = () => setClock(Date.now() + offset);
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [serverNow]);

  const secondsLeft = clock === null ? 0 : Math.max(0, Math.ceil((availableAt - clock) / 1000));
  const waiting = clock === null ? availableAt > serverNow : secondsLeft > 0;
  let note = `メールが届かない場合は再送信してください（${allowance}）。`;
  if (waiting) {
    note =
      clock === null
        ? `再送信は${state.resendAtText ?? resendAtText}以降にご利用いただけます（${allowance}）。`
        : `再送信は${secondsLeft}秒後からご利用いただけます（${allowance}）。`;
  }

  return (
    <form action={action} className="space-y-3">
      <FormAlert message={state.message} tone={state.tone} />
      <SubmitButton variant="secondary" pendingLabel="送信しています…" disabled={clock !== null && waiting}>
        {label}
      </SubmitButton>
      <p className="text-sm text-muted" aria-live="off" data-testid="resend-note">
        {note}
      </p>
    </form>
  );
}
