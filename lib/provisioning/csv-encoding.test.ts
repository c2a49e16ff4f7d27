import { describe, expect, it } from "vitest";
import { decodeImport, detectEncoding } from "./csv-encoding";
import { ImportFileError } from "./import-reasons";

// Node has no Shift_JIS encoder: these characters' bytes, from the JIS X 0208 table as code page 932 lays it out.
const shiftJis: Record<string, number[]> = {
  お: [0x82, 0xa8],
  客: [0x8b, 0x71],
  様: [0x97, 0x6c],
  番: [0x94, 0xd4],
  号: [0x8d, 0x86],
  山: [0x8e, 0x52],
  田: [0x93, 0x63],
};
const encodeShiftJis = (text: string) =>
  Uint8Array.from([...text].flatMap((char) => shiftJis[char] ?? [char.charCodeAt(0)]));
const utf8 = (text: string) => new TextEncoder().encode(text);

async function* chunks(...parts: Uint8Array[]) {
  yield* parts;
}
async function read(parts: Uint8Array[], choice: "auto" | "utf-8" | "shift_jis") {
  const { encoding, text } = await decodeImport(chunks(...parts), choice);
  let all = "";
  for await (const part of text) all += part;
  return { encoding, all };
}

describe("the import file's encoding", () => {
  it("is UTF-8 with a BOM, or when the head decodes as UTF-8, else Shift_JIS", () => {
    expect(detectEncoding(Uint8Array.from([0xef, 0xbb, 0xbf, 0x41]))).toBe("utf-8");
    expect(detectEncoding(utf8("お客様番号,山田"))).toBe("utf-8");
    expect(detectEncoding(encodeShiftJis("お客様番号,山田"))).toBe("shift_jis");
    // A character cut at the end of the head is not taken for Shift_JIS.
    expect(detectEncoding(utf8("お客様").slice(0, 7))).toBe("utf-8");
  });

  it("decodes Shift_JIS and UTF-8 (dropping the BOM), across chunk boundaries", async () => {
    const bytes = encodeShiftJis("お客様番号\r\nC-1,山田\r\n");
    expect(await read([bytes.slice(0, 3), bytes.slice(3)], "auto")).toEqual({
      encoding: "shift_jis",
      all: "お客様番号\r\nC-1,山田\r\n",
    });
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8("お客様番号\n")]);
    expect(await read([withBom.slice(0, 5), withBom.slice(5)], "auto")).toEqual({
      encoding: "utf-8",
      all: "お客様番号\n",
    });
  });

  it("follows an explicit choice, and refuses bytes that are not of it", async () => {
    expect((await read([utf8("abc")], "shift_jis")).encoding).toBe("shift_jis");
    await expect(read([encodeShiftJis("山田")], "utf-8")).rejects.toThrow(ImportFileError);
    await expect(read([encodeShiftJis("山田")], "utf-8")).rejects.toThrow("UTF-8として読み取れません");
  });
});
