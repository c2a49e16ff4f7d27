// The one shape every form action returns for expected failures (never containing a password).
export type FormState<Field extends string = string> = {
  message?: string;
  /** `info` for confirmations (a code was resent), `error` otherwise. */
  tone?: "error" | "info";
  fieldErrors?: Partial<Record<Field, string[]>>;
  values?: Partial<Record<Field, string>>;
  /** Changes on every answer so the client can move focus even when the message text repeats. */
  at?: number;
};
