import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { PDFDocument } from 'pdf-lib';
import { FOOTER_RESERVE_PT, PAGE_SIZE } from '../../documents/layout';
import { DEFAULT_DASAR_HUKUM, DEFAULT_TEMBUSAN, renderSkKp } from '../../documents/sk-kp';
import type { FieldPlacement, SkKpData } from '../../documents/types';
import { skSample } from './fixtures';
import { firstOutOfOrder, flat, pdfText, pdfWords, type Word } from './pdf-tools';

const A4 = PAGE_SIZE.A4;

function overlaps(field: FieldPlacement, pageHeight: number, w: Word): boolean {
  const [x1, y1, x2, y2] = field.rect;
  const top = pageHeight - y2;
  const bottom = pageHeight - y1;
  return w.page === field.pageIndex && w.xMin < x2 && w.xMax > x1 && w.yMin < bottom && w.yMax > top;
}

/** Every word inside the side margins and above the footer reserve; the signature box free of text and on the page. */
function expectCleanLayout(bytes: Uint8Array, field: FieldPlacement): void {
  const { pages, words } = pdfWords(bytes);
  for (const w of words) {
    const page = pages[w.page];
    expect({ w, ok: w.xMin >= 56 && w.xMax <= page.width - 56 + 0.5 }).toEqual({ w, ok: true });
    expect({ w, ok: w.yMax <= page.height - FOOTER_RESERVE_PT && w.yMin >= 0 }).toEqual({ w, ok: true });
  }
  const page = pages[field.pageIndex];
  const [x1, y1, x2, y2] = field.rect;
  expect(x1).toBeGreaterThanOrEqual(0);
  expect(x2).toBeLessThanOrEqual(page.width);
  expect(y1).toBeGreaterThanOrEqual(FOOTER_RESERVE_PT);
  expect(y2).toBeLessThanOrEqual(page.height);
  expect(words.filter((w) => overlaps(field, page.height, w))).toEqual([]);
}

describe('renderSkKp', () => {
  it('renders an A4 SK KP that reads in the order the decree requires', async () => {
    const { bytes, signatureField } = await renderSkKp(skSample());

    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getPageCount()).toBeLessThanOrEqual(2);
    for (const page of doc.getPages()) {
      const { width, height } = page.getSize();
      expect(width).toBeCloseTo(A4[0], 1);
      expect(height).toBeCloseTo(A4[1], 1);
    }
    expect(signatureField.pageIndex).toBeLessThan(doc.getPageCount());

    const text = flat(pdfText(bytes));
    expect(
      firstOutOfOrder(text, [
        'KEPUTUSAN GUBERNUR JAWA TENGAH',
        'NOMOR 800.1.3.2/0412/BKD/2026',
        'TENTANG',
        'KENAIKAN PANGKAT PEGAWAI NEGERI SIPIL',
        'Menimbang',
        'Mengingat',
        'Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara',
        'Peraturan Pemerintah Nomor 5 Tahun 2024',
        'Memperhatikan',
        'IG-26305000356 tanggal 10 Maret 2026',
        'MEMUTUSKAN',
        'Menetapkan',
        'KESATU',
        'Siti Rahmawati, S.Kom.',
        '199401132022032005',
        'Rp2.785.700,00',
        'terhitung mulai tanggal 1 April 2026 dinaikkan pangkatnya menjadi Penata Muda Tingkat I golongan ruang III/b',
        'masa kerja golongan 4 tahun 1 bulan',
        'Rp3.089.300,00',
        'KEDUA',
        'Ditetapkan di',
        'Semarang',
        '20 Maret 2026',
        'GUBERNUR JAWA TENGAH,',
        'AHMAD LUTHFI',
        'NIP 196609271987031001',
        'Tembusan',
        'PT TASPEN (Persero)',
        'Arsip',
      ]),
    ).toBeUndefined();
    expectCleanLayout(bytes, signatureField);
  });

  it('uses the default Mengingat and Tembusan when none are given', async () => {
    const data = skSample();
    delete data.tembusan;
    const text = flat(pdfText((await renderSkKp(data)).bytes));
    expect(firstOutOfOrder(text, ['Mengingat', ...DEFAULT_DASAR_HUKUM.map((d) => d.split(' ').slice(0, 6).join(' '))])).toBeUndefined();
    expect(firstOutOfOrder(text, ['Tembusan Yth.:', ...DEFAULT_TEMBUSAN.map((t) => t.split(' ').slice(0, 3).join(' '))])).toBeUndefined();
  });

  it('draws a name outside WinAnsi with a fallback instead of throwing', async () => {
    const data = skSample();
    data.pegawai.nama = 'Ŋoma Ayu 😀 Ș';
    data.pegawai.unitKerja = 'Bagian Umum\u0000\t山田';
    const { bytes } = await renderSkKp(data);
    expect(flat(pdfText(bytes))).toContain('Ngoma Ayu ? S');
  });

  it('wraps a very long name, jabatan and PPK office inside the margins and keeps the layout clean', async () => {
    const data: SkKpData = skSample();
    data.kopSurat = { baris: ['PEMERINTAH PROVINSI JAWA TENGAH', 'BADAN KEPEGAWAIAN DAERAH', 'Jalan Stadion Selatan Nomor 1 Semarang 50136'] };
    data.jabatanPpk = 'Kepala Badan Kepegawaian Negara Republik Indonesia selaku Pejabat yang Berwenang atas nama Presiden Republik Indonesia';
    data.pegawai.nama = 'Prof. Dr. Raden Mas Bambang Sutrisno Wicaksono Hadiningrat Kusumawardhana Purbonegoro Mangkunegoro, S.H., M.Hum.';
    data.pegawai.jabatan =
      'Analis Sumber Daya Manusia Aparatur Ahli Muda pada Sub Bagian Umum dan Kepegawaian Sekretariat Badan Kepegawaian Daerah Provinsi Jawa Tengah';
    data.penandatangan = { jabatan: 'a.n. KEPALA BADAN KEPEGAWAIAN NEGARA\nDEPUTI BIDANG MUTASI KEPEGAWAIAN,', nama: data.pegawai.nama, nip: '196609271987031001' };
    data.pegawai.nip = '1994011320220320051994011320220320051994011320220320';
    const { bytes, signatureField } = await renderSkKp(data);

    const text = flat(pdfText(bytes));
    expect(text).toContain('Wicaksono Hadiningrat Kusumawardhana');
    expect(text).toContain('Sekretariat Badan Kepegawaian Daerah Provinsi Jawa Tengah');
    expectCleanLayout(bytes, signatureField);
  });

  it('continues on new pages when the content overflows and puts the signature box where the signer block lands', async () => {
    const data = skSample();
    data.dasarHukum = Array.from({ length: 40 }, (_, i) => `Peraturan nomor ${i + 1} tentang hal yang cukup panjang untuk memakan satu baris penuh di halaman`);
    data.tembusan = Array.from({ length: 30 }, (_, i) => `Penerima tembusan ${i + 1}`);
    const { bytes, signatureField } = await renderSkKp(data);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(3);

    const { pages, words } = pdfWords(bytes);
    const signerPage = words.find((w) => w.text === 'LUTHFI')?.page;
    expect(signatureField.pageIndex).toBe(signerPage);
    expect(words.some((w) => w.page === 1 && w.text === '-' )).toBe(true);
    expect(pages.length).toBe(doc.getPageCount());
    expectCleanLayout(bytes, signatureField);
  });

  it('prints on F4 when asked', async () => {
    const doc = await PDFDocument.load((await renderSkKp({ ...skSample(), kertas: 'F4' })).bytes);
    const { width, height } = doc.getPage(0).getSize();
    expect(width).toBeCloseTo(609.45, 1);
    expect(height).toBeCloseTo(935.43, 1);
  });

  it('gives the same bytes for the same data, so a retried activity produces the same file', async () => {
    const a = await renderSkKp(skSample());
    const b = await renderSkKp(skSample());
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });

  it('rejects a date that does not exist', async () => {
    await expect(renderSkKp({ ...skSample(), tanggalPenetapan: '2026-02-30' })).rejects.toThrow(RangeError);
  });

  it('writes a sample to test-output/ for a visual check', async () => {
    const out = join(__dirname, '../../test-output');
    mkdirSync(out, { recursive: true });
    const { bytes } = await renderSkKp(skSample());
    writeFileSync(join(out, 'sk-sample.pdf'), bytes);
    execFileSync('pdftoppm', ['-png', '-r', '60', join(out, 'sk-sample.pdf'), join(out, 'sk-sample')]);
  });
});
