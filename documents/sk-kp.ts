// The SK KP (Keputusan kenaikan pangkat), laid out in the order DOMAIN.md gives. Every value comes in as data;
// nothing of the domain (MKG, gaji pokok, the signing authority) is decided here.
import {
  centered,
  columnsFor,
  dataTable,
  drawKop,
  drawSignerBlock,
  drawTembusan,
  labelled,
  labelledList,
  endWith,
  signerBlockHeight,
  type SignerBlock,
  decreePage,
} from './decree';
import { formatMasaKerja, formatRupiah, formatTanggalPanjang, terbilang } from './format';
import { DocumentWriter } from './layout';
import { KP_RULE_VERSIONS } from '../domain/kp-rule-versions';
import type { RenderedDocument, SkKpData } from './types';

/**
 * Mengingat of an SK KP when the caller passes none: that of the newest built-in KP rule version. The engine passes
 * the list of the version the usulan was judged by (domain/kp-rule-versions.ts).
 */
export const DEFAULT_DASAR_HUKUM: readonly string[] = KP_RULE_VERSIONS[KP_RULE_VERSIONS.length - 1].dasarHukum;

/** Generic recipients; an instansi normally passes its own, naming its Kanreg, salary office and TASPEN branch. */
export const DEFAULT_TEMBUSAN: readonly string[] = Object.freeze([
  'Kepala Badan Kepegawaian Negara/Kepala Kantor Regional Badan Kepegawaian Negara',
  'Kepala Kantor Pelayanan Perbendaharaan Negara/Kepala Badan Pengelola Keuangan dan Aset Daerah',
  'Direktur Utama PT TASPEN (Persero)',
  'Pimpinan unit kerja Pegawai Negeri Sipil yang bersangkutan',
  'Arsip',
]);

const JUDUL = 'KENAIKAN PANGKAT PEGAWAI NEGERI SIPIL';

export async function renderSkKp(data: SkKpData): Promise<RenderedDocument> {
  const { pegawai, lama, baru } = data;
  const jabatanPpk = data.jabatanPpk.trim().toUpperCase();
  const w = await DocumentWriter.create(
    decreePage(data.kertas),
    {
      title: `Keputusan ${data.jabatanPpk} Nomor ${data.nomor} tentang Kenaikan Pangkat PNS a.n. ${pegawai.nama}`,
      subject: `SK KP ${pegawai.nip}`,
      date: data.tanggalPenetapan,
    },
  );

  drawKop(w, data.kopSurat);
  centered(w, `KEPUTUSAN ${jabatanPpk}`, 'bold');
  centered(w, `NOMOR ${data.nomor}`, 'bold');
  w.gap(2);
  centered(w, 'TENTANG', 'bold');
  w.gap(2);
  centered(w, JUDUL, 'bold');
  w.gap(w.lineHeight * 0.7);
  centered(w, 'DENGAN RAHMAT TUHAN YANG MAHA ESA', 'bold');
  w.gap(w.lineHeight * 0.7);
  centered(w, `${jabatanPpk},`, 'bold');
  w.gap(w.lineHeight * 0.7);

  const cols = columnsFor(w, ['Memperhatikan', 'Menetapkan']);
  const jenis = data.jenisKp ? ` ${data.jenisKp}` : '';
  labelledList(
    w,
    cols,
    'Menimbang',
    [
      `bahwa Pegawai Negeri Sipil atas nama ${pegawai.nama}, NIP ${pegawai.nip}, telah memenuhi syarat untuk diberikan kenaikan pangkat${jenis} sesuai dengan ketentuan peraturan perundang-undangan;`,
      'bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a, perlu menetapkan Keputusan tentang Kenaikan Pangkat Pegawai Negeri Sipil;',
    ],
    ['a.', 'b.'],
  );
  w.gap(w.lineHeight / 2);
  // Every Mengingat entry ends in ';' in decree drafting, the last one included.
  labelledList(w, cols, 'Mengingat', (data.dasarHukum ?? DEFAULT_DASAR_HUKUM).map((d) => endWith(d, ';')));
  w.gap(w.lineHeight / 2);
  labelled(
    w,
    cols,
    'Memperhatikan',
    `Pertimbangan Teknis ${data.pertek.pejabat} Nomor ${data.pertek.nomor} tanggal ${formatTanggalPanjang(data.pertek.tanggal)}.`,
  );
  w.gap(w.lineHeight / 2);
  w.ensure(w.lineHeight * 4);
  centered(w, 'MEMUTUSKAN:', 'bold');
  w.gap(w.lineHeight / 3);
  labelled(w, cols, 'Menetapkan', `KEPUTUSAN ${jabatanPpk} TENTANG ${JUDUL}.`);
  w.gap(w.lineHeight / 2);

  labelled(w, cols, 'KESATU', 'Pegawai Negeri Sipil:', { align: 'left' });
  dataTable(w, cols.content, [
    ['Nama', pegawai.nama],
    ['Tempat/Tanggal Lahir', `${pegawai.tempatLahir}, ${formatTanggalPanjang(pegawai.tanggalLahir)}`],
    ['NIP', pegawai.nip],
    ['Pendidikan', pegawai.pendidikan],
    ['Pangkat/Gol. Ruang/TMT', `${lama.pangkat}, ${lama.golongan}, ${formatTanggalPanjang(lama.tmt)}`],
    ['Jabatan', pegawai.jabatan],
    ['Masa Kerja Golongan', formatMasaKerja(lama.mkgTahun, lama.mkgBulan)],
    ['Gaji Pokok', formatRupiah(lama.gajiPokok)],
    ['Unit Kerja', pegawai.unitKerja],
    ['Instansi', pegawai.instansi],
  ]);
  w.paragraph(
    `terhitung mulai tanggal ${formatTanggalPanjang(baru.tmt)} dinaikkan pangkatnya menjadi ${baru.pangkat} golongan ruang ` +
      `${baru.golongan} dengan masa kerja golongan ${formatMasaKerja(baru.mkgTahun, baru.mkgBulan)} dan diberikan ` +
      `gaji pokok sebesar ${formatRupiah(baru.gajiPokok)} (${terbilang(baru.gajiPokok)} rupiah) ditambah dengan ` +
      'penghasilan lain yang sah berdasarkan ketentuan peraturan perundang-undangan.',
    cols.content,
    cols.contentWidth,
    { align: 'justify' },
  );
  w.gap(w.lineHeight / 2);
  // Decree drafting keeps the signature with the last diktum: it never stands alone at the top of a page.
  const kedua = 'Apabila di kemudian hari ternyata terdapat kekeliruan dalam Keputusan ini, akan diadakan perbaikan sebagaimana mestinya.';
  const signer: SignerBlock = {
    heading: [
      ['Ditetapkan di', data.tempatPenetapan],
      ['pada tanggal', formatTanggalPanjang(data.tanggalPenetapan)],
    ],
    penandatangan: data.penandatangan,
  };
  const signerGap = w.lineHeight;
  w.ensure(w.wrap(kedua, cols.contentWidth).length * w.lineHeight + signerGap + signerBlockHeight(w, signer));
  labelled(w, cols, 'KEDUA', kedua);
  w.gap(signerGap);
  const signatureField = drawSignerBlock(w, signer);

  drawTembusan(w, data.tembusan ?? DEFAULT_TEMBUSAN);

  return { bytes: await w.save(), signatureField };
}

