import { constants as zlibConstants, inflateSync } from 'node:zlib';

/**
 * How many bytes a stream decodes to, through every standard filter of ISO 32000-1 7.4, without ever holding more
 * than the budget allows: a decompression bomb stops at the budget instead of expanding. The image codecs (DCT, JPX,
 * JBIG2, CCITT) are not run: their output is bounded by the image's declared size, which the gate checks instead.
 * Flate runs in zlib; the small byte-oriented filters are decoded here because no maintained package bounds them.
 */

export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
}

export class UnsupportedFilter extends Error {
  override readonly name = 'UnsupportedFilter';
  constructor(readonly filter: string) {
    super(`filter ${filter}`);
  }
}

const IMAGE_CODECS = new Set(['DCTDecode', 'DCT', 'JPXDecode', 'JBIG2Decode', 'CCITTFaxDecode', 'CCF']);
const ABBREVIATIONS: Record<string, string> = { Fl: 'FlateDecode', LZW: 'LZWDecode', A85: 'ASCII85Decode', AHx: 'ASCIIHexDecode', RL: 'RunLengthDecode' };

export const isImageCodec = (filter: string): boolean => IMAGE_CODECS.has(filter);

/** Output growing past `limit` throws BudgetExceeded. */
class Sink {
  private chunks: Buffer[] = [];
  private cur = Buffer.allocUnsafe(4096);
  private pos = 0;
  length = 0;
  constructor(private readonly limit: number) {}
  push(b: number): void {
    if (++this.length > this.limit) throw new BudgetExceeded();
    if (this.pos === this.cur.length) {
      this.chunks.push(this.cur);
      this.cur = Buffer.allocUnsafe(Math.min(1 << 20, this.cur.length * 2));
      this.pos = 0;
    }
    this.cur[this.pos++] = b;
  }
  pushAll(bytes: Uint8Array): void {
    for (const b of bytes) this.push(b);
  }
  done(): Buffer {
    return Buffer.concat([...this.chunks, this.cur.subarray(0, this.pos)]);
  }
}

function flate(data: Buffer, limit: number): Buffer {
  try {
    return inflateSync(data, { maxOutputLength: Math.max(1, limit), finishFlush: zlibConstants.Z_SYNC_FLUSH });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new BudgetExceeded();
    // Corrupt data: readers stop where it breaks, so it cannot expand beyond what it holds.
    return data;
  }
}

function asciiHex(data: Buffer, limit: number): Buffer {
  const out = new Sink(limit);
  let hi = -1;
  for (const c of data) {
    if (c === 0x3e) break; // '>' ends the data
    const v = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 55 : c >= 0x61 && c <= 0x66 ? c - 87 : -1;
    if (v < 0) continue;
    if (hi < 0) hi = v;
    else {
      out.push((hi << 4) | v);
      hi = -1;
    }
  }
  if (hi >= 0) out.push(hi << 4);
  return out.done();
}

function ascii85(data: Buffer, limit: number): Buffer {
  const out = new Sink(limit);
  const group: number[] = [];
  const flush = (n: number) => {
    let v = 0;
    for (let i = 0; i < 5; i++) v = v * 85 + (group[i] ?? 84);
    for (let i = 0; i < n - 1; i++) out.push((v >>> (24 - 8 * i)) & 0xff);
  };
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c === 0x7e) break; // '~>' ends the data
    if (c === 0x7a && group.length === 0) {
      for (let k = 0; k < 4; k++) out.push(0); // 'z' is four zero bytes
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    group.push(c - 0x21);
    if (group.length === 5) {
      flush(5);
      group.length = 0;
    }
  }
  if (group.length > 1) flush(group.length);
  return out.done();
}

function runLength(data: Buffer, limit: number): Buffer {
  const out = new Sink(limit);
  for (let i = 0; i < data.length; ) {
    const n = data[i++];
    if (n === 128) break;
    if (n < 128) {
      out.pushAll(data.subarray(i, i + n + 1));
      i += n + 1;
    } else {
      const b = data[i++] ?? 0;
      for (let k = 0; k < 257 - n; k++) out.push(b);
    }
  }
  return out.done();
}

function lzw(data: Buffer, limit: number, earlyChange: number): Buffer {
  const out = new Sink(limit);
  let dict: Uint8Array[] = [];
  const reset = () => {
    dict = [];
    for (let i = 0; i < 256; i++) dict.push(Uint8Array.of(i));
    dict.push(new Uint8Array(0), new Uint8Array(0)); // 256 clear, 257 end
  };
  reset();
  let width = 9;
  let prev: Uint8Array | null = null;
  let acc = 0;
  let bits = 0;
  for (const byte of data) {
    acc = ((acc << 8) | byte) >>> 0;
    bits += 8;
    while (bits >= width) {
      const code = (acc >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      if (code === 256) {
        reset();
        width = 9;
        prev = null;
        continue;
      }
      if (code === 257) return out.done();
      let entry: Uint8Array;
      if (code < dict.length) entry = dict[code];
      else if (code === dict.length && prev) entry = Uint8Array.of(...prev, prev[0]);
      else return out.done(); // a broken code: readers stop here
      out.pushAll(entry);
      if (prev && dict.length < 4096) dict.push(Uint8Array.of(...prev, entry[0]));
      prev = entry;
      if (dict.length + earlyChange >= 1 << width && width < 12) width += 1;
    }
    acc &= (1 << bits) - 1;
  }
  return out.done();
}

export interface FilterStep {
  name: string;
  /** /EarlyChange of LZW's /DecodeParms */
  earlyChange?: number;
}

/**
 * The decoded size of `data` through `filters`, in order. An image codec must come last (it ends what can be decoded)
 * and counts as its input; Crypt and unknown filters throw UnsupportedFilter.
 */
export function decodedSize(data: Buffer, filters: FilterStep[], limit: number): number {
  let cur = data;
  for (let i = 0; i < filters.length; i++) {
    const name = ABBREVIATIONS[filters[i].name] ?? filters[i].name;
    if (IMAGE_CODECS.has(name)) {
      if (i !== filters.length - 1) throw new UnsupportedFilter(`${name} sebelum filter lain`);
      return cur.length;
    }
    if (name === 'FlateDecode') cur = flate(cur, limit);
    else if (name === 'LZWDecode') cur = lzw(cur, limit, filters[i].earlyChange ?? 1);
    else if (name === 'ASCII85Decode') cur = ascii85(cur, limit);
    else if (name === 'ASCIIHexDecode') cur = asciiHex(cur, limit);
    else if (name === 'RunLengthDecode') cur = runLength(cur, limit);
    else throw new UnsupportedFilter(name);
    if (cur.length > limit) throw new BudgetExceeded();
  }
  return cur.length;
}
