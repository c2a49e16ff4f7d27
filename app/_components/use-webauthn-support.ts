"use client";

import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useSyncExternalStore } from "react";

const never = () => () => {};

/** Whether this browser can use passkeys: false on the server and before hydration, so nothing flashes. */
export const useWebAuthnSupport = () => useSyncExternalStore(never, browserSupportsWebAuthn, () => false);
