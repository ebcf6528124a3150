import { deflateSync } from 'node:zlib';

/** A PDF written by hand from object bodies, with a correct classic cross-reference table. */
export function handPdf(bodies: Array<string | Buffer>, trailerExtra = ''): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = parts[0].length;
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), Buffer.isBuffer(body) ? body : Buffer.from(body, 'latin1'), Buffer.from('\nendobj\n')]);
    parts.push(chunk);
    offset += chunk.length;
  });
  const xref = [`xref\n0 ${bodies.length + 1}\n0000000000 65535 f\r\n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n\r\n`)].join('');
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}

/** A stream object body; Flate-compressed when asked. */
export function stream(dict: string, data: Buffer | string, flate = false): Buffer {
  const raw = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
  const body = flate ? deflateSync(raw) : raw;
  return Buffer.concat([Buffer.from(`<< ${dict}${flate ? ' /Filter /FlateDecode' : ''} /Length ${body.length} >>\nstream\n`, 'latin1'), body, Buffer.from('\nendstream', 'latin1')]);
}

export const CATALOG = (extra = ''): string => `<< /Type /Catalog /Pages 2 0 R ${extra}>>`;
export const PAGES = '<< /Type /Pages /Kids [3 0 R] /Count 1 >>';
export const PAGE = (extra = ''): string => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ${extra}>>`;

/** A one-page document plus extra objects numbered from 4. */
export const onePage = (opts: { catalog?: string; page?: string; extra?: Array<string | Buffer>; trailer?: string } = {}): Buffer =>
  handPdf([CATALOG(opts.catalog), PAGES, PAGE(opts.page), ...(opts.extra ?? [])], opts.trailer);

/** Codes of a given width packed most significant bit first, as LZW streams carry them. */
function codeWriter() {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  const w = {
    width: 9,
    emit(code: number) {
      acc = (acc << w.width) | code;
      bits += w.width;
      while (bits >= 8) {
        out.push((acc >>> (bits - 8)) & 0xff);
        bits -= 8;
      }
      acc &= (1 << bits) - 1;
    },
    done(): Buffer {
      if (bits > 0) out.push((acc << (8 - bits)) & 0xff);
      return Buffer.from(out);
    },
  };
  return w;
}

/** LZW as ISO 32000-1 7.4.4 describes it (EarlyChange 1), to build test streams the reader's decoder must expand. */
export function lzwEncode(data: Buffer): Buffer {
  const cw = codeWriter();
  const emit = cw.emit;
  let dict = new Map<string, number>();
  let next = 258;
  const reset = () => {
    dict = new Map();
    for (let i = 0; i < 256; i++) dict.set(String.fromCharCode(i), i);
    next = 258;
    cw.width = 9;
  };
  reset();
  emit(256);
  let w = '';
  for (const byte of data) {
    const c = String.fromCharCode(byte);
    if (dict.has(w + c)) {
      w += c;
      continue;
    }
    emit(dict.get(w)!);
    dict.set(w + c, next++);
    // The decoder adds this entry one code later, so it widens when its table plus EarlyChange reaches the power of two.
    if (next >= 1 << cw.width) {
      if (cw.width === 12) {
        emit(256);
        reset();
      } else cw.width += 1;
    }
    w = c;
  }
  if (w) emit(dict.get(w)!);
  emit(257);
  return cw.done();
}

/**
 * LZW codes for `bytes` repetitions of one byte, written directly (a run needs no dictionary search): each code names a
 * run one longer than the last, so a few kilobytes expand to megabytes. The same code widths as lzwEncode.
 */
export function lzwRun(byte: number, bytes: number): Buffer {
  const cw = codeWriter();
  const emit = cw.emit;
  let left = bytes;
  while (left > 0) {
    emit(256);
    cw.width = 9;
    emit(byte);
    left -= 1;
    // The encoder adds an entry after every code but a clear: 'AA' is 258 now.
    let next = 259;
    if (next >= 1 << cw.width) cw.width += 1;
    for (let len = 2; left >= len && next < 4095; len++) {
      emit(next - 1);
      left -= len;
      next += 1;
      if (next >= 1 << cw.width && cw.width < 12) cw.width += 1;
    }
    // What remains is shorter than the next run: single bytes.
    while (left > 0 && left < 4096 && next < 4095) {
      emit(byte);
      left -= 1;
      next += 1;
      if (next >= 1 << cw.width && cw.width < 12) cw.width += 1;
    }
  }
  emit(257);
  return cw.done();
}

/** ASCII85 with the ~> end marker. */
export function ascii85Encode(data: Buffer): Buffer {
  let s = '';
  for (let i = 0; i < data.length; i += 4) {
    const chunk = Buffer.alloc(4);
    data.copy(chunk, 0, i, i + 4);
    const n = Math.min(4, data.length - i);
    let v = chunk.readUInt32BE(0);
    if (v === 0 && n === 4) {
      s += 'z';
      continue;
    }
    const digits: string[] = [];
    for (let k = 0; k < 5; k++) {
      digits.unshift(String.fromCharCode((v % 85) + 33));
      v = Math.floor(v / 85);
    }
    s += digits.slice(0, n + 1).join('');
  }
  return Buffer.from(`${s}~>`, 'latin1');
}

/** A stream body with its data already encoded by the given filters. */
export function encodedStream(dict: string, data: Buffer, filter: string): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Filter ${filter} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
}
