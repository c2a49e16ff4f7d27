// The letters as one PDF: A4, each customer from a new page, Noto Sans JP embedded and subset by pdfkit (only the
// glyphs used travel, with a ToUnicode map, so the text can be searched and read back). Layout only: the words are
// letter-content.ts's.
import { readFileSync } from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";
import { LETTER_TITLE, type LetterContent, type LetterRow, SIP_PASSWORD_NOT_PRINTED } from "./letter-content";

/**
 * The font files, relative to the app's root: next.config.ts lists them for the server bundle's file tracing, and
 * knip.json knows the package is used, since nothing imports them.
 */
const LETTER_FONT_FILES = {
  regular: "node_modules/@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf",
  bold: "node_modules/@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf",
} as const;

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Read once per process (about 5 MB each); pdfkit parses and subsets them per document. */
const fontData = () =>
  (fonts ??= {
    regular: readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), LETTER_FONT_FILES.regular)),
    bold: readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), LETTER_FONT_FILES.bold)),
  });

const MARGIN = 56; // 20 mm
const INK = "#1a1a1a";
const RULE = "#9aa5b1";
const SHADE = "#eef3f8";

type Doc = PDFKit.PDFDocument;

function heading(doc: Doc, text: string) {
  doc.moveDown(0.6).font("bold").fontSize(11.5).fillColor(INK).text(text, MARGIN);
  doc.moveDown(0.2);
}

type Cell = { text: string; width: number; bold?: boolean; size?: number; shade?: boolean };

/** One table row of cells side by side, as tall as its tallest cell, each text centred vertically. */
function tableRow(doc: Doc, cells: Cell[]) {
  const top = doc.y;
  const heights = cells.map((cell) =>
    doc
      .font(cell.bold ? "bold" : "regular")
      .fontSize(cell.size ?? 9.5)
      .heightOfString(cell.text, { width: cell.width - 14 }),
  );
  const height = Math.max(...heights) + 10;
  let x = MARGIN;
  cells.forEach((cell, index) => {
    if (cell.shade) doc.rect(x, top, cell.width, height).fillAndStroke(SHADE, RULE);
    else doc.rect(x, top, cell.width, height).stroke(RULE);
    doc
      .fillColor(INK)
      .font(cell.bold ? "bold" : "regular")
      .fontSize(cell.size ?? 9.5)
      .text(cell.text, x + 7, top + 5 + (height - 10 - heights[index]!) / 2, { width: cell.width - 14 });
    x += cell.width;
  });
  doc.x = MARGIN;
  doc.y = top + height;
}

function keyValueTable(doc: Doc, rows: LetterRow[]) {
  const width = doc.page.width - MARGIN * 2;
  const label = 200;
  for (const row of rows) {
    tableRow(doc, [
      { text: row.label, width: label, shade: true },
      { text: row.value, width: width - label, bold: row.emphasis, size: row.emphasis ? 13 : 10 },
    ]);
  }
}

function linesTable(doc: Doc, lines: LetterContent["lines"]) {
  const width = doc.page.width - MARGIN * 2;
  const widths = [165, 135, width - 300];
  tableRow(
    doc,
    lines.columns.map((text, index) => ({ text, width: widths[index]!, shade: true })),
  );
  for (const line of lines.rows) {
    tableRow(doc, [
      { text: line.note ? `${line.number}（${line.note}）` : line.number, width: widths[0]!, size: 10.5 },
      { text: line.service, width: widths[1]! },
      line.password === null
        ? { text: SIP_PASSWORD_NOT_PRINTED, width: widths[2]!, size: 8.5 }
        : { text: line.password, width: widths[2]!, bold: true, size: 13 },
    ]);
  }
}

function list(doc: Doc, items: string[], bullet: (index: number) => string) {
  const width = doc.page.width - MARGIN * 2;
  doc.font("regular").fontSize(9).fillColor(INK);
  items.forEach((item, index) => {
    const top = doc.y;
    doc.text(bullet(index), MARGIN, top, { width: 16 });
    doc.text(item, MARGIN + 16, top, { width: width - 16, lineGap: 1 });
    doc.moveDown(0.15);
  });
}

function renderLetter(doc: Doc, content: LetterContent) {
  const width = doc.page.width - MARGIN * 2;
  doc.font("regular").fontSize(9.5).fillColor(INK).text(content.issued, MARGIN, MARGIN, { width, align: "right" });
  doc.moveDown(0.3).font("bold").fontSize(20).text(content.title, MARGIN, doc.y, { width, align: "center" });
  if (content.subtitle)
    doc.font("bold").fontSize(13).text(`― ${content.subtitle} ―`, MARGIN, doc.y, { width, align: "center" });
  doc.moveDown(0.5).fontSize(14).text(content.addressee, MARGIN);
  doc.moveDown(0.3).font("regular").fontSize(9.5).text(content.intro, MARGIN, doc.y, { width, lineGap: 1.5 });

  heading(doc, content.selfCare.heading);
  keyValueTable(doc, content.selfCare.rows);

  heading(doc, content.lines.heading);
  if (content.lines.empty) doc.font("regular").fontSize(9.5).text(content.lines.empty, MARGIN);
  else linesTable(doc, content.lines);

  heading(doc, content.steps.heading);
  list(doc, content.steps.items, (index) => `${index + 1}.`);

  heading(doc, content.safekeeping.heading);
  list(doc, content.safekeeping.items, () => "・");

  doc.moveDown(0.6).font("regular").fontSize(9).text(content.support, MARGIN, doc.y, { width });
}

/** Every letter in one PDF, each from a new page, in the order given. */
export function renderLetters(contents: LetterContent[]): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    autoFirstPage: false,
    lang: "ja",
    displayTitle: true,
    info: { Title: LETTER_TITLE, Creator: "IP加入電話 セルフケア" },
  });
  const { regular, bold } = fontData();
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  for (const content of contents) {
    doc.addPage();
    renderLetter(doc, content);
  }
  doc.end();
  return done;
}
