// The admin list's query string: filters, search and the keyset cursor, checked like any other input.
import { z } from "zod";
import type { ChangeFilter, Cursor } from "@/db/queries/admin-changes";
import { changeStatuses, serviceKinds } from "@/db/enums";
import { decodeKeyset, encodeKeyset } from "./keyset-cursor";
import { ADMIN_SEARCH_MAX, WITHOUT_CONTROL_CHARACTERS } from "./limits";
import { normalizeLineNumber } from "@/lib/changes/line-number";

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
});

type AdminQuery = { filter: ChangeFilter; cursor: Cursor | undefined; raw: Record<string, string> };

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
  };
  if (query.q) {
    const digits = normalizeLineNumber(query.q);
    if (/^\d+$/.test(digits)) filter.number = digits;
    else filter.selfCareId = query.q;
  }
  const raw: Record<string, string> = {};
  for (const key of ["status", "service", "q"] as const) if (single[key]) raw[key] = String(single[key]);
  for (const key of ["from", "to"] as const) if (query[key]) raw[key] = String(single[key]);
  return { filter, cursor: decodeCursor(query.after), raw };
}
