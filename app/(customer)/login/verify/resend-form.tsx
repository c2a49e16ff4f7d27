"use client";

import { useActionState, useEffect, useState } from "react";
import { FormAlert } from "@/app/_components/form-alert";
import type { FormState } from "@/app/_components/form-state";
import { SubmitButton } from "@/app/_components/submit-button";
import { resend } from "./actions";

/** The resend button; with JavaScript it counts down the cooldown, without it the server answers the same rule. */
/** `allowance` states the send limit (「1時間に5回まで」) from the policy that enforces it. */
export function ResendForm({
  resendAt,
  cooldownMs,
  allowance,
}: {
  resendAt: number;
  cooldownMs: number;
  allowance: string;
}) {
  const [state, action] = useActionState(resend, {} as FormState);
  // Null until hydrated: the server cannot know the browser's clock, so it renders the plain hint.
  const [clock, setClock] = useState<number | null>(null);
  const availableAt = state.tone === "info" && state.at ? state.at + cooldownMs : resendAt;
  const secondsLeft = clock === null ? 0 : Math.max(0, Math.ceil((availableAt - clock) / 1000));

  useEffect(() => {
    const timer = setInterval(() => setClock(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  return (
    <form action={action} className="space-y-3">
      <FormAlert message={state.message} tone={state.tone} />
      <SubmitButton variant="secondary" pendingLabel="送信しています…">
        認証コードを再送信
      </SubmitButton>
      <p className="text-sm text-muted" aria-live="off">
        {secondsLeft > 0
          ? `再送信は ${secondsLeft} 秒後からご利用いただけます。`
          : `メールが届かない場合は再送信してください（${allowance}）。`}
      </p>
    </form>
  );
}
