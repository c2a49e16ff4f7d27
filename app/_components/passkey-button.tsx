"use client";

import { passkeyRefusal, useWebAuthnSupport } from "@/app/_components/use-webauthn-support";
import { startAuthentication } from "@simplewebauthn/browser";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import { useState } from "react";

/** The server's refusal to hand out a challenge (too many sign-in attempts from the address), to show as it is. */
export type OptionsRefusal = { ok: false; message: string };

/**
 * Asks the browser for a passkey: `options` fetches a challenge from the server (or its refusal), `finish` sends the
 * answer (and navigates on success). Without JavaScript the button never renders: the page says so in one line and offers the
 * emailed code instead.
 */
export function PasskeyButton({
  label,
  options,
  finish,
}: {
  label: string;
  options: () => Promise<PublicKeyCredentialRequestOptionsJSON | OptionsRefusal | null>;
  finish: (answer: string) => Promise<{ ok: false; message: string } | undefined | void>;
}) {
  const supported = useWebAuthnSupport();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  if (!supported) return null;

  async function run() {
    setBusy(true);
    setMessage(null);
    try {
      const optionsJSON = await options();
      if (!optionsJSON) {
        setMessage("このサイトではパスキーをご利用いただけません。メールの認証コードをお使いください。");
        return;
      }
      if ("ok" in optionsJSON) {
        setMessage(optionsJSON.message);
        return;
      }
      const answer = await startAuthentication({ optionsJSON });
      const result = await finish(JSON.stringify(answer));
      if (result && !result.ok) setMessage(result.message);
    } catch (error) {
      const refusal = passkeyRefusal(error, "get");
      if (refusal === null) throw error;
      setMessage(refusal);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-2">
      <button
        type="button"
        onClick={run}
        disabled={busy}
        className="min-h-11 rounded bg-brand-700 px-5 py-2 font-bold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {busy ? "確認しています…" : label}
      </button>
      {message && (
        <p role="alert" className="font-bold text-danger">
          {message}
        </p>
      )}
    </div>
  );
}
