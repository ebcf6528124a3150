/**
 * Text hygiene for data that ends up on decrees: names must look the same in every system that reads them, so
 * they are stored in NFC and may not carry characters a reader cannot see (which make two equal-looking names differ
 * or reorder what is displayed).
 */

const FORBIDDEN_RANGES: readonly [number, number][] = [
  [0x0000, 0x001f], // C0 controls
  [0x007f, 0x009f], // DEL and C1 controls
  [0x00ad, 0x00ad], // soft hyphen
  [0x061c, 0x061c], // Arabic letter mark (bidi)
  [0x180e, 0x180e], // Mongolian vowel separator
  [0x200b, 0x200f], // zero-width space/joiners, LRM, RLM
  [0x2028, 0x2029], // line and paragraph separators
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x2064], // word joiner, invisible operators
  [0x2066, 0x2069], // bidi isolates
  [0xfeff, 0xfeff], // byte order mark / zero-width no-break space
];

export function isForbiddenCodePoint(cp: number): boolean {
  return FORBIDDEN_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The distinct forbidden code points in `s`, as 'U+200B' labels, in order of appearance. */
export function forbiddenCharacters(s: string): string[] {
  const found = new Set<string>();
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (isForbiddenCodePoint(cp)) found.add(codePointLabel(cp));
  }
  return [...found];
}

/** NFC, no-break spaces as plain spaces, runs of spaces collapsed, trimmed. */
export function normalizeText(s: string): string {
  return s.normalize('NFC').replace(/\u00a0/g, ' ').replace(/ {2,}/g, ' ').trim();
}

const NAME_CHARS = /^[\p{L}\p{M} '’.,-]+$/u;

export type TextCheck = { ok: true; value: string } | { ok: false; reasons: string[] };

export interface TextRules {
  label: string;
  maxLength?: number;
  required?: boolean;
}

export function checkText(raw: string, rules: TextRules): TextCheck {
  const reasons: string[] = [];
  const hidden = forbiddenCharacters(raw);
  if (hidden.length > 0) {
    reasons.push(`${rules.label} mengandung karakter kendali atau tak terlihat (${hidden.join(', ')})`);
  }
  const value = normalizeText(raw);
  if ((rules.required ?? true) && value.length === 0) reasons.push(`${rules.label} wajib diisi`);
  if (rules.maxLength !== undefined && [...value].length > rules.maxLength) {
    reasons.push(`${rules.label} paling panjang ${rules.maxLength} karakter`);
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, value };
}

/** A person's name: letters (any script), combining marks, spaces, and the punctuation names and titles use. */
export function checkPersonName(raw: string, label = 'nama', maxLength = 100): TextCheck {
  const base = checkText(raw, { label, maxLength });
  const value = normalizeText(raw);
  const reasons = base.ok ? [] : [...base.reasons];
  if (value.length > 0 && forbiddenCharacters(raw).length === 0 && !NAME_CHARS.test(value)) {
    const bad = [...new Set([...value].filter((ch) => !NAME_CHARS.test(ch)))];
    reasons.push(`${label} mengandung karakter yang tidak diizinkan: ${bad.map((c) => JSON.stringify(c)).join(' ')}`);
  }
  if (value.length > 0 && !/\p{L}/u.test(value)) reasons.push(`${label} harus mengandung huruf`);
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, value };
}
