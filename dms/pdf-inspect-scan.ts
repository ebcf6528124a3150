import { constants as zlibConstants, inflateSync } from 'node:zlib';
import { PDFDocument, ParseSpeeds } from 'pdf-lib';

/**
 * The checks of an uploaded PDF, run inside the inspection child process (pdf-inspect-worker.ts).
 * Exported so that they can also be tested directly.
 *
 * The syntax scan looks at every name outside stream data (after decoding #xx escapes), and inside
 * object streams after inflating them; every Flate stream is inflated against one budget so that a
 * decompression bomb is refused rather than expanded. Names inside ordinary content or image streams are
 * not scanned: they are drawing operands, and binary data would produce false matches.
 */

export type InspectRefusalCode =
  | 'NOT_PDF'
  | 'TOO_LARGE'
  | 'ENCRYPTED'
  | 'ACTIVE_CONTENT'
  | 'DECOMPRESSION_BOMB'
  | 'UNPARSABLE'
  | 'TIMEOUT'
  | 'INSPECTOR_FAILED';

export type InspectResult = { ok: true; pages: number } | { ok: false; code: InspectRefusalCode; reason: string; detail?: string };

export interface ScanOptions {
  /** total bytes all Flate streams may inflate to */
  maxInflatedBytes: number;
}

export const DEFAULT_MAX_INFLATED_BYTES = 50 * 1024 * 1024;

/** Names that start or carry active content. /OpenAction is handled separately (a plain destination is allowed). */
const ACTIVE_NAMES = new Map<string, string>([
  ['JavaScript', 'JavaScript'],
  ['JS', 'JavaScript'],
  ['AA', 'aksi otomatis (/AA)'],
  ['Launch', 'perintah menjalankan program (/Launch)'],
  ['EmbeddedFile', 'berkas sisipan'],
  ['EmbeddedFiles', 'berkas sisipan'],
  ['XFA', 'formulir XFA'],
  ['RichMedia', 'media aktif (/RichMedia)'],
  ['SubmitForm', 'pengiriman formulir (/SubmitForm)'],
  ['ImportData', 'impor data formulir (/ImportData)'],
  ['GoToE', 'tautan ke berkas sisipan (/GoToE)'],
]);

export const REASONS: Record<InspectRefusalCode, string> = {
  NOT_PDF: 'Berkas bukan PDF: berkas PDF harus diawali dengan "%PDF-".',
  TOO_LARGE: 'Ukuran berkas melebihi batas yang diizinkan.',
  ENCRYPTED: 'PDF terenkripsi atau dilindungi kata sandi tidak dapat diterima. Unggah PDF tanpa kata sandi.',
  ACTIVE_CONTENT: 'PDF memuat konten aktif yang tidak diizinkan',
  DECOMPRESSION_BOMB: 'PDF memuat data terkompresi yang terlalu besar saat dibuka (dicurigai "bom dekompresi").',
  UNPARSABLE: 'PDF rusak atau tidak dapat dibaca. Simpan ulang dokumen sebagai PDF lalu unggah kembali.',
  TIMEOUT: 'Pemeriksaan PDF melebihi batas waktu; dokumen terlalu rumit untuk diperiksa.',
  INSPECTOR_FAILED: 'Pemeriksaan PDF gagal (dokumen terlalu rumit atau terlalu besar untuk diperiksa).',
};

export const refuse = (code: InspectRefusalCode, detail?: string, reason = REASONS[code]): InspectResult => ({
  ok: false,
  code,
  reason,
  ...(detail ? { detail } : {}),
});

/** Decodes #xx escapes in a PDF name (ISO 32000-1 7.3.5), so /J#61vaScript is /JavaScript. */
export function decodePdfName(raw: string): string {
  return raw.replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const NAME_RE = /\/([^\s/[\]<>(){}%]*)/g;

type Finding = { code: InspectRefusalCode; detail: string; reason?: string };

function scanNames(text: string, where: string): Finding | null {
  NAME_RE.lastIndex = 0;
  for (let m = NAME_RE.exec(text); m; m = NAME_RE.exec(text)) {
    const name = decodePdfName(m[1]);
    if (name === 'Encrypt') return { code: 'ENCRYPTED', detail: `/Encrypt ${where}` };
    const what = ACTIVE_NAMES.get(name);
    if (what) return { code: 'ACTIVE_CONTENT', detail: `/${m[1]} ${where}`, reason: `${REASONS.ACTIVE_CONTENT}: ${what}.` };
    if (name === 'OpenAction' && !/^\s*\[/.test(text.slice(NAME_RE.lastIndex, NAME_RE.lastIndex + 64))) {
      // A destination array only opens a page; anything else (an action dictionary or a reference to one) acts.
      return { code: 'ACTIVE_CONTENT', detail: `/OpenAction ${where}`, reason: `${REASONS.ACTIVE_CONTENT}: aksi otomatis saat dibuka (/OpenAction).` };
    }
  }
  return null;
}

class BudgetExceeded extends Error {}

function filtersOf(dict: string): string[] | null {
  const m = /\/Filter\s*(\[[^\]]*\]|\/[^\s/[\]<>(){}%]+)/.exec(dict);
  if (!m) return [];
  return (m[1].match(/\/[^\s/[\]<>(){}%]+/g) ?? []).map((n) => decodePdfName(n.slice(1)));
}

function decodeStream(data: Buffer, filters: string[], budget: { left: number }): Buffer | null {
  let out = data;
  for (const f of filters) {
    if (f === 'FlateDecode' || f === 'Fl') {
      try {
        out = inflateSync(out, { maxOutputLength: Math.max(1, budget.left), finishFlush: zlibConstants.Z_SYNC_FLUSH });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new BudgetExceeded();
        return null;
      }
      budget.left -= out.length;
      if (budget.left <= 0) throw new BudgetExceeded();
    } else if (f === 'ASCIIHexDecode' || f === 'AHx') {
      const hex = out.toString('latin1').replace(/>[\s\S]*$/, '').replace(/[^0-9A-Fa-f]/g, '');
      out = Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex');
    } else {
      return null;
    }
  }
  return out;
}

const STREAM_RE = /stream(?:\r\n|\n|\r)/g;
const OBJ_HEADER_RE = /(\d+)\s+(\d+)\s+obj\b/g;

/** Returns a refusal, or null when nothing forbidden was found. */
export function scanPdfSyntax(bytes: Buffer, opts: ScanOptions): InspectResult | null {
  const s = bytes.toString('latin1');
  const budget = { left: opts.maxInflatedBytes };
  // Indirect /Length values ("/Length 12 0 R"), collected in one pass when first needed.
  let lengths: Map<string, number> | null = null;
  const lengthOf = (dict: string): number | null => {
    const ind = /\/Length\s+(\d+)\s+(\d+)\s+R/.exec(dict);
    if (ind) {
      if (!lengths) {
        lengths = new Map();
        for (const m of s.matchAll(/(\d+)\s+(\d+)\s+obj\s*(\d+)\s*endobj/g)) lengths.set(`${Number(m[1])} ${Number(m[2])}`, Number(m[3]));
      }
      return lengths.get(`${Number(ind[1])} ${Number(ind[2])}`) ?? null;
    }
    const direct = /\/Length\s+(\d+)/.exec(dict);
    return direct ? Number(direct[1]) : null;
  };

  let cursor = 0;
  const finish = (f: Finding): InspectResult => refuse(f.code, f.detail, f.reason);
  STREAM_RE.lastIndex = 0;
  for (let m = STREAM_RE.exec(s); m; m = STREAM_RE.exec(s)) {
    const kw = m.index;
    if (s.startsWith('end', kw - 3)) continue; // "endstream"
    // The stream's dictionary runs from its object header to the keyword.
    let header = -1;
    OBJ_HEADER_RE.lastIndex = cursor;
    for (let h = OBJ_HEADER_RE.exec(s); h && h.index < kw; h = OBJ_HEADER_RE.exec(s)) header = h.index + h[0].length;
    if (!/>>\s*$/.test(s.slice(Math.max(cursor, kw - 64), kw))) continue; // "stream" inside a string or name, not a keyword
    const dict = s.slice(header >= 0 ? header : cursor, kw);

    const before = scanNames(s.slice(cursor, kw), 'di luar stream');
    if (before) return finish(before);

    const dataStart = kw + m[0].length;
    const declared = lengthOf(dict);
    const searchFrom = declared !== null && dataStart + declared <= s.length ? dataStart + declared : dataStart;
    const end = s.indexOf('endstream', searchFrom);
    if (end < 0) return refuse('UNPARSABLE', 'stream tanpa endstream');
    let dataEnd = declared !== null && dataStart + declared <= end ? dataStart + declared : end;
    if (dataEnd === end) while (dataEnd > dataStart && (s[dataEnd - 1] === '\n' || s[dataEnd - 1] === '\r')) dataEnd--;

    const filters = filtersOf(dict);
    const isObjStm = /\/Type\s*\/ObjStm\b/.test(dict);
    if (filters && filters.length > 0) {
      let decoded: Buffer | null;
      try {
        decoded = decodeStream(bytes.subarray(dataStart, dataEnd), filters, budget);
      } catch (err) {
        if (err instanceof BudgetExceeded) return refuse('DECOMPRESSION_BOMB', `lebih dari ${opts.maxInflatedBytes} byte setelah dekompresi`);
        throw err;
      }
      if (isObjStm) {
        if (!decoded) return refuse('UNPARSABLE', `object stream dengan filter ${filters.join(',')} tidak dapat diperiksa`);
        const inner = scanNames(decoded.toString('latin1'), 'di dalam object stream');
        if (inner) return finish(inner);
      }
    } else if (isObjStm) {
      const inner = scanNames(s.slice(dataStart, dataEnd), 'di dalam object stream');
      if (inner) return finish(inner);
    }
    cursor = end + 'endstream'.length;
    STREAM_RE.lastIndex = cursor;
  }
  const rest = scanNames(s.slice(cursor), 'di luar stream');
  return rest ? finish(rest) : null;
}

/** The whole inspection after the cheap header and size checks: syntax scan, then a full parse. */
export async function inspectPdfBytes(bytes: Buffer, opts: ScanOptions): Promise<InspectResult> {
  const refused = scanPdfSyntax(bytes, opts);
  if (refused) return refused;
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    if (name === 'EncryptedPDFError') return refuse('ENCRYPTED');
    return refuse('UNPARSABLE', err instanceof Error ? err.message.slice(0, 200) : undefined);
  }
  try {
    const pages = doc.getPageCount();
    if (pages < 1) return refuse('UNPARSABLE', 'tidak ada halaman');
    return { ok: true, pages };
  } catch (err) {
    return refuse('UNPARSABLE', err instanceof Error ? err.message.slice(0, 200) : undefined);
  }
}
