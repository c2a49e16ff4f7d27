// `npm run import -- FILE.csv [--dry-run] [--encoding utf-8|shift_jis] [--rejected OUT.csv]`: the CSV import
// (docs/provisioning.md, "CSV import") from the command line, streamed from the file, on the database the app uses
// (DATABASE_URL, else the development PGlite, which must not be open in a running dev server at the same time).
// Progress goes to stderr, the summary to stdout. Exit code 0 when every row went in, 1 when rows were rejected
// (they are written, each with its reason, to the rejected rows file), 2 when the file or the arguments are refused.
// Initial passwords are never printed: the core seals them for the letters, printed from the console's /admin/letters.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { auditInsert } from "../db/queries/audit";
import { UTF8_BOM } from "../lib/csv";
import { decodeImport, encodingNames, importEncodings, type ImportEncoding } from "../lib/provisioning/csv-encoding";
import { runImport } from "../lib/provisioning/csv-import";
import { ImportFileError } from "../lib/provisioning/import-reasons";
import { rejectedRowsWriter } from "../lib/provisioning/import-report";
import { openScriptDatabase } from "./script-database";

const usage = "使い方: npm run import -- FILE.csv [--dry-run] [--encoding utf-8|shift_jis] [--rejected OUT.csv]";

function refuse(message: string): never {
  console.error(message);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { "dry-run": { type: "boolean" }, encoding: { type: "string" }, rejected: { type: "string" } },
  });
} catch (error) {
  refuse(`${(error as Error).message}\n${usage}`);
}
const { positionals, values } = parsed;
const file = positionals[0];
if (!file || positionals.length > 1) refuse(usage);
if (!fs.existsSync(file)) refuse(`ファイルがありません: ${file}`);
if (values.encoding !== undefined && !(importEncodings as readonly string[]).includes(values.encoding)) {
  refuse(`--encoding は utf-8 か shift_jis です（省略すると自動判定）。\n${usage}`);
}
const choice = (values.encoding as ImportEncoding | undefined) ?? "auto";
const dryRun = values["dry-run"] === true;
const rejectedPath =
  values.rejected ?? path.join(path.dirname(file), `${path.basename(file, path.extname(file))}-rejected.csv`);

const database = await openScriptDatabase();

let output: number | undefined;
const rejected = rejectedRowsWriter((text) => {
  if (output === undefined) {
    output = fs.openSync(rejectedPath, "w");
    fs.writeSync(output, UTF8_BOM);
  }
  fs.writeSync(output, text);
});
const started = performance.now();
try {
  const { encoding, text } = await decodeImport(fs.createReadStream(file), choice);
  process.stderr.write(`${file}: ${encodingNames[encoding]}${dryRun ? "、ドライラン（書き込みなし）" : ""}\n`);
  const now = new Date();
  const counts = await runImport(
    text,
    {
      db: database.db,
      actor: { kind: "command-line" },
      now,
      dryRun,
      onProgress: (rows) => process.stderr.write(`${rows.toLocaleString("ja-JP")}行…\n`),
    },
    rejected,
  );
  await auditInsert(database.db, [
    {
      type: dryRun ? "import.checked" : "import.applied",
      at: now,
      detail: { via: "command-line", fileName: path.basename(file), ...counts },
    },
  ]);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    [
      `${dryRun ? "ドライラン（何も書き込んでいません）" : "反映しました"}: ${counts.rows.toLocaleString("ja-JP")}行（${seconds}秒）`,
      `  作成 ${counts.created}、更新 ${counts.updated}、変更なし ${counts.unchanged}、エラー ${counts.rejected}`,
      ...(counts.rejected > 0 ? [`  エラーの行（理由つき）: ${rejectedPath}`] : []),
      ...(!dryRun && counts.created > 0
        ? [
            "  初期パスワードは表示しません。運用コンソールの「サービス開始のご案内」（/admin/letters）で印刷してください。",
          ]
        : []),
    ].join("\n"),
  );
  process.exitCode = counts.rejected > 0 ? 1 : 0;
} catch (error) {
  if (!(error instanceof ImportFileError)) throw error;
  console.error(`取り込めませんでした: ${error.message}`);
  process.exitCode = 2;
} finally {
  if (output !== undefined) fs.closeSync(output);
  await database.close();
}
