import QRCode from 'qrcode';
import { StandardFontEmbedder, StandardFonts } from 'pdf-lib';
import { OFFICE_ZONES, DEFAULT_OFFICE_ZONE, type OfficeZone } from '../domain/office-clock';

/**
 * The visible stamp of an electronic signature, as the content stream of the signature widget's appearance.
 * It uses the standard Helvetica fonts (no embedding, WinAnsi) and draws the QR code as filled rectangles,
 * so building it costs well under a millisecond and needs no image encoding.
 */

export const STAMP_FOOTER =
  'Dokumen ini telah ditandatangani secara elektronik menggunakan sertifikat elektronik yang diterbitkan oleh ' +
  'BSrE Stand-in (otoritas tiruan untuk pengembangan, bukan BSSN)';

export interface StampText {
  name: string;
  nip: string;
  jabatan: string;
  signedAt: Date;
  verificationUrl: string;
  /** The signing office's zone (default WIB). */
  timeZone?: OfficeZone;
}

export const FONT_REGULAR = 'F1';
export const FONT_BOLD = 'F2';
export const STAMP_FONTS = { [FONT_REGULAR]: StandardFonts.Helvetica, [FONT_BOLD]: StandardFonts.HelveticaBold } as const;

type EmbedderFontName = Parameters<typeof StandardFontEmbedder.for>[0];
// pdf-lib's StandardFonts and @pdf-lib/standard-fonts' FontNames are separate enums with the same strings.
const regular = StandardFontEmbedder.for(StandardFonts.Helvetica as unknown as EmbedderFontName);
const bold = StandardFontEmbedder.for(StandardFonts.HelveticaBold as unknown as EmbedderFontName);

/** Replaces what WinAnsi cannot show: accents are dropped (NFKD), anything else becomes '?'. */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC').replace(/[\r\n\t]+/g, ' ')) {
    const cp = ch.codePointAt(0) ?? 63;
    if (regular.encoding.canEncodeUnicodeCodePoint(cp)) {
      out += ch;
      continue;
    }
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += [...base].every((c) => regular.encoding.canEncodeUnicodeCodePoint(c.codePointAt(0) ?? 63)) && base ? base : '?';
  }
  return out;
}

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/**
 * "12 Maret 2025 14.05 WIB": the signing instant in the signing office's zone, so the stamp and the decree's date
 * (the office's date on the signing day) always name the same day.
 */
export function formatTanggal(d: Date, zone: OfficeZone = DEFAULT_OFFICE_ZONE): string {
  const { offsetMinutes, label } = OFFICE_ZONES[zone];
  const t = new Date(d.getTime() + offsetMinutes * 60_000);
  const hh = String(t.getUTCHours()).padStart(2, '0');
  const mm = String(t.getUTCMinutes()).padStart(2, '0');
  return `${t.getUTCDate()} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()} ${hh}.${mm} ${label}`;
}

const n = (v: number): string => (Math.round(v * 100) / 100).toString();

function wrap(font: StandardFontEmbedder, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Largest size not above `max` at which `text` fits `width` in at most `maxLines` lines. */
function fit(font: StandardFontEmbedder, text: string, max: number, min: number, width: number, maxLines: number): { size: number; lines: string[] } {
  for (let size = max; size > min; size -= 0.25) {
    const lines = wrap(font, text, size, width);
    if (lines.length <= maxLines && lines.every((l) => font.widthOfTextAtSize(l, size) <= width)) return { size, lines };
  }
  const lines = wrap(font, text, min, width).slice(0, maxLines);
  return { size: min, lines };
}

/**
 * Dark modules as one rectangle per horizontal run, in a square of side `side` with its lower-left at (x, y).
 * The path is written in module units under a scaling `cm`, which keeps it short (less to deflate).
 */
export function qrPath(text: string, x: number, y: number, side: number, level: 'L' | 'M' = 'M'): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: level });
  const count = qr.modules.size;
  const data = qr.modules.data;
  const quiet = 1;
  const m = side / (count + 2 * quiet);
  const ops: string[] = [`q ${n(m)} 0 0 ${n(m)} ${n(x)} ${n(y)} cm`];
  for (let r = 0; r < count; r++) {
    const row = count + quiet - 1 - r; // PDF y grows upwards, QR rows downwards
    for (let c = 0; c < count; ) {
      if (!data[r * count + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < count && data[r * count + c]) c++;
      ops.push(`${start + quiet} ${row} ${c - start} 1 re`);
    }
  }
  ops.push('f Q');
  return ops.join('\n');
}

type FontKey = typeof FONT_REGULAR | typeof FONT_BOLD;

function textOp(font: FontKey, size: number, x: number, y: number, text: string): string {
  const embedder = font === FONT_BOLD ? bold : regular;
  return `BT /${font} ${n(size)} Tf ${n(x)} ${n(y)} Td ${embedder.encodeText(text).toString()} Tj ET`;
}

/** Boxes at least this large get the full stamp with the footer; smaller ones (a paraf box) the compact one. */
export const FULL_STAMP_MIN = { width: 160, height: 70 } as const;
export const COMPACT_STAMP_MIN = { width: 50, height: 24 } as const;

/** Everything of a stamp that does not change from document to document within a signing session. */
interface StampLayout {
  fixed: string;
  qr: { x: number; y: number; side: number; level: 'L' | 'M' };
  date: { size: number; x: number; y: number; width: number };
}

const layoutCache = new Map<string, StampLayout>();

function fullLayout(t: StampText, width: number, height: number): StampLayout {
  const pad = 4;
  const ops: string[] = ['1 g', `0 0 ${n(width)} ${n(height)} re f`, '0.35 G 0.6 w', `0.3 0.3 ${n(width - 0.6)} ${n(height - 0.6)} re S`, '0 g'];

  const footer = fit(regular, STAMP_FOOTER, 5.5, 3.5, width - 2 * pad, 3);
  let y = pad;
  for (const line of [...footer.lines].reverse()) {
    ops.push(textOp(FONT_REGULAR, footer.size, pad, y + 0.5, line));
    y += footer.size * 1.15;
  }
  const mainBottom = y + 2;
  ops.push('0.6 G 0.4 w', `${n(pad)} ${n(mainBottom - 1)} m ${n(width - pad)} ${n(mainBottom - 1)} l S`);

  const mainHeight = height - mainBottom - pad;
  const side = Math.min(mainHeight, width * 0.38);
  const x = pad + side + 5;
  const tw = width - x - pad;
  const name = fit(bold, toWinAnsi(t.name), 8.5, 5, tw, 2);
  const jabatan = fit(regular, toWinAnsi(t.jabatan), 7, 4.5, tw, 3);
  const nip = fit(regular, toWinAnsi(`NIP ${t.nip}`), 6.5, 3.5, tw, 1);
  const lines: Array<[FontKey, number, string]> = [
    [FONT_REGULAR, fit(regular, 'Ditandatangani secara elektronik oleh:', 5.5, 3.5, tw, 1).size, 'Ditandatangani secara elektronik oleh:'],
    ...name.lines.map((l): [FontKey, number, string] => [FONT_BOLD, name.size, l]),
    ...jabatan.lines.map((l): [FontKey, number, string] => [FONT_REGULAR, jabatan.size, l]),
    [FONT_REGULAR, nip.size, nip.lines[0] ?? ''],
  ];
  const dateSize = 6;
  const dateY = stackLines(ops, lines, x, mainBottom + mainHeight / 2, dateSize);
  return {
    fixed: ops.join('\n'),
    qr: { x: pad, y: mainBottom + (mainHeight - side) / 2, side, level: 'M' },
    date: { size: dateSize, x, y: dateY, width: tw },
  };
}

/**
 * Writes the text lines centred vertically on centreY with the date line below them; answers the date's y, which is
 * filled in at signing time.
 */
function stackLines(ops: string[], lines: Array<[FontKey, number, string]>, x: number, centreY: number, dateSize: number): number {
  const total = lines.reduce((sum, [, size]) => sum + size * 1.2, 0) + dateSize * 1.2;
  let baseline = centreY + total / 2;
  for (const [font, size, text] of lines) {
    baseline -= size * 1.2;
    ops.push(textOp(font, size, x, baseline + size * 0.25, text));
  }
  baseline -= dateSize * 1.2;
  return baseline + dateSize * 0.25;
}

/**
 * The stamp for a small box such as a Pertek's paraf: QR code, name, NIP and date, without the footer
 * (which the full signature stamp on the same document carries).
 */
function compactLayout(t: StampText, width: number, height: number): StampLayout {
  const pad = 2;
  const ops: string[] = ['1 g', `0 0 ${n(width)} ${n(height)} re f`, '0.35 G 0.4 w', `0.2 0.2 ${n(width - 0.4)} ${n(height - 0.4)} re S`, '0 g'];
  const side = Math.min(height - 2 * pad, width * 0.5);
  const x = pad + side + 2;
  const tw = width - x - pad;
  const name = fit(bold, toWinAnsi(t.name), 6, 2.5, tw, 2);
  const nip = fit(regular, toWinAnsi(t.nip), 5, 2.5, tw, 1);
  const dateSize = 4.5;
  const lines: Array<[FontKey, number, string]> = [
    ...name.lines.map((l): [FontKey, number, string] => [FONT_BOLD, name.size, l]),
    [FONT_REGULAR, nip.size, nip.lines[0] ?? ''],
  ];
  const dateY = stackLines(ops, lines, x, height / 2, dateSize);
  return {
    fixed: ops.join('\n'),
    qr: { x: pad, y: (height - side) / 2, side, level: 'L' },
    date: { size: dateSize, x, y: dateY, width: tw },
  };
}

function layoutFor(t: StampText, width: number, height: number): StampLayout {
  const key = JSON.stringify([width, height, t.name, t.nip, t.jabatan]);
  let layout = layoutCache.get(key);
  if (!layout) {
    const full = width >= FULL_STAMP_MIN.width && height >= FULL_STAMP_MIN.height;
    layout = full ? fullLayout(t, width, height) : compactLayout(t, width, height);
    if (layoutCache.size >= 256) layoutCache.clear();
    layoutCache.set(key, layout);
  }
  return layout;
}

/** Content stream of the stamp for a box of `width` x `height` points; coordinates are relative to the box. */
export function stampContent(t: StampText, width: number, height: number): string {
  if (!(width >= COMPACT_STAMP_MIN.width && height >= COMPACT_STAMP_MIN.height)) {
    throw new RangeError(`stamp box ${width}x${height} is too small (minimum ${COMPACT_STAMP_MIN.width}x${COMPACT_STAMP_MIN.height} pt)`);
  }
  const layout = layoutFor(t, width, height);
  const date = formatTanggal(t.signedAt, t.timeZone);
  const dateSize = fit(regular, date, layout.date.size, 2.5, layout.date.width, 1).size;
  return [
    'q',
    layout.fixed,
    textOp(FONT_REGULAR, dateSize, layout.date.x, layout.date.y, date),
    qrPath(t.verificationUrl, layout.qr.x, layout.qr.y, layout.qr.side, layout.qr.level),
    'Q',
  ].join('\n');
}
