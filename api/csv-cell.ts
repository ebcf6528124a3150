/**
 * One cell of a CSV file the API hands out (result files, exports). The file is opened in spreadsheets, so a cell
 * that would run as a formula there (=, +, -, @, tab, CR first) is kept as text with a leading apostrophe.
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[";\n\r,]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
