// A small flowing-text writer over pdf-lib for the decree-style documents: columns with hanging indents, word wrap,
// justification and page breaks. It writes PDF text operators directly (one BT…ET block per page) instead of
// calling page.drawText per line, which wraps every line in its own graphics state and costs several times more.
import {
  PDFDocument,
  PDFFont,
  PDFName,
  PDFOperator,
  PDFPage,
  StandardFonts,
  beginText,
  endText,
  lineTo,
  moveTo,
  setFontAndSize,
  setLineWidth,
  setTextMatrix,
  setWordSpacing,
  showText,
  stroke,
} from 'pdf-lib';
import { toWinAnsiSafe, wrapText } from './format';
import type { FieldPlacement, IsoDate, Kertas } from './types';

/** Height at the bottom of every page kept empty for the footer line the signing module stamps. */
export const FOOTER_RESERVE_PT = 40;

const MM = 72 / 25.4;

/** Width and height in points. F4 (folio) is 215 × 330 mm, the size many Indonesian offices print decrees on. */
export const PAGE_SIZE: Record<Kertas, [number, number]> = {
  A4: [595.28, 841.89],
  F4: [215 * MM, 330 * MM],
};

export type Style = 'regular' | 'bold';
export type Align = 'left' | 'center' | 'right' | 'justify';

export interface TextStyle {
  style?: Style;
  size?: number;
  align?: Align;
}

/** One column of a row: text wrapped into [x, x + width]. */
export interface Cell extends TextStyle {
  x: number;
  width: number;
  text: string;
}

const FONT_NAMES: Record<Style, StandardFonts> = {
  regular: StandardFonts.TimesRoman,
  bold: StandardFonts.TimesRomanBold,
};

// Glyph widths per font in 1/1000 em, filled on first use and shared by every document. Measured one character at
// a time on purpose: pdf-lib's widthOfTextAtSize adds kerning, but a plain Tj draws without it, so measuring whole
// strings would make justified and right-aligned lines overshoot.
const glyphWidths: Record<Style, Map<string, number>> = { regular: new Map(), bold: new Map() };

export interface Metadata {
  title: string;
  subject: string;
  /** Fixes the creation date so that the same input always gives the same bytes (retried activities, hashes). */
  date: IsoDate;
}

export interface WriterOptions {
  kertas: Kertas;
  fontSize: number;
  lineHeight: number;
  margin: { top: number; right: number; bottom: number; left: number };
  /** Printed centred at the top of every page after the first, as decrees do ("- 2 -"). */
  pageNumbers: boolean;
}

interface PageState {
  page: PDFPage;
  fontKeys: Partial<Record<Style, PDFName>>;
  graphics: PDFOperator[];
  text: PDFOperator[];
  currentFont?: string;
  currentWordSpacing: number;
}

export class DocumentWriter {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly fontSize: number;
  readonly lineHeight: number;
  /** Top of the next line, in PDF points from the bottom of the page. */
  y: number;

  private readonly pages: PageState[] = [];
  private readonly fonts: Record<Style, PDFFont>;
  private readonly top: number;
  private readonly floor: number;
  private pageContentTop = 0;

  private constructor(
    private readonly doc: PDFDocument,
    private readonly options: WriterOptions,
  ) {
    [this.width, this.height] = PAGE_SIZE[options.kertas];
    this.left = options.margin.left;
    this.right = this.width - options.margin.right;
    this.top = this.height - options.margin.top;
    this.floor = Math.max(options.margin.bottom, FOOTER_RESERVE_PT);
    this.fontSize = options.fontSize;
    this.lineHeight = options.lineHeight;
    this.fonts = {
      regular: doc.embedStandardFont(FONT_NAMES.regular),
      bold: doc.embedStandardFont(FONT_NAMES.bold),
    };
    this.y = this.top;
    this.addPage();
  }

  static async create(options: WriterOptions, meta: Metadata): Promise<DocumentWriter> {
    // updateMetadata: false keeps pdf-lib from stamping "now" and its own producer into the file. Info strings are
    // UTF-16, so the title keeps the name exactly as given.
    const doc = await PDFDocument.create({ updateMetadata: false });
    const date = new Date(`${meta.date.slice(0, 10)}T00:00:00Z`);
    doc.setTitle(meta.title);
    doc.setSubject(meta.subject);
    doc.setCreator('usulan');
    doc.setProducer('usulan documents (pdf-lib)');
    doc.setLanguage('id-ID');
    if (!Number.isNaN(date.getTime())) {
      doc.setCreationDate(date);
      doc.setModificationDate(date);
    }
    return new DocumentWriter(doc, options);
  }

  get pageIndex(): number {
    return this.pages.length - 1;
  }

  get contentWidth(): number {
    return this.right - this.left;
  }

  /** Drawn width of already-safe text, without kerning (see glyphWidths). */
  measure(text: string, style: Style = 'regular', size = this.fontSize): number {
    const cache = glyphWidths[style];
    let total = 0;
    for (const ch of text) {
      let w = cache.get(ch);
      if (w === undefined) {
        w = this.fonts[style].widthOfTextAtSize(ch, 1000);
        cache.set(ch, w);
      }
      total += w;
    }
    return (total * size) / 1000;
  }

  wrap(text: string, width: number, style: Style = 'regular', size = this.fontSize): string[] {
    // Split before sanitising, which turns control characters (line breaks included) into spaces.
    const safe = text.split('\n').map(toWinAnsiSafe).join('\n');
    return wrapText(safe, width, (s) => this.measure(s, style, size));
  }

  /** Starts a new page unless `height` points still fit above the footer reserve. */
  ensure(height: number): void {
    // On a fresh page a taller block cannot fit anywhere: draw it here and let row() break it line by line.
    if (this.y - height < this.floor && this.y !== this.pageContentTop) this.addPage();
  }

  gap(height: number): void {
    this.y -= height;
  }

  /** A wrapped paragraph; breaks pages between lines. */
  paragraph(text: string, x: number, width: number, opts: TextStyle = {}): void {
    this.row([{ x, width, text, ...opts }]);
  }

  /**
   * Cells side by side, each wrapped in its own column, lines advancing together; e.g. "Menimbang", ":", "a.",
   * "bahwa …". A page break may fall between lines, never leaving a lone first line at the foot of a page.
   */
  row(cells: Cell[], lineHeight = this.lineHeight): void {
    const wrapped = cells.map((c) => this.wrap(c.text, c.width, c.style, c.size));
    const count = Math.max(...wrapped.map((l) => l.length));
    this.ensure(lineHeight * Math.min(count, 2));
    for (let i = 0; i < count; i++) {
      this.ensure(lineHeight);
      for (let c = 0; c < cells.length; c++) {
        const line = wrapped[c][i];
        if (line) this.drawLine(line, cells[c], i === wrapped[c].length - 1, lineHeight);
      }
      this.y -= lineHeight;
    }
  }

  /** Reserves an empty box of the given size at x (left edge) on the current line and moves below it. */
  reserve(x: number, width: number, height: number): FieldPlacement {
    this.ensure(height);
    const placement: FieldPlacement = {
      pageIndex: this.pageIndex,
      rect: [round2(x), round2(this.y - height), round2(x + width), round2(this.y)],
    };
    this.y -= height;
    return placement;
  }

  /** A horizontal rule at the current y (does not move the cursor). */
  rule(x1: number, x2: number, thickness: number, y = this.y): void {
    this.current.graphics.push(setLineWidth(thickness), moveTo(x1, y), lineTo(x2, y), stroke());
  }

  async save(): Promise<Uint8Array> {
    for (const state of this.pages) {
      const ops = state.graphics;
      if (state.text.length > 0) ops.push(beginText(), ...state.text, endText());
      if (ops.length > 0) state.page.pushOperators(...ops);
    }
    // Classic xref table, no object streams: the incremental-update signers (e.g. @signpdf placeholder-plain)
    // can only append to such files. objectsPerTick: Infinity avoids yielding to the event loop mid-save.
    return this.doc.save({ useObjectStreams: false, objectsPerTick: Infinity });
  }

  private get current(): PageState {
    return this.pages[this.pages.length - 1];
  }

  private addPage(): void {
    const page = this.doc.addPage([this.width, this.height]);
    this.pages.push({ page, fontKeys: {}, graphics: [], text: [], currentWordSpacing: 0 });
    this.y = this.top;
    if (this.options.pageNumbers && this.pages.length > 1) {
      const label = `- ${this.pages.length} -`;
      this.drawLine(label, { x: this.left, width: this.contentWidth, align: 'center' }, true, this.lineHeight);
      this.y -= this.lineHeight * 2;
    }
    this.pageContentTop = this.y;
  }

  /** Draws one already-wrapped, WinAnsi-safe line with its top at this.y. */
  private drawLine(line: string, cell: Omit<Cell, 'text'>, isLastOfParagraph: boolean, lineHeight: number): void {
    const style = cell.style ?? 'regular';
    const size = cell.size ?? this.fontSize;
    const align = cell.align ?? 'left';
    const lineWidth = this.measure(line, style, size);
    let x = cell.x;
    let wordSpacing = 0;
    if (align === 'center') x += (cell.width - lineWidth) / 2;
    else if (align === 'right') x += cell.width - lineWidth;
    else if (align === 'justify' && !isLastOfParagraph) {
      const spaces = countSpaces(line);
      // Tw stretches only byte 32, which WinAnsi spaces are; skip lines that would gape (a lone long word).
      const extra = spaces > 0 ? (cell.width - lineWidth) / spaces : 0;
      if (extra > 0 && extra < size * 0.6) wordSpacing = extra;
    }
    // Baseline sits a descender above the bottom of the line box.
    const baseline = this.y - lineHeight + size * 0.28;
    const state = this.current;
    const fontKey = this.fontKey(state, style);
    const fontTag = `${fontKey.asString()} ${size}`;
    if (state.currentFont !== fontTag) {
      state.text.push(setFontAndSize(fontKey, size));
      state.currentFont = fontTag;
    }
    if (state.currentWordSpacing !== wordSpacing) {
      state.text.push(setWordSpacing(round2(wordSpacing)));
      state.currentWordSpacing = wordSpacing;
    }
    state.text.push(setTextMatrix(1, 0, 0, 1, round2(x), round2(baseline)), showText(this.fonts[style].encodeText(line)));
  }

  private fontKey(state: PageState, style: Style): PDFName {
    let key = state.fontKeys[style];
    if (!key) {
      const font = this.fonts[style];
      key = state.page.node.newFontDictionary(font.name, font.ref);
      state.fontKeys[style] = key;
    }
    return key;
  }
}

function countSpaces(line: string): number {
  let n = 0;
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) === 32) n++;
  return n;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
