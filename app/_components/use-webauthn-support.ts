"use client";

import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useSyncExternalStore } from "react";

const never = () => () => {};

/** Whether this browser can use passkeys: false on the server and before hydration, so nothing flashes. */
export const useWebAuthnSupport = () => useSyncExternalStore(never, browserSupportsWebAuthn, () => false);

/**
 * What to tell the customer when the browser refused a passkey ceremony: they cancelled or it timed out
 * (`NotAllowedError`), or this device's passkey is registered already (`InvalidStateError`, creation only). Null for
 * anything else, which the caller rethrows: a redirect from the server action is how success ends.
 */
export function passkeyRefusal(error: unknown, ceremony: "create" | "get"): string | null {
  if (!(error instanceof Error)) return null;
  if (error.name === "NotAllowedError")
    return ceremony === "create"
      ? "パスキーの作成が取り消されたか、時間切れになりました。もう一度お試しください。"
      : "パスキーの確認が取り消されたか、時間切れになりました。もう一度お試しください。";
  if (error.name === "InvalidStateError" && ceremony === "create")
    return "この端末のパスキーはすでに登録されています。";
  return null;
}
