import { execFileSync } from 'child_process';

/** Text of a PDF as poppler's pdftotext reads it. */
export function pdfText(bytes: Uint8Array): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: Buffer.from(bytes) }).toString('utf8');
}

export interface Word {
  page: number;
  text: string;
  /** Top-left origin, in points, as pdftotext -bbox reports. */
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word with its box, per page, from pdftotext -bbox. */
export function pdfWords(bytes: Uint8Array): { pages: Array<{ width: number; height: number }>; words: Word[] } {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', '-', '-'], { input: Buffer.from(bytes) }).toString('utf8');
  const pages: Array<{ width: number; height: number }> = [];
  const words: Word[] = [];
  const re = /<page width="([\d.]+)" height="([\d.]+)">|<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const m of html.matchAll(re)) {
    if (m[1]) pages.push({ width: Number(m[1]), height: Number(m[2]) });
    else words.push({ page: pages.length - 1, text: m[7], xMin: +m[3], yMin: +m[4], xMax: +m[5], yMax: +m[6] });
  }
  return { pages, words };
}

/** Asserts that the needles occur in the text in this order; returns the first one missing or out of order. */
export function firstOutOfOrder(text: string, needles: string[]): string | undefined {
  let from = 0;
  for (const needle of needles) {
    const at = text.indexOf(needle, from);
    if (at < 0) return needle;
    from = at + needle.length;
  }
  return undefined;
}

/** Collapses runs of whitespace, so wrapped phrases can be found whole. */
export function flat(text: string): string {
  return text.replace(/\s+/g, ' ');
}
