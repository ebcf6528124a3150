// Pure text helpers for the generated documents. No locale data is used (Intl's id-ID may be absent in small Node
// builds), so every format here is spelled out by hand.

export const NAMA_BULAN = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
] as const;

/** Groups an integer string by thousands with '.', as Indonesian usage does. */
function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += '.';
    out += digits[i];
  }
  return out;
}

/** 3089300 → 'Rp3.089.300,00' (no space after Rp, comma decimals, as written in SK and Pertek). */
export function formatRupiah(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`formatRupiah: not a finite number: ${amount}`);
  // Work in whole sen so 0.1 + 0.2 style float noise cannot leak into the decree.
  const sen = Math.round(Math.abs(amount) * 100);
  const rupiah = Math.floor(sen / 100);
  const rest = sen % 100;
  const sign = amount < 0 && sen !== 0 ? '-' : '';
  return `${sign}Rp${groupThousands(String(rupiah))},${rest < 10 ? '0' : ''}${rest}`;
}

const SATUAN = ['', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan', 'sepuluh', 'sebelas'];

function terbilangBelowThousand(n: number): string {
  if (n < 12) return SATUAN[n];
  if (n < 20) return `${SATUAN[n - 10]} belas`;
  if (n < 100) return join(`${SATUAN[Math.floor(n / 10)]} puluh`, terbilangBelowThousand(n % 10));
  const ratus = Math.floor(n / 100);
  return join(ratus === 1 ? 'seratus' : `${SATUAN[ratus]} ratus`, terbilangBelowThousand(n % 100));
}

function join(a: string, b: string): string {
  return b ? `${a} ${b}` : a;
}

const SKALA = ['', 'ribu', 'juta', 'miliar', 'triliun'];

/** 3089300 → 'tiga juta delapan puluh sembilan ribu tiga ratus'. Whole rupiah only; fractions are dropped. */
export function terbilang(amount: number): string {
  if (!Number.isFinite(amount)) throw new RangeError(`terbilang: not a finite number: ${amount}`);
  let n = Math.floor(Math.abs(amount));
  if (n === 0) return 'nol';
  if (n >= 1e15) throw new RangeError(`terbilang: amount too large: ${amount}`);
  const parts: string[] = [];
  for (let scale = 0; n > 0; scale++, n = Math.floor(n / 1000)) {
    const group = n % 1000;
    if (group === 0) continue;
    // "seribu", not "satu ribu"; higher scales keep "satu" (satu juta).
    const words = scale === 1 && group === 1 ? 'seribu' : join(terbilangBelowThousand(group), SKALA[scale]);
    parts.unshift(words);
  }
  return (amount < 0 ? 'minus ' : '') + parts.join(' ');
}

/**
 * '2026-04-01' (or an ISO date-time; only the calendar date is read, no time-zone shift) → '1 April 2026'.
 * Throws RangeError for a date that does not exist: a decree must never carry an invented date.
 */
export function formatTanggalPanjang(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(iso);
  if (!m) throw new RangeError(`formatTanggalPanjang: not an ISO date: ${JSON.stringify(iso)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`formatTanggalPanjang: no such date: ${iso}`);
  }
  return `${day} ${NAMA_BULAN[month - 1]} ${year}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** '10 tahun 2 bulan' — the MKG as the SK writes it. */
export function formatMasaKerja(tahun: number, bulan: number): string {
  return `${tahun} tahun ${bulan} bulan`;
}

/** NIP as printed on documents: the 18 digits unbroken, which is how BKN prints them on SK and Pertek. */
export function formatNip(nip: string): string {
  return nip.replace(/\s+/g, '');
}

// Code points outside Latin-1 that Windows-1252 (the WinAnsi encoding of the PDF standard fonts) still covers.
const WIN_ANSI_EXTRA = new Set<number>(
  Array.from('ŒœŠšŸŽžƒˆ˜–—‘’‚“”„†‡•…‰‹›€™', (c) => c.codePointAt(0) as number),
);

// Letters that have no decomposition to a base letter but an obvious Latin reading.
const TRANSLITERATION: Record<string, string> = {
  'ı': 'i', 'ł': 'l', 'Ł': 'L', 'đ': 'd', 'Đ': 'D', 'ħ': 'h', 'Ħ': 'H', 'ŧ': 't', 'Ŧ': 'T',
  'ŋ': 'ng', 'Ŋ': 'Ng', 'ĸ': 'k', 'ŀ': 'l', 'Ŀ': 'L', 'ſ': 's',
  'ʼ': "'", 'ʻ': "'", 'ʹ': "'", '′': "'", '″': '"', '‛': "'", '‟': '"',
  '‐': '-', '‑': '-', '‒': '-', '−': '-', '―': '-', '⁄': '/',
  '\u2002': ' ', '\u2003': ' ', '\u2009': ' ', '\u200A': ' ', '\u202F': ' ', '\u2007': ' ', '\u3000': ' ',
};

/** True when the code point can be drawn with a standard (WinAnsi) font. */
export function isWinAnsi(cp: number): boolean {
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp);
}

/**
 * Makes any string drawable with the 14 standard PDF fonts, which only know WinAnsi (Windows-1252). It never
 * throws: text is NFC-normalised; a letter outside the set is transliterated when there is an obvious reading
 * (accented letter → base letter, 'Ŋ' → 'Ng'); control characters and line breaks become spaces; invisible
 * marks (zero-width joiners, variation selectors, combining marks left alone) are dropped; anything else, such as
 * an emoji or a non-Latin script, becomes '?'. Embedding a Unicode font would avoid the loss but costs far more
 * time per document than the whole render, and names in SIASN are Latin.
 */
export function toWinAnsiSafe(text: string): string {
  // Fast path: plain ASCII is by far the common case.
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const cp = ch.codePointAt(0) as number;
    if (isWinAnsi(cp)) {
      out += ch;
    } else if (TRANSLITERATION[ch] !== undefined) {
      out += TRANSLITERATION[ch];
    } else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029) {
      out += ' ';
    } else if (isInvisible(cp)) {
      continue;
    } else {
      out += baseLetter(ch) ?? '?';
    }
  }
  return out;
}

function isInvisible(cp: number): boolean {
  return (
    (cp >= 0x0300 && cp <= 0x036f) || // combining diacritics with no precomposed form
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space/joiners, direction marks
    cp === 0x2060 || cp === 0xfeff ||
    (cp >= 0xfe00 && cp <= 0xfe0f) // variation selectors (emoji presentation)
  );
}

/** 'ă' → 'a', 'Ș' → 'S': the decomposed form without its combining marks, if that is drawable. */
function baseLetter(ch: string): string | undefined {
  const stripped = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (stripped === ch || stripped.length === 0) return undefined;
  for (const c of stripped) if (!isWinAnsi(c.codePointAt(0) as number)) return undefined;
  return stripped;
}

/**
 * Greedy word wrap. `measure` gives the drawn width of a string. Runs of whitespace collapse to one space; '\n'
 * starts a new line. A single word wider than the line (a long number, a URL) is broken between characters rather
 * than allowed to run off the page. Always returns at least one line.
 */
export function wrapText(text: string, maxWidth: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  const spaceWidth = measure(' ');
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter((w) => w.length > 0);
    let line = '';
    let lineWidth = 0;
    for (const word of words) {
      const wordWidth = measure(word);
      if (line && lineWidth + spaceWidth + wordWidth <= maxWidth) {
        line += ' ' + word;
        lineWidth += spaceWidth + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      if (wordWidth <= maxWidth) {
        line = word;
        lineWidth = wordWidth;
        continue;
      }
      const pieces = breakWord(word, maxWidth, measure);
      line = pieces.pop() as string;
      lineWidth = measure(line);
      lines.push(...pieces);
    }
    lines.push(line);
  }
  return lines;
}

function breakWord(word: string, maxWidth: number, measure: (s: string) => number): string[] {
  const pieces: string[] = [];
  let piece = '';
  for (const ch of word) {
    // A piece always keeps at least one character, so a line narrower than one glyph cannot loop forever.
    if (piece && measure(piece + ch) > maxWidth) {
      pieces.push(piece);
      piece = ch;
    } else {
      piece += ch;
    }
  }
  pieces.push(piece);
  return pieces;
}
