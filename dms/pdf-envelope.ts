import { promises as fs } from 'node:fs';
import type { Finding } from './pdf-allow-list';
import { REASONS } from './pdf-inspect-result';

/**
 * What lies outside the PDF's own structure. Another format's reader looks where a PDF reader does not: a browser
 * sniffs the first bytes for HTML, a ZIP reader looks for its end-of-directory record in the last 64 KiB. A berkas is
 * refused when its head holds markup or when anything but white space follows the last %%EOF, so no second format
 * can be read from the stored bytes.
 */

const HEAD_BYTES = 1024;
/** A ZIP end-of-central-directory record is 22 bytes plus a comment of at most 65,535. */
const TAIL_BYTES = 65_557;
const HEADER_RE = /^%PDF-[12]\.\d/;
const MARKUP_RE = /<\s*(!doctype|html|head|body|script|iframe|svg|object|embed|meta|form|img|a\s)/i;
const ZIP_EOCD = Buffer.from('PK\x05\x06', 'latin1');
const ZIP_LOCAL = Buffer.from('PK\x03\x04', 'latin1');
const EOF_MARK = Buffer.from('%%EOF', 'latin1');

const polyglot = (detail: string): Finding => ({ code: 'POLYGLOT', reason: REASONS.POLYGLOT, detail });

export async function checkEnvelope(file: string, size: number): Promise<Finding | null> {
  const h = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await h.read(head, 0, head.length, 0);
    const tailLen = Math.min(TAIL_BYTES, size);
    const tail = Buffer.alloc(tailLen);
    await h.read(tail, 0, tailLen, size - tailLen);

    const headText = head.toString('latin1');
    if (!HEADER_RE.test(headText)) return { code: 'NOT_PDF', reason: REASONS.NOT_PDF, detail: 'tidak ada header %PDF-x.y di byte 0' };
    const markup = MARKUP_RE.exec(headText);
    if (markup) return polyglot(`markup HTML "${markup[0].slice(0, 20)}" di awal berkas`);
    if (head.includes(ZIP_LOCAL)) return polyglot('header ZIP di awal berkas');

    const eof = tail.lastIndexOf(EOF_MARK);
    if (eof < 0) return { code: 'UNPARSABLE', reason: REASONS.UNPARSABLE, detail: 'penanda akhir %%EOF tidak ditemukan' };
    const after = tail.subarray(eof + EOF_MARK.length);
    const junk = after.findIndex((b) => !(b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0c || b === 0x00));
    if (junk >= 0) return polyglot(`${after.length - junk} byte data setelah %%EOF terakhir`);
    if (tail.includes(ZIP_EOCD)) return polyglot('akhir direktori ZIP di ujung berkas');
    return null;
  } finally {
    await h.close();
  }
}
