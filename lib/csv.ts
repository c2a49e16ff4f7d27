// CSV as the console hands it to spreadsheet software: every cell quoted, spreadsheet formulas defused, CRLF, and a
// BOM at the start so Excel reads the Japanese text as UTF-8.

export const UTF8_BOM = "\uFEFF";

/** Quotes every cell and defuses spreadsheet formulas (=, +, -, @ at the start: OWASP's CSV injection). */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export const csvLine = (cells: string[]) => `${cells.map(csvCell).join(",")}\r\n`;
