// The passkeys' fixed rules, in a leaf module (the cookies, the pages and the checks share them).

/** A WebAuthn challenge is good for this long, once. */
export const WEBAUTHN_CHALLENGE_TTL_MS = 5 * 60_000;

/** A step-up (a passkey, or a fresh emailed code) authorises high-risk actions for this long. */
export const STEP_UP_TTL_MS = 5 * 60_000;

/** Removing a passkey that is not the last needs a sign-in or a step-up this recent (adding one always needs a step-up). */
export const RECENT_VERIFICATION_MS = 10 * 60_000;

/**
 * A self-care password change, 「すべての端末からログアウト」 and an operator's forced sign-out remove the passkeys added
 * this recently. A day: the mail about a new passkey goes out at once, and a customer who did not add it reacts within
 * the day; a window tied to the current session's sign-in would spare a thief's passkey whenever the customer signs in
 * again first (as they must, to change the password), and an operator's sign-out has no session of the customer's.
 */
export const RECENT_PASSKEY_MS = 24 * 60 * 60_000;

/** At most this many passkeys per customer: a phone, a computer, a security key or two. */
export const MAX_PASSKEYS = 10;

export const PASSKEY_NAME_MAX = 30;
