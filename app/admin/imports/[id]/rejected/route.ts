import { z } from "zod";
import { findRejectedCsv } from "@/db/queries/provisioning-imports";
import { requireOperatorNow } from "@/lib/auth/guards";
import { UTF8_BOM } from "@/lib/csv";

/** The rejected rows of an import as a CSV download (UTF-8 with a BOM, each row's reason in 「理由」). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  await requireOperatorNow("imports.manage");
  const id = z.uuid().safeParse((await params).id);
  const found = id.success ? await findRejectedCsv(id.data) : undefined;
  if (!found?.csv) return new Response("エラーの行はありません。", { status: 404 });
  const name = `エラー行_${found.fileName.replace(/\.csv$/i, "")}.csv`;
  return new Response(UTF8_BOM + found.csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="rejected-rows.csv"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "cache-control": "no-store",
    },
  });
}
