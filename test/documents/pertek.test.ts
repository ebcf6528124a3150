import { PDFDocument } from 'pdf-lib';
import { FOOTER_RESERVE_PT } from '../../documents/layout';
import { renderPertekKp } from '../../documents/pertek';
import { pertekSample } from './fixtures';
import { firstOutOfOrder, flat, pdfText, pdfWords } from './pdf-tools';

describe('renderPertekKp', () => {
  it('renders the Pertek with the employee table and the MS statement in order', async () => {
    const { bytes } = await renderPertekKp(pertekSample());
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);

    const text = flat(pdfText(bytes));
    expect(
      firstOutOfOrder(text, [
        'BADAN KEPEGAWAIAN NEGARA',
        'PERTIMBANGAN TEKNIS KENAIKAN PANGKAT',
        'NOMOR IG-26305000356',
        'Gubernur Jawa Tengah',
        '800.1.3.2/0377/BKD/2026 tanggal 20 Februari 2026',
        'MEMENUHI SYARAT (MS)',
        'Siti Rahmawati, S.Kom.',
        '199401132022032005',
        'Penata Muda, III/a, 1 Maret 2022',
        'Penata Muda Tingkat I, III/b',
        '1 April 2026',
        '4 tahun 1 bulan',
        'Rp3.089.300,00',
        'Yogyakarta, 10 Maret 2026',
        'BUDI SANTOSO, S.H., M.Si.',
        'NIP 197205141998031002',
      ]),
    ).toBeUndefined();
  });

  it('reserves a paraf box beside the signature box, both empty and on the page', async () => {
    const { bytes, signatureField, parafField } = await renderPertekKp(pertekSample());
    expect(parafField.pageIndex).toBe(signatureField.pageIndex);
    const [px1, py1, px2, py2] = parafField.rect;
    const [sx1, sy1, sx2, sy2] = signatureField.rect;
    expect(sx2 - sx1).toBeCloseTo(250, 6);
    expect(sy2 - sy1).toBeCloseTo(90, 6);
    expect(px2 - px1).toBeCloseTo(80, 6);
    expect(py2 - py1).toBeCloseTo(40, 6);
    expect(px2).toBeLessThanOrEqual(sx1);
    expect(py1).toBeGreaterThanOrEqual(FOOTER_RESERVE_PT);

    const { pages, words } = pdfWords(bytes);
    const h = pages[0].height;
    for (const [x1, y1, x2, y2] of [parafField.rect, signatureField.rect]) {
      expect(x1).toBeGreaterThanOrEqual(0);
      expect(x2).toBeLessThanOrEqual(pages[0].width);
      const inside = words.filter((w) => w.xMin < x2 && w.xMax > x1 && w.yMin < h - y1 && w.yMax > h - y2);
      expect(inside).toEqual([]);
    }
  });

  it('works without the usulan letter reference and with names outside WinAnsi', async () => {
    const data = pertekSample();
    delete data.usulan;
    data.pegawai.nama = 'Ŋoma 🎉';
    const text = flat(pdfText((await renderPertekKp(data)).bytes));
    expect(text).toContain('Setelah dilakukan verifikasi');
    expect(text).toContain('Ngoma ?');
  });
});
