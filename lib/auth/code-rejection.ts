// Why a one-time code was refused. It crosses next-auth (CredentialsSignin.code is a string) from the provider to
// the verify action, so the encoding lives here, beside the type, and nowhere else.

export type CodeRejection =
  | { reason: "wrong"; remaining: number }
  | { reason: "locked"; retryAt: Date }
  | { reason: "format" | "exhausted" | "expired" | "missing" };

const simpleReasons = ["format", "exhausted", "expired", "missing"] as const;

export function encodeCodeRejection(rejection: CodeRejection): string {
  switch (rejection.reason) {
    case "wrong":
      return `wrong:${rejection.remaining}`;
    case "locked":
      return `locked:${rejection.retryAt.getTime()}`;
    default:
      return rejection.reason;
  }
}

/** Anything unrecognised reads as "no live challenge": the customer is sent back to the start. */
export function decodeCodeRejection(code: string): CodeRejection {
  const wrong = /^wrong:(\d+)$/.exec(code);
  if (wrong) return { reason: "wrong", remaining: Number(wrong[1]) };
  const locked = /^locked:(\d{1,15})$/.exec(code);
  if (locked) return { reason: "locked", retryAt: new Date(Number(locked[1])) };
  return { reason: simpleReasons.find((reason) => reason === code) ?? "missing" };
}
