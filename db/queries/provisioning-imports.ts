// The console's CSV imports (db/schema/provisioning.ts): stored when checked, claimed once to apply, their content
// wiped once applied or a day old.
import { and, desc, eq, isNotNull, lt, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import type { Tx } from "@/db/client";
import { provisioningImports } from "@/db/schema";

type Counts = { rows: number; accepted: number; rejected: number };
type Outcome = Counts & { results: unknown[]; rejectedCsv: string | null };

export async function insertImport(
  values: Outcome & { fileName: string; encoding: string; content: string; createdBy: string },
): Promise<string> {
  const db = await getDb();
  const [row] = await db
    .insert(provisioningImports)
    .values({ ...values, status: "checked" })
    .returning({ id: provisioningImports.id });
  return row!.id;
}

/** An import as the console shows it: never its content, only whether it is still there. */
export async function findImport(id: string) {
  const db = await getDb();
  const [row] = await db
    .select({
      id: provisioningImports.id,
      fileName: provisioningImports.fileName,
      encoding: provisioningImports.encoding,
      status: provisioningImports.status,
      hasContent: sql<boolean>`${provisioningImports.content} is not null`,
      rows: provisioningImports.rows,
      accepted: provisioningImports.accepted,
      rejected: provisioningImports.rejected,
      results: provisioningImports.results,
      createdAt: provisioningImports.createdAt,
      appliedAt: provisioningImports.appliedAt,
    })
    .from(provisioningImports)
    .where(eq(provisioningImports.id, id));
  return row;
}

export async function findRejectedCsv(id: string): Promise<{ fileName: string; csv: string | null } | undefined> {
  const db = await getDb();
  const [row] = await db
    .select({ fileName: provisioningImports.fileName, csv: provisioningImports.rejectedCsv })
    .from(provisioningImports)
    .where(eq(provisioningImports.id, id));
  return row;
}

export async function listRecentImports(limit: number) {
  const db = await getDb();
  return db
    .select({
      id: provisioningImports.id,
      fileName: provisioningImports.fileName,
      status: provisioningImports.status,
      rows: provisioningImports.rows,
      rejected: provisioningImports.rejected,
      createdAt: provisioningImports.createdAt,
    })
    .from(provisioningImports)
    .orderBy(desc(provisioningImports.createdAt))
    .limit(limit);
}

/**
 * Takes a checked import for applying, once: the conditional update lets one of two simultaneous approvals through
 * and hands it the content. Undefined when it was applied already or its content has expired. Inside the approval's
 * transaction, so the approval and the claim commit together.
 */
export async function claimImport(tx: Tx, id: string, by: string, at: Date): Promise<string | undefined> {
  const [row] = await tx
    .update(provisioningImports)
    .set({ status: "applied", appliedAt: at, appliedBy: by })
    .where(
      and(
        eq(provisioningImports.id, id),
        eq(provisioningImports.status, "checked"),
        isNotNull(provisioningImports.content),
      ),
    )
    .returning({ content: provisioningImports.content });
  return row?.content ?? undefined;
}

/** The apply's own results replace the dry run's, and the file is wiped. */
export async function recordApplied(id: string, outcome: Outcome): Promise<void> {
  const db = await getDb();
  await db
    .update(provisioningImports)
    .set({ ...outcome, content: null })
    .where(eq(provisioningImports.id, id));
}

/** An apply that failed part way gives the import back, to be applied again (an upsert repeats safely). */
export async function releaseImport(id: string): Promise<void> {
  const db = await getDb();
  await db
    .update(provisioningImports)
    .set({ status: "checked", appliedAt: null, appliedBy: null })
    .where(eq(provisioningImports.id, id));
}

/** Files uploaded before `before` are no longer kept, applied or not. */
export async function wipeOldImportContent(before: Date): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(provisioningImports)
    .set({ content: null })
    .where(and(isNotNull(provisioningImports.content), lt(provisioningImports.createdAt, before)))
    .returning({ id: provisioningImports.id });
  return rows.length;
}

/** Imports made before `before` keep their counts only: their rows' results and rejected rows (personal data) go. */
export async function forgetOldImportRows(before: Date): Promise<number> {
  const db = await getDb();
  const rows = await db
    .update(provisioningImports)
    .set({ results: null, rejectedCsv: null })
    .where(
      and(
        or(isNotNull(provisioningImports.results), isNotNull(provisioningImports.rejectedCsv)),
        lt(provisioningImports.createdAt, before),
      ),
    )
    .returning({ id: provisioningImports.id });
  return rows.length;
}
