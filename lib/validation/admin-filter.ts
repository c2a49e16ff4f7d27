// The admin list's query string: filters, search, the keyset cursor and what the manual run reports, checked like any
// other input.
import { z } from "zod";
import type { ChangeFilter, Cursor } from "@/db/queries/admin-changes";
import { changeStatuses, serviceKinds } from "@/db/enums";
import { decodeKeyset, encodeKeyset } from "./keyset-cursor";
import { ADMIN_SEARCH_MAX, WITHOUT_CONTROL_CHARACTERS } from "./limits";
import { normalizeLineNumber } from "@/lib/changes/line-number";
import { GUESS_ALERT } from "@/lib/registrar/guess-alert";

/** The status filter's extra choice: reflected, with no device registered on the new password yet. */
export const AWAITING_REGISTRATION = "reflected-unregistered";

const jstDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .transform((day) => new Date(`${day}T00:00:00+09:00`))
  .refine((date) => !Number.isNaN(date.getTime()));

const querySchema = z.object({
  status: z.enum([...changeStatuses, AWAITING_REGISTRATION, "all"]).catch("pending"),
  service: z.enum(serviceKinds).optional().catch(undefined),
  from: jstDay.optional().catch(undefined),
  to: jstDay.optional().catch(undefined),
  q: z.string().trim().max(ADMIN_SEARCH_MAX).regex(WITHOUT_CONTROL_CHARACTERS).optional().catch(undefined),
  after: z.string().max(200).optional().catch(undefined),
  attempts: z.enum(["1"]).optional().catch(undefined),
  guesses: z.enum(["1"]).optional().catch(undefined),
});

/** What a manual run did, handed to the page it redirects to. */
const runSummarySchema = z.object({
  reflected: z.coerce.number().int().min(0),
  retrying: z.coerce.number().int().min(0),
  failed: z.coerce.number().int().min(0),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

/** The list's address after a manual run: the summary as named parameters. */
export const runSummaryPath = (summary: RunSummary) =>
  `/admin/changes?${new URLSearchParams({
    reflected: String(summary.reflected),
    retrying: String(summary.retrying),
    failed: String(summary.failed),
  })}`;

type AdminQuery = {
  filter: ChangeFilter;
  cursor: Cursor | undefined;
  /** The filter as the form and the links repeat it. */
  raw: Record<string, string>;
  /** The manual run's result, when the page was reached from one. */
  ran: RunSummary | undefined;
  /** The manual run is being confirmed. */
  confirming: boolean;
};

export const encodeCursor = (cursor: Cursor) => encodeKeyset({ at: cursor.reflectionAt, id: cursor.id });

function decodeCursor(value: string | undefined): Cursor | undefined {
  const position = decodeKeyset(value);
  return position && { reflectionAt: position.at, id: position.id };
}

/** Unknown or malformed parameters fall back to the default view instead of failing the page. */
export function parseAdminQuery(params: Record<string, string | string[] | undefined>): AdminQuery {
  const single = Object.fromEntries(
    Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  const query = querySchema.parse(single);
  const filter: ChangeFilter = {
    status: query.status === "all" ? undefined : query.status === AWAITING_REGISTRATION ? "reflected" : query.status,
    awaitingRegistration: query.status === AWAITING_REGISTRATION || undefined,
    service: query.service,
    from: query.from,
    until: query.to ? new Date(query.to.getTime() + 24 * 60 * 60 * 1000) : undefined,
    attacked: query.attempts === "1" || undefined,
    guessFlood: query.guesses === "1" ? GUESS_ALERT : undefined,
  };
  if (query.q) {
    const digits = normalizeLineNumber(query.q);
    if (/^\d+$/.test(digits)) filter.number = digits;
    else filter.selfCareId = query.q;
  }
  const raw: Record<string, string> = {};
  for (const key of ["status", "service", "q"] as const) if (single[key]) raw[key] = String(single[key]);
  if (query.attempts) raw.attempts = query.attempts;
  if (query.guesses) raw.guesses = query.guesses;
  for (const key of ["from", "to"] as const) if (query[key]) raw[key] = String(single[key]);
  const ran = runSummarySchema.safeParse(single);
  return {
    filter,
    cursor: decodeCursor(query.after),
    raw,
    ran: ran.success ? ran.data : undefined,
    confirming: single.confirm === "run",
  };
}
