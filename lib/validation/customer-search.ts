// The support desk's search box (/admin/customers?q=…): one text, looked up as each kind it could be.
import { z } from "zod";
import type { SearchTerms } from "@/db/queries/customer-search";
import { normalizeLineNumber } from "@/lib/changes/line-number";
import { ADMIN_SEARCH_MAX, WITHOUT_CONTROL_CHARACTERS } from "./limits";

const querySchema = z
  .string()
  // Typed over the phone: full-width letters and digits (ｄｅｍｏ０００２, ０５０－１１１１－２２２２) are the same thing.
  .transform((value) => value.normalize("NFKC").trim())
  .pipe(z.string().min(1).max(ADMIN_SEARCH_MAX).regex(WITHOUT_CONTROL_CHARACTERS));

/** The terms of `?q=`, or null when there is nothing (valid) to search for: the page then shows the empty form. */
export function parseCustomerSearch(q: string | string[] | undefined): SearchTerms | null {
  const parsed = querySchema.safeParse(Array.isArray(q) ? q[0] : q);
  if (!parsed.success) return null;
  const digits = normalizeLineNumber(parsed.data);
  return { text: parsed.data, number: /^\d{10,11}$/.test(digits) ? digits : null };
}
