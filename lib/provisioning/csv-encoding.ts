// The import file's bytes as text: UTF-8 (with or without a BOM) or Shift_JIS, which Japanese billing systems
// export. Node's TextDecoder knows Shift_JIS (WHATWG's, Microsoft's code page 932 with its NEC and IBM extensions)
// through full ICU, which official Node builds carry. Decoding is strict: a byte that is not of the encoding refuses
// the file rather than importing mojibake.
import { ImportFileError } from "./import-reasons";

export const importEncodings = ["utf-8", "shift_jis"] as const;
export type ImportEncoding = (typeof importEncodings)[number];
export type EncodingChoice = ImportEncoding | "auto";

export const encodingNames: Record<ImportEncoding, string> = { "utf-8": "UTF-8", shift_jis: "Shift_JIS" };

/** Enough of the file to tell the encodings apart: a Shift_JIS export's Japanese shows up in its first row. */
const SNIFF_BYTES = 64 * 1024;

/** A BOM means UTF-8; otherwise the head is UTF-8 if it decodes as such, else Shift_JIS. */
export function detectEncoding(head: Uint8Array): ImportEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  try {
    // `stream: true`: a character cut at the end of the head is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
    return "utf-8";
  } catch {
    return "shift_jis";
  }
}

async function* decode(chunks: AsyncIterable<Uint8Array>, encoding: ImportEncoding): AsyncGenerator<string> {
  // The UTF-8 decoder drops a leading BOM itself.
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const chunk of chunks) yield decoder.decode(chunk, { stream: true });
    yield decoder.decode();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new ImportFileError(
      `ファイルを${encodingNames[encoding]}として読み取れません。文字コード（UTF-8 または Shift_JIS）を確かめて指定してください。`,
    );
  }
}

/** The file's text as it streams in, in the encoding chosen or detected from its head. */
export async function decodeImport(
  chunks: AsyncIterable<Uint8Array>,
  choice: EncodingChoice,
): Promise<{ encoding: ImportEncoding; text: AsyncIterable<string> }> {
  if (choice !== "auto") return { encoding: choice, text: decode(chunks, choice) };
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    size += next.value.byteLength;
  }
  const encoding = detectEncoding(Buffer.concat(head));
  async function* rest(): AsyncGenerator<Uint8Array> {
    yield* head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return { encoding, text: decode(rest(), encoding) };
}
