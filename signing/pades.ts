import { deflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  ParseSpeeds,
  type PDFContext,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import { SigningError } from './errors';
import { appendIncrementalUpdate, lastStartXref, trailerSizeAt } from './incremental';
import { BYTE_RANGE_SLOT } from './placeholder';
import { STAMP_FONTS, stampContent, type StampText } from './stamp';
import { OFFICE_ZONES, DEFAULT_OFFICE_ZONE, type OfficeZone } from '../domain/office-clock';

/**
 * Puts a signature field, its visible stamp and an empty signature dictionary into a PDF. An unsigned PDF is
 * rewritten once by pdf-lib (without object streams, so the signature dictionary stays plain text that can
 * be patched); a PDF that already carries a signature gets an incremental update instead, which leaves the
 * bytes covered by earlier signatures untouched.
 */

export type StampRect = [x: number, y: number, width: number, height: number];

export interface SignatureFields {
  reason: string;
  location: string;
  signerName: string;
  signedAt: Date;
  stamp: StampText;
  /** where the stamp goes; default: bottom right of the last page */
  pageIndex?: number;
  rect?: StampRect;
  placeholderBytes: number;
}

export interface PreparedPdf {
  bytes: Buffer;
  /** the placeholder lies at or after this offset */
  searchFrom: number;
  incremental: boolean;
}

export const DEFAULT_STAMP_SIZE = { width: 240, height: 100, margin: 36 } as const;

const N = (s: string): PDFName => PDFName.of(s);

/** PDF date with the office's offset, e.g. D:20250312140509+07'00' (the /M entry; PAdES keeps time out of the CMS). */
export function pdfDate(d: Date, zone: OfficeZone = DEFAULT_OFFICE_ZONE): string {
  const offset = OFFICE_ZONES[zone].offsetMinutes;
  const t = new Date(d.getTime() + offset * 60_000).toISOString();
  const oh = String(Math.floor(offset / 60)).padStart(2, '0');
  return `D:${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}+${oh}'00'`;
}

function resolveRect(page: PDFPage, rect: StampRect | undefined): StampRect {
  if (rect) {
    if (rect.length !== 4 || rect.some((v) => !Number.isFinite(v)) || rect[2] <= 0 || rect[3] <= 0) {
      throw new SigningError('BAD_STAMP', `posisi stempel tidak sah: ${JSON.stringify(rect)}`);
    }
    return rect;
  }
  const box = page.getCropBox();
  const { width, height, margin } = DEFAULT_STAMP_SIZE;
  return [box.x + box.width - margin - width, box.y + margin, width, height];
}

function existingFieldNames(context: PDFContext, fields: PDFArray | undefined): Set<string> {
  const names = new Set<string>();
  for (const item of fields?.asArray() ?? []) {
    const field = context.lookup(item);
    const t = field instanceof PDFDict ? field.get(N('T')) : undefined;
    if (t instanceof PDFString || t instanceof PDFHexString) names.add(t.decodeText());
  }
  return names;
}

/**
 * Adds the signature objects to `context` and links them into the page and the AcroForm.
 * Returns the refs of pre-existing objects it changed (for the incremental writer).
 */
function addSignature(context: PDFContext, catalogRef: PDFRef, page: PDFPage, f: SignatureFields): Set<PDFRef> {
  const changed = new Set<PDFRef>();
  const [x, y, w, h] = resolveRect(page, f.rect);

  let content: string;
  try {
    content = stampContent(f.stamp, w, h);
  } catch (err) {
    throw new SigningError('BAD_STAMP', err instanceof Error ? err.message : String(err), { cause: err });
  }
  const fontRefs = Object.fromEntries(
    Object.entries(STAMP_FONTS).map(([key, baseFont]) => [
      key,
      context.register(context.obj({ Type: 'Font', Subtype: 'Type1', BaseFont: baseFont, Encoding: 'WinAnsiEncoding' })),
    ]),
  );
  const appearance = context.register(
    // Level 1: a third of the time of the default level for a few hundred bytes more.
    context.stream(deflateSync(Buffer.from(content, 'latin1'), { level: 1 }), {
      Type: 'XObject',
      Subtype: 'Form',
      BBox: [0, 0, w, h],
      Resources: { Font: fontRefs, ProcSet: ['PDF', 'Text'] },
      Filter: 'FlateDecode',
    }),
  );

  const sig = context.register(
    context.obj({
      Type: 'Sig',
      Filter: 'Adobe.PPKLite',
      SubFilter: 'ETSI.CAdES.detached',
      ByteRange: [0, N(BYTE_RANGE_SLOT), N(BYTE_RANGE_SLOT), N(BYTE_RANGE_SLOT)],
      Contents: PDFHexString.of('0'.repeat(f.placeholderBytes * 2)),
      Name: PDFHexString.fromText(f.signerName),
      Reason: PDFHexString.fromText(f.reason),
      Location: PDFHexString.fromText(f.location),
      M: PDFString.of(pdfDate(f.signedAt, f.stamp.timeZone)),
    }),
  );

  const catalog = context.lookup(catalogRef, PDFDict);
  let acroForm: PDFDict;
  const acroRaw = catalog.get(N('AcroForm'));
  if (acroRaw instanceof PDFRef) {
    acroForm = context.lookup(acroRaw, PDFDict);
    changed.add(acroRaw);
  } else if (acroRaw instanceof PDFDict) {
    acroForm = acroRaw;
    changed.add(catalogRef);
  } else {
    acroForm = context.obj({});
    catalog.set(N('AcroForm'), context.register(acroForm));
    changed.add(catalogRef);
  }
  const fieldsRaw = acroForm.get(N('Fields'));
  const fields = fieldsRaw instanceof PDFRef ? context.lookup(fieldsRaw, PDFArray) : fieldsRaw instanceof PDFArray ? fieldsRaw : undefined;

  const taken = existingFieldNames(context, fields);
  let fieldName = 'TTE1';
  for (let i = 2; taken.has(fieldName); i++) fieldName = `TTE${i}`;

  const widget = context.register(
    context.obj({
      Type: 'Annot',
      Subtype: 'Widget',
      FT: 'Sig',
      T: PDFString.of(fieldName),
      F: 4,
      Rect: [x, y, x + w, y + h],
      P: page.ref,
      V: sig,
      AP: { N: appearance },
    }),
  );

  if (fieldsRaw instanceof PDFRef) changed.add(fieldsRaw);
  if (fields) fields.push(widget);
  else acroForm.set(N('Fields'), context.obj([widget]));
  // 1 = the document contains signatures, 2 = append only (PDF 32000-1 12.7.2, table 219).
  acroForm.set(N('SigFlags'), PDFNumber.of(3));

  const annotsRaw = page.node.get(N('Annots'));
  if (annotsRaw instanceof PDFRef) {
    context.lookup(annotsRaw, PDFArray).push(widget);
    changed.add(annotsRaw);
  } else if (annotsRaw instanceof PDFArray) {
    annotsRaw.push(widget);
    changed.add(page.ref);
  } else {
    page.node.set(N('Annots'), context.obj([widget]));
    changed.add(page.ref);
  }
  return changed;
}

async function load(bytes: Uint8Array): Promise<PDFDocument> {
  try {
    return await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  } catch (err) {
    throw new SigningError('BAD_PDF', `PDF tidak dapat dibaca: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function pickPage(doc: PDFDocument, pageIndex: number | undefined): PDFPage {
  const pages = doc.getPages();
  if (pages.length === 0) throw new SigningError('BAD_PDF', 'PDF tidak memiliki halaman');
  const index = pageIndex ?? pages.length - 1;
  if (!Number.isInteger(index) || index < 0 || index >= pages.length) {
    throw new SigningError('BAD_STAMP', `halaman ${index} tidak ada (dokumen ${pages.length} halaman)`);
  }
  return pages[index];
}

export function isAlreadySigned(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes('/ByteRange');
}

export async function preparePdf(input: Uint8Array, f: SignatureFields): Promise<PreparedPdf> {
  if (Buffer.from(input.buffer, input.byteOffset, Math.min(5, input.byteLength)).toString('latin1') !== '%PDF-') {
    throw new SigningError('BAD_PDF', 'berkas bukan PDF');
  }
  return isAlreadySigned(input) ? prepareIncremental(input, f) : prepareFull(input, f);
}

async function prepareFull(input: Uint8Array, f: SignatureFields): Promise<PreparedPdf> {
  const doc = await load(input);
  const catalogRef = doc.context.trailerInfo.Root;
  if (!(catalogRef instanceof PDFRef)) throw new SigningError('BAD_PDF', 'PDF tanpa katalog');
  addSignature(doc.context, catalogRef, pickPage(doc, f.pageIndex), f);
  const saved = await doc.save({ useObjectStreams: false, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Infinity });
  return { bytes: Buffer.from(saved.buffer, saved.byteOffset, saved.byteLength), searchFrom: 0, incremental: false };
}

async function prepareIncremental(input: Uint8Array, f: SignatureFields): Promise<PreparedPdf> {
  const doc = await load(input);
  const { context } = doc;
  const { Root: root, Info: info, ID: id, Encrypt: encrypt } = context.trailerInfo;
  if (encrypt) throw new SigningError('BAD_PDF', 'PDF terenkripsi tidak dapat ditandatangani');
  if (!(root instanceof PDFRef)) throw new SigningError('BAD_PDF', 'PDF tanpa katalog');

  let prev: number;
  try {
    prev = lastStartXref(input);
  } catch (err) {
    throw new SigningError('BAD_PDF', `struktur PDF rusak: ${(err as Error).message}`, { cause: err });
  }
  // New objects take numbers above both the largest object seen and the previous /Size, so that no free
  // entry of an earlier section is reused.
  const firstNew = Math.max(context.largestObjectNumber + 1, trailerSizeAt(input, prev) ?? 0);
  context.largestObjectNumber = firstNew - 1;

  const changed = addSignature(context, root, pickPage(doc, f.pageIndex), f);
  const objects: Array<{ ref: PDFRef; object: PDFObject }> = [];
  for (const ref of changed) objects.push({ ref, object: context.lookup(ref) as PDFObject });
  for (let num = firstNew; num <= context.largestObjectNumber; num++) {
    const ref = PDFRef.of(num);
    objects.push({ ref, object: context.lookup(ref) as PDFObject });
  }
  const bytes = appendIncrementalUpdate(input, objects, { size: context.largestObjectNumber + 1, root, info, id, prev });
  return { bytes, searchFrom: input.byteLength, incremental: true };
}
