import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { IMPORT_FILE_MAX_BYTES, ImportFileRefused, parseImportFile } from '../../api/integrasi/file-parse';
import { normalizeMasterRecord, type MasterDataset } from '../../domain/master-records';
import { buildNip } from '../../domain/nip';

/**
 * The import file reader on real files written the way operators' programs write them: Excel's ';' CSV with a BOM,
 * SIASN's "Export Data ASN", an XLSX from exceljs; and every file it must refuse says why in words the operator can act
 * on. Per-field checks are normalization's and are only touched where a value must reach it unchanged (a formula).
 */
let dir: string;
beforeAll(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'impor-')); });
afterAll(async () => { await fs.rm(dir, { recursive: true, force: true }); });

let n = 0;
async function file(content: string | Buffer): Promise<string> {
  const p = path.join(dir, `f${++n}`);
  await fs.writeFile(p, content);
  return p;
}
const parse = async (content: string | Buffer, dataset: MasterDataset = 'skp') => parseImportFile({ path: await file(content), filename: 'x', dataset });
async function refusal(content: string | Buffer, dataset: MasterDataset = 'skp'): Promise<string> {
  try {
    await parse(content, dataset);
  } catch (err) {
    expect(err).toBeInstanceOf(ImportFileRefused);
    return (err as Error).message;
  }
  throw new Error('the file was accepted');
}
const today = '2025-06-01';
const nip1 = buildNip('1990-05-17', '2015-03', 'L', 1);
const nip2 = buildNip('1988-11-02', '2012-01', 'P', 2);

async function xlsx(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function zip(entries: { name: string; data: Buffer; compress?: boolean }[]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const e of entries) z.addBuffer(e.data, e.name, { compress: e.compress ?? true });
  z.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => parts.push(c)).on('end', () => resolve(Buffer.concat(parts))).on('error', reject);
  });
}
const workbookXml = Buffer.from('<?xml version="1.0"?><workbook/>');

describe('CSV', () => {
  test('the template written by Excel (BOM, ";", CRLF, a quoted cell with ";" and a line break) gives one record per row, numbered as the file shows', async () => {
    const csv = `\ufeffNIP;Tahun;Predikat;id\r\n${nip1};2023;Sangat Baik;"a;b"\r\n\r\n;;;\r\n${nip2};2024;"Baik";"dua\r\nbaris"\r\n${nip1};2024;baik;\r\n`;
    const parsed = await parse(csv);
    expect(parsed).toMatchObject({ format: 'CSV', layout: 'TEMPLAT', columnsIgnored: [] });
    expect(parsed.records).toEqual([
      { dataset: 'skp', baris: 2, data: { nip: nip1, tahun: '2023', predikat: 'Sangat Baik', id: 'a;b' } },
      { dataset: 'skp', baris: 5, data: { nip: nip2, tahun: '2024', predikat: 'Baik', id: 'dua\r\nbaris' } },
      { dataset: 'skp', baris: 7, data: { nip: nip1, tahun: '2024', predikat: 'baik' } },
    ]);
  });

  test('a "," file is read with ","; header names are matched case-insensitively with spaces as "_"', async () => {
    const parsed = await parse(`nip, Tahun , predikat,SIASN ID\n${nip1},2023,BAIK,"x,y"\n`);
    expect(parsed.records[0].data).toEqual({ nip: nip1, tahun: '2023', predikat: 'BAIK', siasn_id: 'x,y' });
  });

  test('SIASN\'s "Export Data ASN" becomes pegawai records that normalize, with its quirks left to normalization and unmapped columns listed', async () => {
    const header = 'pns_id,nip_baru,nip_lama,nama,gelar_depan,gelar_belakang,tempat_lahir_id,tempat_lahir_nama,tanggal_lahir,jenis_kelamin,agama_id,agama_nama,email,jenis_pegawai_id,jenis_pegawai_nama,kedudukan_hukum_id,kedudukan_hukum_nama,status_cpns_pns,gol_akhir_id,gol_akhir_nama,tmt_golongan,mk_tahun,mk_bulan,tmt_cpns,tmt_pns,jenis_jabatan_id,jenis_jabatan_nama,jabatan_nama,tingkat_pendidikan_nama,pendidikan_nama,unor_id,instansi_induk_id';
    const row = `A1B2C3D4E5F60718293A4B5C6D7E8F90,'${nip1},null,Budi Santoso,null,S.Kom.,X,Semarang,17-05-1990,M,1,Islam,budi@contoh.go.id,4,PNS Daerah,01,Aktif,P,32,III/b,01-04-2019,4,0,01-03-2015,01-06-2016,4,Fungsional Umum,Pengelola Data,S-1/Sarjana,S1 Teknik Informatika,UNOR-1,ABCDEF`;
    const row2 = `B1,'${nip2},,Sari,,,,Solo,02-11-1988,F,,,,,,,Masa Persiapan Pensiun,C,null,III/a,01-01-2012,,,01-01-2012,,2,Fungsional Tertentu,Pranata Komputer,Diploma III,,,`;
    const parsed = await parse(`${header}\n${row}\n${row2}\n`, 'pegawai');
    expect(parsed.layout).toBe('SIASN_EXPORT');
    expect(parsed.columnsIgnored).toEqual(['nip_lama', 'tempat_lahir_id', 'agama_id', 'jenis_pegawai_id', 'kedudukan_hukum_id', 'instansi_induk_id']);
    const [a, b] = parsed.records;
    expect(a.data).toMatchObject({ nip: `'${nip1}`, siasn_id: 'A1B2C3D4E5F60718293A4B5C6D7E8F90', tempat_lahir: 'Semarang', jenis_asn: 'PNS', status_kepegawaian: 'PNS', kedudukan_hukum: 'AKTIF', golongan: '32', jabatan_jenis: 'Fungsional Umum', pendidikan_tingkat: 'S1', gelar_depan: 'null' });
    expect(JSON.stringify(a.data)).not.toContain('ABCDEF');
    expect(b.data).toMatchObject({ status_kepegawaian: 'CPNS', kedudukan_hukum: 'MASA_PERSIAPAN_PENSIUN', golongan: 'III/a', jabatan_jenis: 'Fungsional Tertentu', pendidikan_tingkat: 'D3' });
    // The route puts the operator's instansi on each record; with it the export's rows are valid pegawai records.
    const normalized = normalizeMasterRecord('pegawai', { ...(a.data as object), instansi_id: 'I-1' }, { today });
    expect(normalized).toMatchObject({ ok: true, record: { nip: nip1, tanggal_lahir: '1990-05-17', jenis_kelamin: 'L', golongan_id: 32, gelar_depan: null, jabatan_jenis: 'PELAKSANA' } });
  });

  test('a SIASN export offered as another data set is refused, naming the data set it fits', async () => {
    expect(await refusal(`pns_id,nip_baru,nama\nX,${nip1},A\n`, 'skp')).toMatch(/Export Data ASN.*data utama pegawai/);
  });

  test('UTF-16 ("Unicode text"), with or without a BOM, is refused and the operator is told to save as CSV UTF-8', async () => {
    const text = `nip;tahun;predikat\n${nip1};2023;Baik\n`;
    expect(await refusal(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toMatch(/UTF-16.*CSV UTF-8/);
    expect(await refusal(Buffer.from(text, 'utf16le'))).toMatch(/UTF-16/);
  });

  test('Windows-1252 bytes are refused as not UTF-8, naming ANSI and how to re-save', async () => {
    const latin1 = Buffer.from(`nip;tahun;predikat;id\n${nip1};2023;Baik;Jos\xe9\n`, 'latin1');
    expect(await refusal(latin1)).toMatch(/bukan UTF-8.*Windows-1252\/ANSI.*CSV UTF-8/);
  });

  test('more than 200 columns, a cell over 10,000 characters, data under no header, and an unclosed quote are refused with the place', async () => {
    const many = Array.from({ length: 201 }, (_, i) => `k${i}`).join(';');
    expect(await refusal(`${many}\n1\n`)).toMatch(/lebih dari 200 kolom/);
    expect(await refusal(`nip;tahun;predikat\n${nip1};2023;${'x'.repeat(10_001)}\n`)).toMatch(/Sel C2 berisi lebih dari 10\.000 karakter/);
    expect(await refusal(`nip;tahun;predikat\n${nip1};2023;Baik;lebih\n`)).toMatch(/Baris 2 berisi data di kolom ke-4/);
    expect(await refusal(`nip;tahun;predikat\n${nip1};2023;"Baik\n`)).toMatch(/tanda kutip/);
  });

  test('duplicate, unknown and missing required headers are refused listing them and the known ones', async () => {
    expect(await refusal(`nip;tahun;Tahun;predikat\n${nip1};2023;2023;Baik\n`)).toMatch(/Judul kolom ganda di baris 1: tahun/);
    const unknown = await refusal(`nip;tahun;predikat;nilai_angka\n${nip1};2023;Baik;90\n`);
    expect(unknown).toMatch(/tidak dikenal untuk SKP tahunan: nilai_angka/);
    expect(unknown).toContain('Kolom yang dikenal: nip, tahun, predikat, id, siasn_id');
    expect(await refusal(`nip;predikat\n${nip1};Baik\n`)).toMatch(/Kolom wajib untuk SKP tahunan tidak ada: tahun/);
  });

  test('an empty file, blank lines only, and a header without rows are refused as such', async () => {
    expect(await refusal('')).toMatch(/kosong/);
    expect(await refusal('\ufeff\r\n;;\r\n')).toMatch(/kosong/);
    expect(await refusal('\ufeffnip;tahun;predikat\r\n;;\r\n')).toMatch(/hanya berisi judul kolom/);
  });
});

describe('format and size', () => {
  test('a PDF, an image, binary bytes and an old .xls are refused as not CSV or XLSX, whatever their name', async () => {
    expect(await refusal(Buffer.from('%PDF-1.7\n1 0 obj\n'))).toMatch(/bukan CSV atau XLSX.*PDF/);
    expect(await refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toMatch(/bukan CSV atau XLSX.*gambar/);
    expect(await refusal(Buffer.from([0x01, 0x02, 0x00, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48]))).toMatch(/bukan CSV atau XLSX.*biner/);
    expect(await refusal(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatch(/bukan CSV atau XLSX.*\.xls.*\.xlsx/);
  });

  test('a file over 10 MB is refused naming the limit', async () => {
    const p = path.join(dir, 'besar.csv');
    await fs.writeFile(p, 'nip;tahun;predikat\n');
    await fs.truncate(p, IMPORT_FILE_MAX_BYTES + 1);
    await expect(parseImportFile({ path: p, filename: 'besar.csv', dataset: 'skp' })).rejects.toThrow(/10 MB/);
  });
});

describe('XLSX', () => {
  test('the first worksheet is read: strings, numbers, a date cell as YYYY-MM-DD, rich text as text, a formula as its cached result', async () => {
    const buf = await xlsx((wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow([]);
      ws.addRow(['id', 'nip', 'golongan', 'tmt', 'mk_tahun', 'sk_nomor']);
      ws.addRow(['R1', nip1, 'III/b', new Date(Date.UTC(2019, 3, 1)), 4, { richText: [{ text: '800/' }, { font: { bold: true }, text: '12' }] }]);
      ws.getCell('D3').numFmt = 'dd/mm/yyyy';
      ws.addRow(['R2', nip2, { formula: 'CONCAT("III/","a")', result: 'III/a' }, '01-01-2012', { formula: '1+1', result: 2 }]);
      wb.addWorksheet('Catatan').addRow(['bukan', 'data']);
    });
    const parsed = await parse(buf, 'riwayat_golongan');
    expect(parsed).toMatchObject({ format: 'XLSX', layout: 'TEMPLAT' });
    expect(parsed.records).toEqual([
      { dataset: 'riwayat_golongan', baris: 3, data: { id: 'R1', nip: nip1, golongan: 'III/b', tmt: '2019-04-01', mk_tahun: 4, sk_nomor: '800/12' } },
      { dataset: 'riwayat_golongan', baris: 4, data: { id: 'R2', nip: nip2, golongan: 'III/a', tmt: '01-01-2012', mk_tahun: 2 } },
    ]);
  });

  test('a formula cell without a cached value reaches normalization as formula text, which refuses it', async () => {
    const buf = await xlsx((wb) => {
      const ws = wb.addWorksheet('Data');
      ws.addRow(['id', 'nip', 'golongan', 'tmt', 'sk_nomor']);
      ws.addRow(['R1', nip1, 'III/b', '2019-04-01', { formula: 'HYPERLINK("http://contoh.invalid","800/12")' }]);
    });
    const [rec] = (await parse(buf, 'riwayat_golongan')).records;
    expect(rec.data).toMatchObject({ sk_nomor: '=HYPERLINK("http://contoh.invalid","800/12")' });
    const normalized = normalizeMasterRecord('riwayat_golongan', rec.data, { today });
    expect(normalized).toMatchObject({ ok: false, problems: [{ field: 'sk_nomor', reason: expect.stringMatching(/rumus/) }] });
  });

  test('a ZIP bomb (one part inflating far over 100:1) is refused from the directory, before anything is inflated', async () => {
    const bomb = await zip([{ name: '[Content_Types].xml', data: Buffer.from('<Types/>') }, { name: 'xl/workbook.xml', data: workbookXml }, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(await refusal(bomb)).toMatch(/XLSX ditolak: bagian "xl\/worksheets\/sheet1.xml" mengembang lebih dari 100 kali.*bom ZIP/);
  });

  test('an encrypted entry, a ZIP that is not a workbook and a damaged ZIP are refused', async () => {
    const plain = await zip([{ name: 'xl/workbook.xml', data: workbookXml }]);
    const encrypted = Buffer.from(plain);
    // Set the "encrypted" flag in the local and the central header, as a password-protected ZIP has it.
    for (const sig of [0x04034b50, 0x02014b50]) {
      for (let i = 0; i <= encrypted.length - 4; i++) {
        if (encrypted.readUInt32LE(i) === sig) encrypted[i + (sig === 0x04034b50 ? 6 : 8)] |= 1;
      }
    }
    expect(await refusal(encrypted)).toMatch(/kata sandi/);
    expect(await refusal(await zip([{ name: 'word/document.xml', data: Buffer.from('<w/>') }]))).toMatch(/bukan buku kerja XLSX/);
    expect(await refusal(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]))).toMatch(/XLSX rusak/);
  });

  test('an XLSX with too many columns or a duplicate header is refused like a CSV', async () => {
    const wide = await xlsx((wb) => { const ws = wb.addWorksheet('A'); ws.addRow(['nip', 'tahun', 'predikat']); ws.getCell(2, 250).value = 'x'; ws.getCell(2, 1).value = nip1; });
    expect(await refusal(wide)).toMatch(/Baris 2 memiliki lebih dari 200 kolom/);
    const dup = await xlsx((wb) => { const ws = wb.addWorksheet('A'); ws.addRow(['NIP', 'nip', 'tahun', 'predikat']); ws.addRow([nip1, nip1, 2023, 'Baik']); });
    expect(await refusal(dup)).toMatch(/Judul kolom ganda di baris 1: nip/);
  });
});
