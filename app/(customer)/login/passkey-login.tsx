"use client";

import { browserSupportsWebAuthnAutofill, startAuthentication, WebAuthnAbortService } from "@simplewebauthn/browser";
import { useEffect, useRef } from "react";
import { PasskeyButton } from "@/app/_components/passkey-button";
import { passkeySignIn, passkeySignInOptions } from "./actions";

/**
 * 「パスキーでログイン」, and the same offered in the self-care ID field's autofill (conditional UI) where the browser
 * supports it. A passkey replaces both the password and the emailed code.
 */
export function PasskeyLogin() {
  // The autofill's challenge request, if one is on its way: the button's own comes after it, so the browser's
  // cookie always binds the challenge the button's ceremony answers.
  const autofill = useRef<Promise<unknown> | null>(null);
  useEffect(() => {
    let cancelled = false;
    const start = async () => {
      if (!(await browserSupportsWebAuthnAutofill())) return;
      const request = passkeySignInOptions();
      autofill.current = request;
      const optionsJSON = await request;
      // Refused (too many attempts from the address): the button says so when pressed.
      if (!optionsJSON || "ok" in optionsJSON || cancelled) return;
      try {
        const answer = await startAuthentication({ optionsJSON, useBrowserAutofill: true });
        await passkeySignIn(JSON.stringify(answer));
      } catch {
        // The button's own ceremony aborts this one, and a customer may simply type their ID: nothing to say.
      }
    };
    // Started when the ID field is first focused, where the autofill shows, rather than on every view of the page:
    // each start writes a challenge.
    const field = document.querySelector<HTMLInputElement>('input[name="selfCareId"]');
    const onFocus = () => void start();
    if (field && document.activeElement === field) onFocus();
    else field?.addEventListener("focus", onFocus, { once: true });
    return () => {
      cancelled = true;
      field?.removeEventListener("focus", onFocus);
      WebAuthnAbortService.cancelCeremony();
    };
  }, []);

  const options = async () => {
    await autofill.current?.catch(() => undefined);
    WebAuthnAbortService.cancelCeremony();
    return passkeySignInOptions();
  };
  return <PasskeyButton label="パスキーでログイン" options={options} finish={passkeySignIn} />;
}
