// The Pertek (pertimbangan teknis) for a KP usulan found MS, issued by BKN or its Kantor Regional to the PPK. It is
// the basis of the SK; the signing module later stamps the paraf of the verifier and the signature of the official.
import { centered, columnsFor, decreePage, dataTable, drawKop, drawSignerBlock, drawTembusan, labelled, parafBeside } from './decree';
import { formatMasaKerja, formatRupiah, formatTanggalPanjang } from './format';
import { DocumentWriter } from './layout';
import type { PertekData, RenderedPertek } from './types';

export const DEFAULT_KOP_BKN = Object.freeze({ baris: ['BADAN KEPEGAWAIAN NEGARA'] });

export async function renderPertekKp(data: PertekData): Promise<RenderedPertek> {
  const { pegawai, lama, baru } = data;
  const w = await DocumentWriter.create(
    decreePage(data.kertas),
    {
      title: `Pertimbangan Teknis Kenaikan Pangkat Nomor ${data.nomor} a.n. ${pegawai.nama}`,
      subject: `Pertek KP ${pegawai.nip}`,
      date: data.tanggal,
    },
  );

  drawKop(w, data.kopSurat ?? DEFAULT_KOP_BKN);
  centered(w, 'PERTIMBANGAN TEKNIS KENAIKAN PANGKAT', 'bold');
  centered(w, `NOMOR ${data.nomor}`, 'bold');
  w.gap(w.lineHeight);

  w.paragraph('Yth.', w.left, w.contentWidth);
  w.paragraph(`${data.kepada}`, w.left, w.contentWidth);
  w.paragraph(`selaku Pejabat Pembina Kepegawaian ${pegawai.instansi}`, w.left, w.contentWidth);
  w.gap(w.lineHeight);

  const cols = columnsFor(w, ['Hal']);
  labelled(w, cols, 'Hal', `Pertimbangan teknis kenaikan pangkat a.n. ${pegawai.nama}`, { align: 'left' });
  w.gap(w.lineHeight / 2);

  const dasar = data.usulan
    ? `Berdasarkan usulan kenaikan pangkat Nomor ${data.usulan.nomor} tanggal ${formatTanggalPanjang(data.usulan.tanggal)}, setelah`
    : 'Setelah';
  w.paragraph(
    `${dasar} dilakukan verifikasi terhadap berkas dan data kepegawaian, dengan ini diberikan pertimbangan teknis bahwa ` +
      'usulan kenaikan pangkat Pegawai Negeri Sipil di bawah ini MEMENUHI SYARAT (MS):',
    w.left,
    w.contentWidth,
    { align: 'justify' },
  );
  w.gap(w.lineHeight / 3);
  dataTable(w, w.left, [
    ['Nama', pegawai.nama],
    ['NIP', pegawai.nip],
    ['Tempat/Tanggal Lahir', `${pegawai.tempatLahir}, ${formatTanggalPanjang(pegawai.tanggalLahir)}`],
    ['Pendidikan', pegawai.pendidikan],
    ['Jabatan', pegawai.jabatan],
    ['Unit Kerja', pegawai.unitKerja],
    ['Pangkat/Gol. Ruang/TMT Lama', `${lama.pangkat}, ${lama.golongan}, ${formatTanggalPanjang(lama.tmt)}`],
    ...(data.jenisKp ? [['Jenis Kenaikan Pangkat', data.jenisKp] as [string, string]] : []),
    ['Pangkat/Gol. Ruang Baru', `${baru.pangkat}, ${baru.golongan}`],
    ['TMT Kenaikan Pangkat', formatTanggalPanjang(baru.tmt)],
    ['Masa Kerja Golongan', formatMasaKerja(baru.mkgTahun, baru.mkgBulan)],
    ['Gaji Pokok Baru', formatRupiah(baru.gajiPokok)],
  ]);
  w.gap(w.lineHeight / 2);
  w.paragraph(
    'Pertimbangan teknis ini menjadi dasar bagi Pejabat Pembina Kepegawaian untuk menetapkan keputusan kenaikan ' +
      'pangkat Pegawai Negeri Sipil yang bersangkutan. Apabila di kemudian hari terdapat kekeliruan, pertimbangan ' +
      'teknis ini akan ditinjau kembali sebagaimana mestinya.',
    w.left,
    w.contentWidth,
    { align: 'justify' },
  );
  w.gap(w.lineHeight);

  const signatureField = drawSignerBlock(w, {
    heading: [`${data.tempat}, ${formatTanggalPanjang(data.tanggal)}`],
    penandatangan: data.penandatangan,
  });
  const parafField = parafBeside(signatureField);

  drawTembusan(w, data.tembusan ?? []);

  return { bytes: await w.save(), signatureField, parafField: parafField as NonNullable<typeof parafField> };
}
