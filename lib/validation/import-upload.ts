// The console's CSV import form (app/admin/imports): the file and the encoding chosen for it.
import { z } from "zod";
import { IMPORT_FILE_MAX_BYTES } from "./limits";

const MEGABYTES = IMPORT_FILE_MAX_BYTES / 1024 / 1024;

export const importUploadSchema = z.object({
  file: z
    .file({ error: "CSVファイルを選んでください。" })
    .min(1, "ファイルが空です。CSVファイルを選んでください。")
    .max(
      IMPORT_FILE_MAX_BYTES,
      `ファイルが大きすぎます（${MEGABYTES}MBまで）。分けて取り込むか、コマンドラインの npm run import を使ってください。`,
    ),
  encoding: z.enum(["auto", "utf-8", "shift_jis"], { error: "文字コードを選んでください。" }),
});

/** The name as the console lists it: no control characters, and not a page long. */
export const displayFileName = (name: string) =>
  name.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 200) || "（名前なし）";
