// The console's letter forms, as the server checks them: what to print, and whose letter to re-issue.
import { z } from "zod";
import { loginSchema } from "./login";

/** Checkboxes on one page of the list; the route prints at most this many of them (LETTER_BATCH_MAX is larger). */
export const LETTERS_PAGE_SIZE = 100;

/**
 * The print form: one customer's button (`customer`), the selected checkboxes (`ids`), or every waiting letter
 * (`scope=waiting`). Anything else prints nothing.
 */
export const printLettersSchema = z.union([
  z.object({ scope: z.literal("waiting") }),
  z.object({ customer: z.uuid() }).transform(({ customer }) => ({ ids: [customer] })),
  z.object({
    scope: z.literal("selected"),
    ids: z.array(z.uuid()).min(1, "印刷するお客様を選択してください。").max(LETTERS_PAGE_SIZE),
  }),
]);

export const reissueSchema = z.object({ selfCareId: loginSchema.shape.selfCareId });
