import { promises as fs } from 'node:fs';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { RawImportRecord } from '../../db/repos/master-data';
import { DATASET_LABELS, datasetFields, type MasterDataset } from '../../domain/master-records';

/**
 * An operator's import file (CSV or XLSX) → raw records for the import job. This module only reads the file: it refuses
 * what is not a table we can read (wrong format, wrong encoding, too big, a spreadsheet bomb, columns we do not know)
 * with a message the operator can act on, and leaves every per-field check to normalizeMasterRecord.
 */
export class ImportFileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileRefused';
  }
}

export const IMPORT_FILE_MAX_BYTES = 10 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 100_000;
export const IMPORT_MAX_COLUMNS = 200;
export const IMPORT_MAX_CELL_CHARS = 10_000;

/** Limits read from the ZIP's central directory before anything is inflated (a 10 MB XLSX can unpack to gigabytes). */
export const XLSX_LIMITS = Object.freeze({
  totalUncompressed: 200 * 1024 * 1024, entryUncompressed: 100 * 1024 * 1024, entries: 10_000, ratio: 100, ratioMinBytes: 1024 * 1024,
});

export interface ParsedImportFile { format: 'CSV' | 'XLSX'; layout: 'TEMPLAT' | 'SIASN_EXPORT'; records: RawImportRecord[]; columnsIgnored: string[] }

type Cell = string | number | boolean | null;

export async function parseImportFile(input: { path: string; filename: string; dataset: MasterDataset }): Promise<ParsedImportFile> {
  const { size } = await fs.stat(input.path);
  if (size > IMPORT_FILE_MAX_BYTES) throw new ImportFileRefused('Berkas melebihi batas 10 MB: pecah menjadi beberapa berkas lalu unggah satu per satu');
  if (size === 0) throw new ImportFileRefused('Berkas kosong: tidak ada judul kolom maupun data');
  const bytes = await fs.readFile(input.path);
  const format = sniffFormat(bytes);
  const table = new TableBuilder(input.dataset);
  if (format === 'XLSX') {
    await checkZipDirectory(input.path);
    await readXlsx(bytes, table);
  } else {
    readCsv(decodeUtf8(bytes), table);
  }
  return { format, ...table.finish() };
}

/** By content, not by name: operators rename files, and a renamed .xls or PDF must get a clear answer, not a parse error. */
function sniffFormat(b: Buffer): 'CSV' | 'XLSX' {
  const starts = (...sig: number[]) => sig.every((v, i) => b[i] === v);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'XLSX';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) {
    throw new ImportFileRefused('Berkas bukan CSV atau XLSX: ini berkas Excel lama (.xls). Buka di Excel lalu "Simpan Sebagai" Buku Kerja Excel (.xlsx) atau "CSV UTF-8"');
  }
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff) || looksLikeUtf16WithoutBom(b)) {
    throw new ImportFileRefused('Berkas CSV ini tersimpan dalam UTF-16 ("Teks Unicode"). Simpan ulang sebagai "CSV UTF-8 (dipisahkan koma)" lalu unggah kembali');
  }
  const kind = starts(0x25, 0x50, 0x44, 0x46) ? 'PDF' : starts(0x89, 0x50, 0x4e, 0x47) || starts(0xff, 0xd8, 0xff) || starts(0x47, 0x49, 0x46) ? 'gambar' : null;
  if (kind) throw new ImportFileRefused(`Berkas bukan CSV atau XLSX (isinya ${kind}). Unggah templat yang sudah diisi, atau hasil "Export Data ASN" SIASN`);
  if (b.subarray(0, 64 * 1024).includes(0)) throw new ImportFileRefused('Berkas bukan CSV atau XLSX (berisi data biner). Unggah templat yang sudah diisi dalam bentuk CSV UTF-8 atau XLSX');
  return 'CSV';
}

/** "Unicode text" from Excel without a BOM: every other byte of ASCII text is NUL. */
function looksLikeUtf16WithoutBom(b: Buffer): boolean {
  const n = Math.min(b.length, 512) & ~1;
  if (n < 4) return false;
  let even = 0; let odd = 0;
  for (let i = 0; i < n; i += 2) { if (b[i] === 0) even++; if (b[i + 1] === 0) odd++; }
  return Math.max(even, odd) > 0.4 * (n / 2) && Math.min(even, odd) === 0;
}

function decodeUtf8(b: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    throw new ImportFileRefused('Berkas CSV ini bukan UTF-8 (kemungkinan tersimpan sebagai Windows-1252/ANSI, sehingga huruf seperti é atau ’ rusak). Di Excel pilih "Simpan Sebagai" → "CSV UTF-8 (dipisahkan koma)", lalu unggah kembali');
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// ---- CSV ----

function readCsv(text: string, table: TableBuilder): void {
  const delimiter = detectDelimiter(text);
  let rows: string[][];
  try {
    rows = parseCsv(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  } catch (err) {
    const e = err as { code?: string; lines?: number };
    const where = typeof e.lines === 'number' ? ` (sekitar baris ${e.lines})` : '';
    const why = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'ada tanda kutip " yang tidak ditutup' : 'susunan tanda kutip " tidak sah';
    throw new ImportFileRefused(`Berkas CSV tidak dapat dibaca${where}: ${why}. Periksa sel yang berisi tanda kutip, atau simpan ulang dari program lembar kerja`);
  }
  // A quoted cell may span lines, so each record starts after the line breaks of the one before (csv-parse's own line
  // count takes a quoted CRLF for two lines).
  let line = 1;
  for (const record of rows) {
    table.push(line, record);
    line += 1 + record.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  }
}

/** The header line decides: the template is written with ';' (Excel's default in Indonesian locales), SIASN with ','. */
function detectDelimiter(text: string): ',' | ';' {
  const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  let commas = 0; let semis = 0; let quoted = false;
  for (const ch of firstLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semis++;
  }
  return semis > commas ? ';' : ',';
}

// ---- XLSX ----

/** Lists the ZIP's entries without inflating any, and refuses what only a bomb or an encrypted file would declare. */
async function checkZipDirectory(path: string): Promise<void> {
  const damaged = (): ImportFileRefused => new ImportFileRefused('Berkas XLSX rusak atau tidak lengkap: buka di Excel, simpan ulang, lalu unggah kembali');
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, z) => (err || !z ? reject(damaged()) : resolve(z)));
  });
  const bomb = (why: string): ImportFileRefused => new ImportFileRefused(`Berkas XLSX ditolak: ${why}. Berkas lembar kerja biasa tidak seperti ini; simpan ulang dari Excel, atau gunakan CSV`);
  await new Promise<void>((resolve, reject) => {
    let count = 0; let total = 0; let workbook = false;
    const fail = (e: ImportFileRefused) => { zip.close(); reject(e); };
    zip.on('error', () => fail(damaged()));
    zip.on('entry', (entry: yauzl.Entry) => {
      count++;
      total += entry.uncompressedSize;
      if (entry.fileName === 'xl/workbook.xml') workbook = true;
      if ((entry.generalPurposeBitFlag & 0x1) !== 0) return fail(new ImportFileRefused('Berkas XLSX ini dikunci dengan kata sandi (terenkripsi). Buka di Excel, hapus kata sandinya, simpan, lalu unggah kembali'));
      if (count > XLSX_LIMITS.entries) return fail(bomb(`memuat lebih dari ${XLSX_LIMITS.entries.toLocaleString('id-ID')} bagian`));
      if (entry.uncompressedSize > XLSX_LIMITS.entryUncompressed) return fail(bomb('satu bagiannya lebih dari 100 MB setelah diurai'));
      if (total > XLSX_LIMITS.totalUncompressed) return fail(bomb('isinya lebih dari 200 MB setelah diurai'));
      if (entry.uncompressedSize > XLSX_LIMITS.ratioMinBytes && entry.uncompressedSize > XLSX_LIMITS.ratio * Math.max(entry.compressedSize, 1)) {
        return fail(bomb(`bagian "${entry.fileName.slice(0, 60)}" mengembang lebih dari ${XLSX_LIMITS.ratio} kali saat diurai (bom ZIP)`));
      }
      zip.readEntry();
    });
    zip.on('end', () => (workbook ? resolve() : reject(new ImportFileRefused('Berkas ZIP ini bukan buku kerja XLSX. Unggah berkas .xlsx dari Excel/LibreOffice, atau CSV UTF-8'))));
    zip.readEntry();
  });
}

async function readXlsx(bytes: Buffer, table: TableBuilder): Promise<void> {
  // The streaming reader keeps a row at a time, so memory follows the limits below, not the sheet's size.
  const source = Readable.from([bytes]);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(source, { worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
  let sawSheet = false;
  try {
    for await (const sheet of reader) {
      sawSheet = true;
      for await (const row of sheet) {
        const cells: Cell[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => { cells[col - 1] = cellValue(cell, row.number, col); });
        table.push(row.number, cells);
      }
      // Only the first worksheet is read; the others (notes, lookups) are not ours.
      break;
    }
  } catch (err) {
    if (err instanceof ImportFileRefused) throw err;
    throw new ImportFileRefused('Berkas XLSX tidak dapat dibaca: buka di Excel, simpan ulang sebagai .xlsx, lalu unggah kembali');
  } finally {
    source.destroy();
  }
  if (!sawSheet) throw new ImportFileRefused('Berkas XLSX tidak memiliki lembar kerja');
}

function cellValue(cell: ExcelJS.Cell, row: number, col: number): Cell {
  const v = cell.value as unknown;
  const plain = (x: unknown): Cell | undefined => {
    if (x === null || x === undefined) return null;
    if (typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return x;
    if (x instanceof Date) return isoDate(x);
    return undefined;
  };
  const p = plain(v);
  if (p !== undefined) return p;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => String(r.text ?? '')).join('');
  if ('formula' in o || 'sharedFormula' in o) {
    // A cached plain result is what the operator saw; without one, the formula itself goes on, and normalization
    // refuses it as formula text instead of this module guessing a value.
    const result = plain(o.result);
    if (result !== undefined && result !== null) return result;
    return `=${String(cell.formula ?? o.formula ?? o.sharedFormula ?? '')}`;
  }
  if (typeof o.text === 'string') return o.text;
  if ('error' in o) throw new ImportFileRefused(`Sel ${columnLetters(col)}${row} berisi galat lembar kerja (${String(o.error)}); perbaiki sel itu lalu unggah kembali`);
  return null;
}

/** exceljs gives a date cell as a Date at UTC midnight of the day shown. */
function isoDate(d: Date): string {
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

function columnLetters(col: number): string {
  let s = ''; let n = col;
  while (n > 0) { const r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); }
  return s;
}

// ---- From rows to records (both formats) ----

/** Column names of SIASN's "Export Data ASN" mapped one-to-one onto our pegawai fields (SIASN.md §4.7). */
const SIASN_DIRECT: Readonly<Record<string, string>> = Object.freeze({
  nip_baru: 'nip', nama: 'nama', gelar_depan: 'gelar_depan', gelar_belakang: 'gelar_belakang', tempat_lahir_nama: 'tempat_lahir',
  tanggal_lahir: 'tanggal_lahir', jenis_kelamin: 'jenis_kelamin', agama_nama: 'agama', jenis_kawin_nama: 'status_perkawinan', alamat: 'alamat', email: 'email', gol_akhir_id: 'golongan',
  tmt_golongan: 'tmt_golongan', mk_tahun: 'mk_tahun', mk_bulan: 'mk_bulan', tmt_cpns: 'tmt_cpns', tmt_pns: 'tmt_pns',
  jabatan_nama: 'jabatan_nama', pendidikan_nama: 'pendidikan_nama', unor_id: 'unor_id', pns_id: 'siasn_id',
});
/** Columns read by the derived mappings in siasnRecord. instansi_induk_id is not here: the job's instansi is the operator's. */
const SIASN_DERIVED_FROM = ['jenis_pegawai_nama', 'status_cpns_pns', 'kedudukan_hukum_nama', 'jenis_jabatan_nama', 'jenis_jabatan_id', 'tingkat_pendidikan_nama', 'gol_akhir_nama'];
/** SIASN's tingkat pendidikan names that normalization does not read as they are (unconfirmed spellings, from the reference table). */
const SIASN_TINGKAT: Readonly<Record<string, string>> = Object.freeze({
  'S-1/SARJANA': 'S1', 'S-2': 'S2', 'S-3/DOKTOR': 'S3', 'DIPLOMA I': 'D1', 'DIPLOMA II': 'D2', 'DIPLOMA III': 'D3',
  'DIPLOMA III/SARJANA MUDA': 'D3', 'DIPLOMA IV': 'D4', 'SLTA KEJURUAN': 'SLTA', 'SLTA KEGURUAN': 'SLTA', 'SLTP KEJURUAN': 'SLTP_KEJURUAN',
});

const headerName = (v: Cell): string => (v === null ? '' : String(v)).trim().toLowerCase().replace(/\s+/g, '_');
const isEmpty = (v: Cell | undefined): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

class TableBuilder {
  private headers: string[] | null = null;
  private layout: 'TEMPLAT' | 'SIASN_EXPORT' = 'TEMPLAT';
  private ignored: string[] = [];
  private readonly records: RawImportRecord[] = [];

  constructor(private readonly dataset: MasterDataset) {}

  tooManyColumns(line: number): never {
    throw new ImportFileRefused(`Baris ${line} memiliki lebih dari ${IMPORT_MAX_COLUMNS} kolom; batasnya ${IMPORT_MAX_COLUMNS} kolom per berkas`);
  }

  push(line: number, cells: readonly (Cell | undefined)[]): void {
    if (cells.length > IMPORT_MAX_COLUMNS && cells.slice(IMPORT_MAX_COLUMNS).some((c) => !isEmpty(c))) this.tooManyColumns(line);
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (typeof c === 'string' && c.length > IMPORT_MAX_CELL_CHARS) {
        throw new ImportFileRefused(`Sel ${columnLetters(i + 1)}${line} berisi lebih dari ${IMPORT_MAX_CELL_CHARS.toLocaleString('id-ID')} karakter; periksa isi sel itu (mungkin tempelan yang salah)`);
      }
    }
    if (cells.every(isEmpty)) return;
    if (!this.headers) { this.readHeaders(cells, line); return; }
    const headers = this.headers;
    const values: Record<string, Cell> = {};
    cells.forEach((c, i) => {
      if (isEmpty(c)) return;
      const h = headers[i];
      if (h === undefined || h === '') {
        throw new ImportFileRefused(`Baris ${line} berisi data di kolom ke-${i + 1} (${columnLetters(i + 1)}) yang tidak berjudul. Jika memakai CSV, pastikan nilai yang memuat tanda pemisah diapit tanda kutip "`);
      }
      values[h] = c as Cell;
    });
    if (this.records.length >= IMPORT_MAX_ROWS) {
      throw new ImportFileRefused(`Berkas memuat lebih dari ${IMPORT_MAX_ROWS.toLocaleString('id-ID')} baris data; pecah menjadi beberapa berkas`);
    }
    const data = this.layout === 'SIASN_EXPORT' ? siasnRecord(values) : values;
    this.records.push({ dataset: this.dataset, data, baris: line });
  }

  finish(): Omit<ParsedImportFile, 'format'> {
    if (!this.headers) throw new ImportFileRefused('Berkas kosong: tidak ada judul kolom maupun data');
    if (this.records.length === 0) throw new ImportFileRefused('Berkas hanya berisi judul kolom; belum ada baris data di bawahnya');
    return { layout: this.layout, records: this.records, columnsIgnored: this.ignored };
  }

  private readHeaders(cells: readonly (Cell | undefined)[], line: number): void {
    const names = Array.from(cells, (c) => headerName(c ?? null));
    if (names.filter((n) => n !== '').length > IMPORT_MAX_COLUMNS) this.tooManyColumns(line);
    const seen = new Set<string>();
    const dupes = new Set<string>();
    for (const n of names) if (n !== '') { if (seen.has(n)) dupes.add(n); seen.add(n); }
    if (dupes.size > 0) throw new ImportFileRefused(`Judul kolom ganda di baris ${line}: ${[...dupes].join(', ')}. Setiap kolom hanya boleh muncul sekali`);
    const label = DATASET_LABELS[this.dataset];
    const looksSiasn = seen.has('nip_baru') && !seen.has('nip');
    if (looksSiasn && this.dataset !== 'pegawai') {
      throw new ImportFileRefused(`Berkas ini tampaknya "Export Data ASN" SIASN, yang hanya dapat diimpor sebagai data utama pegawai, bukan ${label}`);
    }
    if (looksSiasn) {
      this.layout = 'SIASN_EXPORT';
      const used = new Set([...Object.keys(SIASN_DIRECT), ...SIASN_DERIVED_FROM]);
      this.ignored = names.filter((n) => n !== '' && !used.has(n));
    } else {
      const fields = datasetFields(this.dataset);
      const known = new Set(fields.map((f) => f.name));
      const unknown = names.filter((n) => n !== '' && !known.has(n));
      const expected = fields.map((f) => f.name).join(', ');
      if (unknown.length > 0) {
        throw new ImportFileRefused(`Judul kolom tidak dikenal untuk ${label}: ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ', …' : ''}. Kolom yang dikenal: ${expected}. Unduh templatnya bila ragu`);
      }
      // The route sets instansi_id to the operator's own, so the file need not carry it.
      const missing = fields.filter((f) => f.required && f.name !== 'instansi_id' && !seen.has(f.name)).map((f) => f.name);
      if (missing.length > 0) throw new ImportFileRefused(`Kolom wajib untuk ${label} tidak ada: ${missing.join(', ')}. Kolom yang dikenal: ${expected}`);
    }
    this.headers = names;
  }
}

/** The SIASN quirks in values (a leading ', the text "null") are normalization's; derived fields need them read here too. */
function clean(v: Cell | undefined): string {
  if (v === undefined || v === null) return '';
  let s = String(v).trim();
  if (s.startsWith("'")) s = s.slice(1).trim();
  return s.toLowerCase() === 'null' ? '' : s;
}

function siasnRecord(v: Record<string, Cell>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const [from, to] of Object.entries(SIASN_DIRECT)) if (v[from] !== undefined) out[to] = v[from];
  if (!clean(v.gol_akhir_id) && clean(v.gol_akhir_nama)) out.golongan = clean(v.gol_akhir_nama);

  const jenisPegawai = clean(v.jenis_pegawai_nama); const statusCpnsPns = clean(v.status_cpns_pns);
  if (jenisPegawai || statusCpnsPns) {
    const pppk = /PPPK/i.test(`${jenisPegawai} ${statusCpnsPns}`);
    out.jenis_asn = pppk ? 'PPPK' : 'PNS';
    const s = statusCpnsPns.toUpperCase();
    if (pppk) out.status_kepegawaian = 'PPPK';
    else if (s === 'C' || s === 'CPNS') out.status_kepegawaian = 'CPNS';
    else if (s === 'P' || s === 'PNS') out.status_kepegawaian = 'PNS';
    else if (s) out.status_kepegawaian = statusCpnsPns;
    else if (/\bCPNS\b/i.test(jenisPegawai)) out.status_kepegawaian = 'CPNS';
  }
  const kedudukan = clean(v.kedudukan_hukum_nama);
  if (kedudukan) out.kedudukan_hukum = /^aktif$/i.test(kedudukan) ? 'AKTIF' : kedudukan.toUpperCase().replace(/\s+/g, '_');
  const jenisJabatan = clean(v.jenis_jabatan_nama) || clean(v.jenis_jabatan_id);
  if (jenisJabatan) out.jabatan_jenis = jenisJabatan;
  const tingkat = clean(v.tingkat_pendidikan_nama);
  if (tingkat) out.pendidikan_tingkat = SIASN_TINGKAT[tingkat.toUpperCase()] ?? tingkat;
  return out;
}
