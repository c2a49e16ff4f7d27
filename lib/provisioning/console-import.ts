// The console's CSV import (app/admin/imports): an upload is checked by a dry run and stored; an admin then applies
// it, once, from the stored text. The initial passwords it creates are never shown here: the core seals them for
// the letters, printed from /admin/letters.
import { getDb } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { claimImport, insertImport, recordApplied, releaseImport } from "@/db/queries/provisioning-imports";
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
      detail: { importId: id, fileName: upload.fileName, ...auditCounts(counts) },
    });
    return { id };
  } catch (error) {
    if (error instanceof ImportFileError) return { error: error.message };
    throw error;
  }
}

/** Applies a checked import for real; `unavailable` when it was applied already or its file has expired. */
export async function applyImport({ id, adminId, now }: { id: string; adminId: string; now: Date }) {
  const content = await claimImport(id, adminId, now);
  if (content === undefined) return "unavailable" as const;
  const report = consoleReport();
  let counts: ImportCounts;
  try {
    counts = await runImport(
      once(content),
      { db: await getDb(), actor: { kind: "admin", customerId: adminId }, now, dryRun: false },
      report.sink,
    );
  } catch (error) {
    // The batches before the failure stay applied; applying again repeats them as 変更なし.
    await releaseImport(id);
    throw error;
  }
  await recordApplied(id, { ...storedCounts(counts), results: report.results, rejectedCsv: report.rejectedCsv() });
  await recordAudit({ type: "import.applied", customerId: adminId, detail: { importId: id, ...auditCounts(counts) } });
  return "applied" as const;
}
