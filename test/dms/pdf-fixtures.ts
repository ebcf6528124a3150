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
