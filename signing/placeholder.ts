import { SigningError } from './errors';

/**
 * Byte-level helpers for the signature placeholder. The PDF is serialised once with a /ByteRange
 * placeholder and a zero-filled /Contents hex string; these helpers patch both in place.
 * All are pure functions over the byte buffer.
 */

/** Ten characters, enough for any offset below 10 GB, so the real numbers always fit. */
export const BYTE_RANGE_SLOT = '**********';
export const BYTE_RANGE_PLACEHOLDER = `[0 /${BYTE_RANGE_SLOT} /${BYTE_RANGE_SLOT} /${BYTE_RANGE_SLOT}]`;
export const DEFAULT_SIGNATURE_BYTES = 16384;

export interface Span {
  /** first byte */
  start: number;
  /** one past the last byte */
  end: number;
}

export interface Placeholder {
  /** the `[...]` array after /ByteRange */
  byteRange: Span;
  /** the `<...>` hex string after /Contents, brackets included */
  contents: Span;
}

export type ByteRange = [number, number, number, number];

const BYTE_RANGE_KEY = Buffer.from('/ByteRange');
const CONTENTS_KEY = Buffer.from('/Contents');
const isWs = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00;

function skipWs(bytes: Uint8Array, p: number): number {
  while (p < bytes.length && isWs(bytes[p])) p++;
  return p;
}

function findByteRangePlaceholder(bytes: Buffer, from: number): Span | null {
  for (let at = bytes.indexOf(BYTE_RANGE_KEY, from); at >= 0; at = bytes.indexOf(BYTE_RANGE_KEY, at + 1)) {
    const open = skipWs(bytes, at + BYTE_RANGE_KEY.length);
    if (bytes[open] !== 0x5b /* [ */) continue;
    const close = bytes.indexOf(0x5d /* ] */, open);
    if (close < 0) return null;
    const inside = bytes.subarray(open + 1, close).toString('latin1').trim().split(/\s+/);
    if (inside.length === 4 && inside[0] === '0' && inside.slice(1).every((s) => s === `/${BYTE_RANGE_SLOT}`)) {
      return { start: open, end: close + 1 };
    }
  }
  return null;
}

function isZeroHex(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0x30) return false;
  return true;
}

/** The hex string after the nearest `/Contents` key that is an unfilled (all-zero) placeholder. */
function findContentsPlaceholder(bytes: Buffer, from: number, near: number): Span | null {
  let best: Span | null = null;
  for (let at = bytes.indexOf(CONTENTS_KEY, from); at >= 0; at = bytes.indexOf(CONTENTS_KEY, at + 1)) {
    const open = skipWs(bytes, at + CONTENTS_KEY.length);
    if (bytes[open] !== 0x3c /* < */ || bytes[open + 1] === 0x3c) continue;
    const close = bytes.indexOf(0x3e /* > */, open);
    if (close < 0) break;
    if (close - open - 1 < 2 || !isZeroHex(bytes, open + 1, close)) continue;
    const span = { start: open, end: close + 1 };
    if (!best || Math.abs(span.start - near) < Math.abs(best.start - near)) best = span;
  }
  return best;
}

/** Locates the unfilled signature placeholder at or after `from` (use the start of the last revision). */
export function findPlaceholder(bytes: Uint8Array, from = 0): Placeholder {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const byteRange = findByteRangePlaceholder(buf, from);
  if (!byteRange) throw new SigningError('BAD_PDF', 'signature /ByteRange placeholder not found');
  const contents = findContentsPlaceholder(buf, from, byteRange.start);
  if (!contents) throw new SigningError('BAD_PDF', 'signature /Contents placeholder not found');
  return { byteRange, contents };
}

/** Everything except the /Contents hex string (with its brackets) is signed. */
export function computeByteRange(totalLength: number, contents: Span): ByteRange {
  if (contents.start < 0 || contents.end > totalLength || contents.start >= contents.end) {
    throw new RangeError('contents span outside the document');
  }
  return [0, contents.start, contents.end, totalLength - contents.end];
}

/** Writes the byte range into its placeholder, padded with spaces so no offset moves. */
export function patchByteRange(bytes: Uint8Array, slot: Span, range: ByteRange): void {
  const text = `[${range.join(' ')}]`;
  const width = slot.end - slot.start;
  if (text.length > width) throw new SigningError('PLACEHOLDER_TOO_SMALL', `byte range ${text} does not fit in ${width} bytes`);
  // Padding goes inside the brackets so the array still ends at the same offset.
  const padded = `${text.slice(0, -1)}${' '.repeat(width - text.length)}]`;
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).write(padded, slot.start, 'latin1');
}

/** Writes the DER signature as hex into the /Contents placeholder; the zero padding after it stays. */
export function embedSignatureHex(bytes: Uint8Array, contents: Span, der: Uint8Array): void {
  const capacity = contents.end - contents.start - 2;
  const hex = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('hex');
  if (hex.length > capacity) {
    throw new SigningError('PLACEHOLDER_TOO_SMALL', `signature of ${der.byteLength} bytes does not fit a ${capacity / 2}-byte placeholder`);
  }
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).write(hex, contents.start + 1, 'latin1');
}

/** The bytes a byte range covers, without copying. */
export function signedParts(bytes: Uint8Array, range: ByteRange): [Uint8Array, Uint8Array] {
  return [bytes.subarray(range[0], range[0] + range[1]), bytes.subarray(range[2], range[2] + range[3])];
}
