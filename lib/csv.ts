// CSV as the console hands it to spreadsheet software: every cell quoted, spreadsheet formulas defused, CRLF, and a
// BOM at the start so Excel reads the Japanese text as UTF-8.

export const UTF8_BOM = "\uFEFF";

/**
 * Quotes every cell and defuses spreadsheet formulas (=, +, -, @ at the start: OWASP's CSV injection), also after
 * leading spaces and in their full-width forms (＝＋－＠), which Japanese spreadsheet software may read as the same.
 */
export function csvCell(value: string): string {
  const safe =
    /^[=+\-@\t\r\n]/.test(value.normalize("NFKC").trimStart()) || /^[\t\r\n]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export const csvLine = (cells: string[]) => `${cells.map(csvCell).join(",")}\r\n`;
