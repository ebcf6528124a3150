import type { Response } from 'express';
import { csvCell } from './csv-cell';

/**
 * A CSV file for a spreadsheet as Indonesian offices open it: UTF-8 with a byte-order mark (or Excel reads it as
 * ANSI), ';' between cells (',' is the decimal mark in the id-ID locale), CRLF, and every cell formula-safe.
 */
export function csvFile(rows: readonly (readonly unknown[])[]): string {
  return `\ufeff${rows.map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/** Sends `rows` (the first one the header) as a download named `filename`. */
export function sendCsv(res: Response, filename: string, rows: readonly (readonly unknown[])[]): void {
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(csvFile(rows));
}
