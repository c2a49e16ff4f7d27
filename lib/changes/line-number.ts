// IP phone numbers as people type them: a leaf both the change form's schema and the admin search use.

/** Full-width digits become ASCII (NFKC); hyphens of every kind and spaces are dropped. */
export function normalizeLineNumber(value: string): string {
  return value.normalize("NFKC").replace(/[\s\-‐‑‒–—―−ーｰ]/g, "");
}
