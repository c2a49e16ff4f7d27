"use client";

import { passkeyRefusal, useWebAuthnSupport } from "@/app/_components/use-webauthn-support";
import { startRegistration } from "@simplewebauthn/browser";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { PASSKEY_NAME_MAX } from "@/lib/auth/passkey-rules";
import type { PublicKeyCredentialCreationOptionsJSON } from "@simplewebauthn/browser";

type Options =
  { ok: true; options: PublicKeyCredentialCreationOptionsJSON } | { ok: false; message: string; verify?: string };

/**
 * Names and adds a passkey: the browser creates it (with the device's PIN or biometrics), the server checks it. The
 * two server actions are the page's own (the customer's, or the operator's in the console).
 */
export function AddPasskey({
  options: passkeyRegistrationOptions,
  add: addPasskey,
  placeholder = "自宅のパソコン",
}: {
  options: () => Promise<Options>;
  add: (name: string, answer: string) => Promise<{ ok: true } | { ok: false; message: string }>;
  placeholder?: string;
}) {
  const router = useRouter();
  const nameId = useId();
  const supported = useWebAuthnSupport();
  const [name, setName] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; verify?: string } | null>(null);
  const [added, setAdded] = useState(false);
  if (!supported) {
    return <p>パスキーの登録には、パスキーに対応したブラウザーとJavaScriptが必要です。</p>;
  }

  async function add() {
    setBusy(true);
    setMessage(null);
    setAdded(false);
    try {
      if (name.trim() === "") {
        setMessage({ text: "パスキーの名前を入力してください。" });
        return;
      }
      const start = await passkeyRegistrationOptions();
      if (!start.ok) {
        setMessage({ text: start.message, verify: "verify" in start ? start.verify : undefined });
        return;
      }
      const answer = await startRegistration({ optionsJSON: start.options });
      const result = await addPasskey(name, JSON.stringify(answer));
      if (!result.ok) {
        setMessage({ text: result.message });
        return;
      }
      setName("");
      setAdded(true);
      router.refresh();
    } catch (error) {
      const refusal = passkeyRefusal(error, "create");
      if (refusal === null) throw error;
      setMessage({ text: refusal });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="space-y-3">
      <div className="space-y-1">
        <label htmlFor={nameId} className="block font-bold">
          パスキーの名前
        </label>
        <p id={`${nameId}-hint`} className="text-sm text-muted">
          どの端末のパスキーか分かる名前（例：{placeholder}）。{PASSKEY_NAME_MAX}文字以内。
        </p>
        <input
          id={nameId}
          value={name}
          onChange={(event) => setName(event.target.value)}
          maxLength={PASSKEY_NAME_MAX}
          aria-describedby={`${nameId}-hint`}
          aria-invalid={message !== null && name.trim() === ""}
          className="min-h-11 w-full max-w-sm rounded border border-gray-500 bg-white px-3 py-2 text-base aria-invalid:border-danger aria-invalid:ring-1 aria-invalid:ring-danger"
        />
      </div>
      <button
        type="button"
        onClick={add}
        disabled={busy}
        className="min-h-11 rounded bg-brand-700 px-5 py-2 font-bold text-white hover:bg-brand-800 disabled:opacity-60"
      >
        {busy ? "登録しています…" : "この端末のパスキーを登録"}
      </button>
      {message && (
        <p role="alert" className="font-bold text-danger">
          {message.text}
          {message.verify && (
            <>
              {" "}
              <Link href={message.verify} className="text-brand-700 underline">
                ご本人の確認へ進む
              </Link>
            </>
          )}
        </p>
      )}
      {added && (
        <p role="status" className="font-bold">
          パスキーを登録しました。確認のメールをお送りしました。
        </p>
      )}
    </div>
  );
}
