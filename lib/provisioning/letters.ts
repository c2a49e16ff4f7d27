// Printing 「サービス開始のご案内」 (docs/provisioning.md, "Letters and first sign-in"), and its 「追加回線のご案内」 for
// lines added after it was printed (their SIP passwords only). Each sealed secret is printable once: the transaction
// that reads it wipes it, and the PDF is made inside that transaction, so a failure leaves the letter waiting. A lost
// letter is a re-issue (reissue.ts), never a reprint.
import { getDb } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { takeLetterSecrets } from "@/db/queries/letters";
import { env } from "@/lib/env";
import type { RequestMeta } from "@/lib/http/request-meta";
import { openForLetter } from "./credentials";
import { letterContent } from "./letter-content";
import { renderLetters } from "./letter-pdf";

/** One PDF holds at most this many letters (about 25 KB and 20 ms each): the console says so and prints the rest next. */
export const LETTER_BATCH_MAX = 500;

export type LetterSelection = { kind: "waiting" } | { kind: "customers"; ids: string[] };

export type PrintedLetters = { pdf: Buffer; count: number };

/**
 * The letters of `selection` (every waiting one, newest first, up to LETTER_BATCH_MAX) as one PDF, or null when
 * none of them is waiting any more. Audited per customer as `letter.printed`.
 */
export async function printLetters({
  selection,
  adminId,
  operator,
  signInUrl,
  meta,
  now,
}: {
  selection: LetterSelection;
  adminId: string;
  /** The admin's name for the audit trail. */
  operator: string;
  signInUrl: string;
  meta: RequestMeta;
  now: Date;
}): Promise<PrintedLetters | null> {
  const db = await getDb();
  const { support } = env();
  return db.transaction(async (tx) => {
    const taken = await takeLetterSecrets(tx, {
      customerIds: selection.kind === "customers" ? selection.ids.slice(0, LETTER_BATCH_MAX) : undefined,
      limit: LETTER_BATCH_MAX,
      now,
    });
    if (taken.length === 0) return null;
    const contents = taken.map(({ customer, lines }) =>
      letterContent({
        name: customer.name,
        selfCareId: customer.selfCareId,
        initialPassword:
          customer.sealed === null
            ? null
            : openForLetter({ kind: "customer", customerId: customer.id }, customer.sealed),
        lines: lines.map((line) => ({
          number: line.number,
          serviceKind: line.serviceKind,
          status: line.status,
          sipPassword: line.sealed ? openForLetter({ kind: "line", lineId: line.id }, line.sealed) : null,
        })),
        signInUrl,
        issuedAt: now,
        support,
      }),
    );
    const pdf = await renderLetters(contents);
    await recordAudit(
      taken.map(({ customer, lines }) => ({
        ...meta,
        type: "letter.printed" as const,
        customerId: customer.id,
        detail: {
          selfCareId: customer.selfCareId,
          selfCarePassword: customer.sealed !== null,
          sipPasswords: lines.filter((line) => line.sealed).length,
          operator,
          by: adminId,
        },
      })),
      tx,
    );
    return { pdf, count: taken.length };
  });
}
