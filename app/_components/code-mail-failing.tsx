/**
 * A code's mail has failed and not gone out since (lib/auth/code-step.ts `mailFailing`): said where the code is asked
 * for (the sign-in, a step-up, a new self-care password), naming the button that sends it again.
 */
export function CodeMailFailing({ maskedEmail, resendLabel }: { maskedEmail: string; resendLabel: string }) {
  return (
    <p role="alert" className="rounded border-l-4 border-danger bg-red-50 px-4 py-3 font-bold text-danger">
      ご登録のメールアドレス {maskedEmail}{" "}
      {`への認証コードのメールを送信できませんでした。自動で送信し直していますが、しばらくたっても届かない場合は、下の「${resendLabel}」をお試しください。`}
    </p>
  );
}
