/**
 * Text hygiene for everything a person types that is stored: names on decrees, notes on decisions, reasons, decree
 * numbers, file names. Text must look the same in every system that reads it, so it is stored in NFC and may not
 * carry characters a reader cannot see (which make two equal-looking strings differ, hide text, or reorder what is
 * displayed, as a bidi override does). The API's zod helper (api/validate.ts freeText) and the peremajaan field checks
 * both use this one rule.
 */

const FORBIDDEN_RANGES: readonly [number, number][] = [
  [0x0000, 0x001f], // C0 controls (multi-line text may keep LF and TAB, see allowedControls)
  [0x007f, 0x009f], // DEL and C1 controls
  [0x00ad, 0x00ad], // soft hyphen
  [0x061c, 0x061c], // Arabic letter mark (bidi)
  [0x115f, 0x1160], // Hangul fillers, rendered as nothing
  [0x17b4, 0x17b5], // Khmer inherent vowels, invisible
  [0x180e, 0x180e], // Mongolian vowel separator
  [0x200b, 0x200f], // zero-width space/joiners, LRM, RLM
  [0x2028, 0x2029], // line and paragraph separators
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, invisible operators, bidi isolates, deprecated format characters
  [0x3164, 0x3164], // Hangul filler
  [0xd800, 0xdfff], // unpaired surrogate halves (JSON can carry them; no text is made of them)
  [0xfeff, 0xfeff], // byte order mark / zero-width no-break space
  [0xffa0, 0xffa0], // halfwidth Hangul filler
  [0xfff9, 0xfffb], // interlinear annotation controls
  [0xfffe, 0xffff], // noncharacters
  [0x1d173, 0x1d17a], // musical formatting controls
  [0xe0000, 0xe007f], // tag characters (invisible copies of ASCII)
];

const LF = 0x0a;
const TAB = 0x09;

export function isForbiddenCodePoint(cp: number, allowedControls: readonly number[] = []): boolean {
  if (allowedControls.includes(cp)) return false;
  return FORBIDDEN_RANGES.some(([lo, hi]) => cp >= lo && cp <= hi);
}

export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The distinct forbidden code points in `s`, as 'U+200B' labels, in order of appearance. */
/** Printable ASCII only: nothing to normalise and nothing forbidden (most of what a SIMPEG sends). */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

export function forbiddenCharacters(s: string, allowedControls: readonly number[] = []): string[] {
  if (PLAIN_ASCII.test(s)) return [];
  const found = new Set<string>();
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (isForbiddenCodePoint(cp, allowedControls)) found.add(codePointLabel(cp));
  }
  return [...found];
}

/**
 * `s` safe to quote in a message or log line: forbidden characters written as \u{…} escapes, cut at `max` code points.
 * A refusal may say what was sent without carrying what it refuses.
 */
export function printable(s: string, max = 60): string {
  const chars = [...s];
  const cut = chars.length > max ? chars.slice(0, max) : chars;
  const shown = cut.map((ch) => {
    const cp = ch.codePointAt(0) as number;
    return isForbiddenCodePoint(cp) ? `\\u{${cp.toString(16).toUpperCase()}}` : ch;
  }).join('');
  return chars.length > max ? `${shown}…` : shown;
}

/** NFC, no-break spaces as plain spaces, runs of spaces collapsed, trimmed. */
export function normalizeText(s: string): string {
  if (PLAIN_ASCII.test(s)) return s.includes('  ') ? s.replace(/ {2,}/g, ' ').trim() : s.trim();
  return s.normalize('NFC').replace(/\u00a0/g, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * Multi-line text: NFC, line breaks as LF (a textarea sends CRLF), no-break spaces as plain spaces, spaces at line ends
 * dropped, trimmed. Spaces inside a line are kept: a note may align a small list.
 */
export function normalizeMultilineText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .trim();
}

const NAME_CHARS = /^[\p{L}\p{M} '’.,-]+$/u;

export type TextCheck = { ok: true; value: string } | { ok: false; reasons: string[] };

export interface TextRules {
  label: string;
  maxLength?: number;
  /** Code points, after normalisation. */
  minLength?: number;
  required?: boolean;
  /** Notes and reasons: line breaks (LF, CRLF) and tabs are allowed; every other control character is still refused. */
  multiline?: boolean;
}

/** What is wrong with a text, without a label: the API words it per field, the domain per form label. */
export type TextProblem =
  | { kind: 'forbidden'; codePoints: string[] }
  | { kind: 'required' }
  | { kind: 'too_short'; min: number; length: number }
  | { kind: 'too_long'; max: number; length: number };

export function describeTextProblem(label: string, p: TextProblem): string {
  switch (p.kind) {
    case 'forbidden':
      return `${label} mengandung karakter kendali atau tak terlihat (${p.codePoints.join(', ')})`;
    case 'required':
      return `${label} wajib diisi`;
    case 'too_short':
      return `${label} paling sedikit ${p.min} karakter`;
    case 'too_long':
      return `${label} paling panjang ${p.max} karakter; diterima ${p.length} karakter`;
  }
}

/** The one text rule: the normalised value and every problem found (none: the value may be stored). */
export function inspectText(raw: string, rules: Omit<TextRules, 'label'>): { value: string; problems: TextProblem[] } {
  const problems: TextProblem[] = [];
  const unified = rules.multiline ? raw.replace(/\r\n?/g, '\n') : raw;
  const hidden = forbiddenCharacters(unified, rules.multiline ? [LF, TAB] : []);
  if (hidden.length > 0) problems.push({ kind: 'forbidden', codePoints: hidden });
  const value = rules.multiline ? normalizeMultilineText(raw) : normalizeText(raw);
  const length = [...value].length;
  if ((rules.required ?? true) && length === 0) problems.push({ kind: 'required' });
  else if (rules.minLength !== undefined && length > 0 && length < rules.minLength) problems.push({ kind: 'too_short', min: rules.minLength, length });
  if (rules.maxLength !== undefined && length > rules.maxLength) problems.push({ kind: 'too_long', max: rules.maxLength, length });
  return { value, problems };
}

export function checkText(raw: string, rules: TextRules): TextCheck {
  const { value, problems } = inspectText(raw, rules);
  return problems.length > 0 ? { ok: false, reasons: problems.map((p) => describeTextProblem(rules.label, p)) } : { ok: true, value };
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
