// The console's CSV import (app/admin/imports): an upload is checked by a dry run and stored; an admin asks for it to
// be applied, and it is applied, once, from the stored text when a second admin approves (docs/operations.md). The initial passwords it creates are never shown here: the core seals them for
// the letters, printed from /admin/letters.
import { getDb } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { insertImport, recordApplied, releaseImport } from "@/db/queries/provisioning-imports";
import { decodeImport, type EncodingChoice } from "./csv-encoding";
import { runImport, type ImportCounts } from "./csv-import";
import { ImportFileError } from "./import-reasons";
import { consoleReport } from "./import-report";

async function* once<T>(value: T) {
  yield value;
}

const auditCounts = (counts: ImportCounts) => ({
  rows: counts.rows,
  created: counts.created,
  updated: counts.updated,
  unchanged: counts.unchanged,
  rejected: counts.rejected,
});
const storedCounts = (counts: ImportCounts) => ({
  rows: counts.rows,
  accepted: counts.rows - counts.rejected,
  rejected: counts.rejected,
});

export async function checkImport(upload: {
  bytes: Uint8Array;
  fileName: string;
  encoding: EncodingChoice;
  adminId: string;
  now: Date;
}): Promise<{ id: string } | { error: string }> {
  try {
    const { encoding, text } = await decodeImport(once(upload.bytes), upload.encoding);
    let content = "";
    for await (const part of text) content += part;
    const report = consoleReport();
    const counts = await runImport(
      once(content),
      { db: await getDb(), actor: { kind: "admin", customerId: upload.adminId }, now: upload.now, dryRun: true },
      report.sink,
    );
    const id = await insertImport({
      fileName: upload.fileName,
      encoding,
      content,
      ...storedCounts(counts),
      results: report.results,
      rejectedCsv: report.rejectedCsv(),
      createdBy: upload.adminId,
    });
    await recordAudit({
      type: "import.checked",
      customerId: upload.adminId,
      operatorId: upload.adminId,
      detail: { importId: id, fileName: upload.fileName, ...auditCounts(counts) },
    });
    return { id };
  } catch (error) {
    if (error instanceof ImportFileError) return { error: error.message };
    throw error;
  }
}

/**
 * Applies an import its approval has claimed (lib/operators/approvals.ts: the approval and claimImport commit
 * together, so an import is applied once however many admins approve at once). `approver` is the admin who approved;
 * `detail` says which request (its ID, reason and ticket).
 */
export async function applyClaimedImport({
  id,
  content,
  approver,
  detail,
  now,
}: {
  id: string;
  content: string;
  approver: string;
  detail: Record<string, string>;
  now: Date;
}) {
  const report = consoleReport();
  let counts: ImportCounts;
  try {
    counts = await runImport(
      once(content),
      { db: await getDb(), actor: { kind: "admin", customerId: approver }, now, dryRun: false },
      report.sink,
    );
  } catch (error) {
    // The batches before the failure stay applied; a new request applies it again (repeats are 変更なし).
    await releaseImport(id);
    throw error;
  }
  await recordApplied(id, { ...storedCounts(counts), results: report.results, rejectedCsv: report.rejectedCsv() });
  await recordAudit({
    type: "import.applied",
    customerId: approver,
    operatorId: approver,
    detail: { importId: id, ...auditCounts(counts), ...detail },
  });
}
