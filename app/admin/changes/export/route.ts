import { listChanges } from "@/db/queries/admin-changes";
import { statusLabels } from "@/lib/changes/status";
import { serviceNames } from "@/lib/changes/reflection";
import { switchModeNames } from "@/lib/changes/rotation";
import { formatJst } from "@/lib/jst";
import { parseAdminQuery } from "@/lib/validation/admin-filter";
import { requireOperatorNow } from "@/lib/auth/guards";
import { UTF8_BOM, csvCell } from "@/lib/csv";

const CHUNK = 1000;
const header = [
  "番号",
  "セルフケアID",
  "お客様名",
  "サービス",
  "切り替え方法",
  "受付日時",
  "パスワード反映時間",
  "状態",
  "反映日時",
  "失敗理由",
];

/** The current filter as CSV, streamed in keyset chunks so a large export never sits in memory. */
export async function GET(request: Request) {
  await requireOperatorNow("changes.export");
  const { filter } = parseAdminQuery(Object.fromEntries(new URL(request.url).searchParams));
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      // A BOM so spreadsheet software reads the Japanese text as UTF-8.
      controller.enqueue(encoder.encode(`${UTF8_BOM}${header.map(csvCell).join(",")}\r\n`));
      let cursor: { reflectionAt: Date; id: string } | undefined;
      for (;;) {
        const rows = await listChanges(filter, cursor, CHUNK);
        const lines = rows.map((row) =>
          [
            row.number,
            row.selfCareId,
            row.customerName,
            serviceNames[row.serviceKind],
            switchModeNames[row.switchMode],
            formatJst(row.requestedAt),
            formatJst(row.reflectionAt),
            statusLabels[row.status],
            row.appliedAt ? formatJst(row.appliedAt) : "",
            row.failureReason ?? "",
          ]
            .map(csvCell)
            .join(","),
        );
        if (lines.length > 0) controller.enqueue(encoder.encode(`${lines.join("\r\n")}\r\n`));
        if (rows.length < CHUNK) break;
        cursor = rows.at(-1);
      }
      controller.close();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="password-changes.csv"',
      "Cache-Control": "no-store",
    },
  });
}
