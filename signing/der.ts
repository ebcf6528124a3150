/**
 * Minimal DER writer and reader.
 *
 * The per-signature structures (signed attributes, SignedData, TSTInfo) are assembled from Buffers so that
 * certificates encoded once at unlock time are spliced in as bytes; node-forge's string-based ASN.1 would
 * re-encode them on every signature. The reader keeps byte offsets, which verification needs: signed
 * attributes and TSTInfo must be hashed exactly as received, not as re-encoded.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function encodeLength(len: number): Buffer {
  if (len < 0x80) return Buffer.from([len]);
  const bytes: number[] = [];
  for (let n = len; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = content.length === 1 ? content[0] : Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

export const seq = (...items: Buffer[]): Buffer => tlv(TAG.SEQUENCE, ...items);

/** DER SET OF: elements sorted by their encodings (X.690 11.6). */
export function setOf(...items: Buffer[]): Buffer {
  return tlv(TAG.SET, ...[...items].sort(Buffer.compare));
}

/** Context-specific tag; constructed unless the caller says it wraps a primitive (IMPLICIT primitive). */
export const ctx = (n: number, constructed: boolean, ...content: Buffer[]): Buffer =>
  tlv(0x80 | (constructed ? 0x20 : 0) | n, ...content);

export const octets = (b: Buffer): Buffer => tlv(TAG.OCTET_STRING, b);
export const NULL = Buffer.from([TAG.NULL, 0]);

const oidCache = new Map<string, Buffer>();
export function oid(dotted: string): Buffer {
  let cached = oidCache.get(dotted);
  if (!cached) {
    const arcs = dotted.split('.').map((a) => BigInt(a));
    const bytes: number[] = [];
    const push = (v: bigint): void => {
      const chunk: number[] = [Number(v & 0x7fn)];
      for (let x = v >> 7n; x > 0n; x >>= 7n) chunk.unshift(Number(x & 0x7fn) | 0x80);
      bytes.push(...chunk);
    };
    push(arcs[0] * 40n + arcs[1]);
    for (const a of arcs.slice(2)) push(a);
    cached = tlv(TAG.OID, Buffer.from(bytes));
    oidCache.set(dotted, cached);
  }
  return cached;
}

export function decodeOid(content: Buffer): string {
  const arcs: bigint[] = [];
  let v = 0n;
  for (const byte of content) {
    v = (v << 7n) | BigInt(byte & 0x7f);
    if ((byte & 0x80) === 0) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs.shift() ?? 0n;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].join('.');
}

/** INTEGER from unsigned big-endian bytes or a small non-negative number. */
export function integer(value: Buffer | number | bigint): Buffer {
  let b: Buffer;
  if (Buffer.isBuffer(value)) {
    b = value;
  } else {
    let hex = BigInt(value).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    b = Buffer.from(hex, 'hex');
  }
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && (b[i + 1] & 0x80) === 0) i++;
  b = b.subarray(i);
  if (b.length === 0) b = Buffer.from([0]);
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(TAG.INTEGER, b);
}

export function generalizedTime(d: Date): Buffer {
  // Millisecond precision, trailing zeros removed as DER requires (RFC 3161 2.4.2).
  const iso = d.toISOString(); // 2025-03-12T07:05:09.120Z
  let frac = iso.slice(20, 23).replace(/0+$/, '');
  frac = frac ? `.${frac}` : '';
  const s = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}${frac}Z`;
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(s, 'latin1'));
}

export interface DerNode {
  tag: number;
  /** Offset of the tag byte within the buffer that was parsed. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  end: number;
  buf: Buffer;
}

export class DerError extends Error {}

export function readNode(buf: Buffer, offset = 0): DerNode {
  if (offset + 2 > buf.length) throw new DerError('truncated DER');
  const tag = buf[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  let len = buf[offset + 1];
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i];
    p += n;
  }
  if (p + len > buf.length) throw new DerError('DER length beyond buffer');
  return { tag, start: offset, contentStart: p, end: p + len, buf };
}

export const content = (n: DerNode): Buffer => n.buf.subarray(n.contentStart, n.end);
export const raw = (n: DerNode): Buffer => n.buf.subarray(n.start, n.end);

export function children(n: DerNode): DerNode[] {
  const out: DerNode[] = [];
  for (let p = n.contentStart; p < n.end; ) {
    const c = readNode(n.buf, p);
    if (c.end > n.end) throw new DerError('child overruns parent');
    out.push(c);
    p = c.end;
  }
  return out;
}

export function expectTag(n: DerNode | undefined, tag: number, what: string): DerNode {
  if (!n || n.tag !== tag) throw new DerError(`${what}: expected tag 0x${tag.toString(16)}`);
  return n;
}

export const readOid = (n: DerNode | undefined, what = 'OID'): string => decodeOid(content(expectTag(n, TAG.OID, what)));

export function readTime(n: DerNode): Date {
  const s = content(n).toString('latin1');
  let m: RegExpMatchArray | null;
  if (n.tag === TAG.UTC_TIME && (m = s.match(/^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/))) {
    const yy = Number(m[1]);
    return new Date(Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  }
  if (n.tag === TAG.GENERALIZED_TIME && (m = s.match(/^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/))) {
    const ms = m[7] ? Math.round(Number(`0.${m[7]}`) * 1000) : 0;
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), ms));
  }
  throw new DerError(`unsupported time ${s}`);
}
