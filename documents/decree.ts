// Building blocks shared by the SK and the Pertek: letterhead, the "Label : text" columns of a decree, numbered
// lists and the right-hand signer block.
import { DocumentWriter, type Style, type TextStyle, type WriterOptions } from './layout';
import type { FieldPlacement, KopSurat, Penandatangan } from './types';

/** The page every decree (SK, Pertek) is set on, so the two never differ in margins or type size. */
export const decreePage = (kertas?: WriterOptions['kertas']): WriterOptions => ({
  kertas: kertas ?? 'A4',
  fontSize: 11,
  lineHeight: 13.5,
  margin: { top: 48, right: 56.7, bottom: 56, left: 70.9 },
  pageNumbers: true,
});

export const SIGNATURE_BOX = { width: 250, height: 90 } as const;
export const PARAF_BOX = { width: 80, height: 40 } as const;

const COLON_GAP = 8;
const MARKER_WIDTH = 18;

/** Letterhead: centred lines, the first larger and bold, closed by a thick-and-thin double rule. */
export function drawKop(w: DocumentWriter, kop: KopSurat | undefined): void {
  if (!kop || kop.baris.length === 0) return;
  kop.baris.forEach((baris, i) => {
    const first = i === 0;
    const size = first ? w.fontSize + 3 : w.fontSize - 1;
    w.row([{ x: w.left, width: w.contentWidth, text: baris, align: 'center', style: first ? 'bold' : 'regular', size }], size * 1.25);
  });
  w.gap(3);
  w.rule(w.left, w.right, 1.8);
  w.rule(w.left, w.right, 0.6, w.y - 3);
  w.gap(w.lineHeight);
}

export function centered(w: DocumentWriter, text: string, style: Style = 'regular', size?: number): void {
  w.paragraph(text, w.left, w.contentWidth, { align: 'center', style, size });
}

/** Column positions of "Menimbang : a. bahwa …", sized to the widest label so nothing collides. */
export interface Columns {
  label: number;
  colon: number;
  content: number;
  contentWidth: number;
}

export function columnsFor(w: DocumentWriter, labels: string[], x = w.left, style: Style = 'regular'): Columns {
  const widest = Math.max(...labels.map((l) => w.measure(l, style)));
  const colon = x + widest + COLON_GAP;
  const content = colon + COLON_GAP + w.measure(':');
  return { label: x, colon, content, contentWidth: w.right - content };
}

/** "Label : text" with the text wrapped under itself. */
export function labelled(w: DocumentWriter, cols: Columns, label: string, text: string, opts: TextStyle & { labelStyle?: Style } = {}): void {
  w.row([
    { x: cols.label, width: cols.colon - cols.label, text: label, style: opts.labelStyle },
    { x: cols.colon, width: COLON_GAP, text: label ? ':' : '' },
    { x: cols.content, width: cols.contentWidth, text, align: opts.align ?? 'justify', style: opts.style, size: opts.size },
  ]);
}

/**
 * "Label : a. first item" followed by "b. …" under it; markers are given or numbered 1., 2., ….
 * The label and colon sit on the first item's first line.
 */
export function labelledList(w: DocumentWriter, cols: Columns, label: string, items: string[], markers?: string[]): void {
  items.forEach((item, i) => {
    const marker = markers ? markers[i] : `${i + 1}.`;
    const first = i === 0;
    w.row([
      { x: cols.label, width: cols.colon - cols.label, text: first ? label : '' },
      { x: cols.colon, width: COLON_GAP, text: first ? ':' : '' },
      { x: cols.content, width: MARKER_WIDTH, text: marker },
      { x: cols.content + MARKER_WIDTH, width: cols.contentWidth - MARKER_WIDTH, text: item, align: 'justify' },
    ]);
  });
}

/** A numbered data table: "1. Nama : value", labels in their own column. */
export function dataTable(w: DocumentWriter, x: number, rows: Array<[string, string]>): void {
  const markerWidth = Math.max(MARKER_WIDTH, w.measure(`${rows.length}.`) + 6);
  const labelX = x + markerWidth;
  const widest = Math.max(...rows.map(([l]) => w.measure(l)));
  const colonX = labelX + widest + COLON_GAP;
  const valueX = colonX + COLON_GAP + w.measure(':');
  rows.forEach(([label, value], i) => {
    w.row([
      { x, width: markerWidth, text: `${i + 1}.` },
      { x: labelX, width: colonX - labelX, text: label },
      { x: colonX, width: COLON_GAP, text: ':' },
      { x: valueX, width: w.right - valueX, text: value },
    ]);
  });
}

/** The item with its trailing punctuation replaced by `mark`. */
export function endWith(item: string, mark: string): string {
  return item.trim().replace(/[;.,:]+$/, '') + mark;
}

export interface SignerBlock {
  /** Lines above the jabatan, e.g. "Ditetapkan di", each as [label, value] or a single text. */
  heading: Array<[string, string] | string>;
  penandatangan: Penandatangan;
}

function headingLabelWidth(w: DocumentWriter, block: SignerBlock): number {
  return Math.max(0, ...block.heading.map((h) => (typeof h === 'string' ? 0 : w.measure(h[0])))) + COLON_GAP;
}

/** Height drawSignerBlock will take, so callers can keep the last lines of the body on the same page. */
export function signerBlockHeight(w: DocumentWriter, block: SignerBlock): number {
  const width = SIGNATURE_BOX.width;
  const labelWidth = headingLabelWidth(w, block);
  const headingLines = block.heading.reduce(
    (n, h) => n + (typeof h === 'string' ? w.wrap(h, width).length : w.wrap(h[1], width - labelWidth).length),
    0,
  );
  const jabatanLines = w.wrap(block.penandatangan.jabatan, width, 'bold').length;
  const namaLines = w.wrap(block.penandatangan.nama, width, 'bold').length;
  const nipLines = w.wrap(`NIP ${block.penandatangan.nip}`, width).length;
  return (headingLines + jabatanLines + namaLines + nipLines) * w.lineHeight + w.lineHeight / 2 + SIGNATURE_BOX.height;
}

/**
 * The signer block on the right half, kept on one page: heading lines, jabatan, the empty box for the electronic
 * signature stamp (returned for the signing module), name and NIP.
 */
export function drawSignerBlock(w: DocumentWriter, block: SignerBlock): FieldPlacement {
  const x = w.right - SIGNATURE_BOX.width;
  const width = SIGNATURE_BOX.width;
  const labelWidth = headingLabelWidth(w, block);
  w.ensure(signerBlockHeight(w, block));

  for (const h of block.heading) {
    if (typeof h === 'string') w.paragraph(h, x, width);
    else w.row([{ x, width: labelWidth, text: h[0] }, { x: x + labelWidth, width: width - labelWidth, text: h[1] }]);
  }
  w.gap(w.lineHeight / 2);
  w.paragraph(block.penandatangan.jabatan, x, width, { style: 'bold' });
  const signatureField = w.reserve(x, width, SIGNATURE_BOX.height);
  w.paragraph(block.penandatangan.nama, x, width, { style: 'bold' });
  w.paragraph(`NIP ${block.penandatangan.nip}`, x, width);
  return signatureField;
}

/** The paraf box: left of the signature box, bottom-aligned with it, so it sits beside the signer's name. */
export function parafBeside(signature: FieldPlacement): FieldPlacement {
  const [x1, y1] = signature.rect;
  const px = x1 - PARAF_BOX.width - 12;
  return { pageIndex: signature.pageIndex, rect: [round2(px), y1, round2(px + PARAF_BOX.width), round2(y1 + PARAF_BOX.height)] };
}

/** "Tembusan Yth.:" and its numbered recipients, at the left margin. */
export function drawTembusan(w: DocumentWriter, items: readonly string[]): void {
  if (items.length === 0) return;
  w.gap(w.lineHeight);
  w.ensure(w.lineHeight * 2);
  w.paragraph('Tembusan Yth.:', w.left, w.contentWidth);
  const markerWidth = Math.max(MARKER_WIDTH, w.measure(`${items.length}.`) + 6);
  items.forEach((item, i) => {
    w.row([
      { x: w.left, width: markerWidth, text: `${i + 1}.` },
      { x: w.left + markerWidth, width: w.contentWidth - markerWidth, text: item },
    ]);
  });
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
