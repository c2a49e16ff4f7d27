// The passkeys' fixed rules, in a leaf module (the cookies, the pages and the checks share them).

/** A WebAuthn challenge is good for this long, once. */
export const WEBAUTHN_CHALLENGE_TTL_MS = 5 * 60_000;

/** A step-up (a passkey, or a fresh emailed code) authorises high-risk actions for this long. */
export const STEP_UP_TTL_MS = 5 * 60_000;

/** Adding or removing a passkey needs a sign-in or a step-up this recent. */
export const RECENT_VERIFICATION_MS = 10 * 60_000;

/** At most this many passkeys per customer: a phone, a computer, a security key or two. */
export const MAX_PASSKEYS = 10;

export const PASSKEY_NAME_MAX = 30;
