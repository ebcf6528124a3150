import { randomBytes } from 'node:crypto';
import { PDFArray, PDFHexString, type PDFObject, type PDFRef } from 'pdf-lib';

/**
 * A minimal incremental-update writer (ISO 32000-1 7.5.6): new and changed objects are appended after the
 * existing bytes, followed by a classic cross-reference section and a trailer whose /Prev points to the
 * previous section. The existing bytes are never touched, so earlier signatures stay valid.
 */

const STARTXREF = Buffer.from('startxref');

/** Offset of the last cross-reference section, from the final `startxref`. */
export function lastStartXref(bytes: Uint8Array): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = buf.lastIndexOf(STARTXREF);
  if (at < 0) throw new Error('startxref not found');
  const m = /^\s*(\d+)/.exec(buf.subarray(at + STARTXREF.length, at + STARTXREF.length + 40).toString('latin1'));
  if (!m) throw new Error('startxref offset missing');
  const offset = Number(m[1]);
  if (offset >= buf.length) throw new Error('startxref beyond end of file');
  return offset;
}

/** /Size of the trailer (classic table) or cross-reference stream dictionary at `xrefOffset`. */
export function trailerSizeAt(bytes: Uint8Array, xrefOffset: number): number | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const head = buf.subarray(xrefOffset, Math.min(buf.length, xrefOffset + 4096)).toString('latin1');
  let dict: string;
  if (head.startsWith('xref')) {
    const t = buf.indexOf('trailer', xrefOffset, 'latin1');
    if (t < 0) return null;
    dict = buf.subarray(t, Math.min(buf.length, t + 4096)).toString('latin1');
  } else {
    dict = head.slice(0, Math.max(0, head.indexOf('stream')) || head.length);
  }
  const m = /\/Size\s+(\d+)/.exec(dict);
  return m ? Number(m[1]) : null;
}

export interface IncrementalObject {
  ref: PDFRef;
  object: PDFObject;
}

export interface IncrementalTrailer {
  size: number;
  root: PDFRef;
  info?: PDFObject;
  id?: PDFObject;
  prev: number;
}

function serialise(obj: PDFObject): Buffer {
  const out = Buffer.alloc(obj.sizeInBytes());
  obj.copyBytesInto(out, 0);
  return out;
}

/** Keeps the permanent first half of /ID and renews the second, as an update should (14.4). */
function nextId(id: PDFObject | undefined): string {
  const fresh = PDFHexString.of(randomBytes(16).toString('hex')).toString();
  if (id instanceof PDFArray && id.size() === 2) return `[${id.get(0).toString()} ${fresh}]`;
  return `[${fresh} ${fresh}]`;
}

/** Returns `original` with one incremental update appended; `original` itself is not modified. */
export function appendIncrementalUpdate(original: Uint8Array, objects: IncrementalObject[], trailer: IncrementalTrailer): Buffer {
  const chunks: Buffer[] = [Buffer.from(original.buffer, original.byteOffset, original.byteLength)];
  let offset = original.byteLength;
  const push = (b: Buffer): void => {
    chunks.push(b);
    offset += b.length;
  };
  const last = original[original.byteLength - 1];
  if (last !== 0x0a && last !== 0x0d) push(Buffer.from('\n'));

  const sorted = [...objects].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);
  const entries: Array<{ num: number; gen: number; offset: number }> = [];
  for (const { ref, object } of sorted) {
    entries.push({ num: ref.objectNumber, gen: ref.generationNumber, offset });
    push(Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1'));
    push(serialise(object));
    push(Buffer.from('\nendobj\n', 'latin1'));
  }

  const xrefOffset = offset;
  let xref = 'xref\n';
  for (let i = 0; i < entries.length; ) {
    let j = i + 1;
    while (j < entries.length && entries[j].num === entries[j - 1].num + 1) j++;
    xref += `${entries[i].num} ${j - i}\n`;
    for (let k = i; k < j; k++) {
      xref += `${String(entries[k].offset).padStart(10, '0')} ${String(entries[k].gen).padStart(5, '0')} n\r\n`;
    }
    i = j;
  }
  const info = trailer.info ? ` /Info ${trailer.info.toString()}` : '';
  xref += `trailer\n<< /Size ${trailer.size} /Root ${trailer.root.toString()}${info} /ID ${nextId(trailer.id)} /Prev ${trailer.prev} >>\n`;
  xref += `startxref\n${xrefOffset}\n%%EOF\n`;
  push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks, offset);
}
