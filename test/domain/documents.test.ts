import { describeMissing, DOCUMENT_TYPES, kpChecklist, missingDocuments, peremajaanChecklist } from '../../domain';

const codes = (items: { code: string }[]) => items.map((i) => i.code);

describe('KP berkas checklist', () => {
  it('asks a reguler KP for the last SK pangkat, 2 SKPs, ijazah and transkrip', () => {
    const list = kpChecklist('REGULER', { crossesBand: false, firstKp: false });
    expect(codes(list)).toEqual(['SK_PANGKAT_TERAKHIR', 'SKP', 'IJAZAH', 'TRANSKRIP']);
    expect(list.find((i) => i.code === 'SKP')).toMatchObject({ siasnId: 891, count: 2, mandatory: true });
    expect(list.find((i) => i.code === 'SK_PANGKAT_TERAKHIR')?.siasnId).toBeNull();
  });

  it('adds STLUD when a reguler KP crosses a band, and SK CPNS/PNS on the first KP', () => {
    expect(codes(kpChecklist(101, { crossesBand: true, firstKp: true }))).toEqual(expect.arrayContaining(['STLUD', 'SK_CPNS', 'SK_PNS']));
  });

  it('asks a JF KP also for PAK, first JF appointment and SK jabatan, but no STLUD', () => {
    const list = codes(kpChecklist('JABATAN_FUNGSIONAL', { crossesBand: true, firstKp: false }));
    expect(list).toEqual(expect.arrayContaining(['PAK', 'SK_PENGANGKATAN_PERTAMA_JF', 'SK_JABATAN']));
    expect(list).not.toContain('STLUD');
  });

  it('lists the penyesuaian ijazah and prestasi berkas of DOMAIN.md', () => {
    expect(codes(kpChecklist('PENYESUAIAN_IJAZAH', { crossesBand: true, firstKp: false }))).toEqual([
      'IJAZAH', 'TRANSKRIP', 'AKREDITASI', 'IZIN_BELAJAR', 'SERTIFIKAT_UJIAN_PENYESUAIAN', 'URAIAN_TUGAS', 'SKP',
    ]);
    expect(codes(kpChecklist('PRESTASI_LUAR_BIASA', { crossesBand: false, firstKp: false })))
      .toEqual(['KEPUTUSAN_PPK_PRESTASI', 'BUKTI_PRESTASI', 'SKP']);
  });

  it('uses the SIASN ids of the public API', () => {
    expect([870, 871, 872, 873, 874, 879, 880, 882, 887, 888, 889, 891].every((id) =>
      Object.values(DOCUMENT_TYPES).some((d) => d.siasnId === id && d.source === 'SIASN'))).toBe(true);
  });
});

describe('completeness gate', () => {
  const struktural = kpChecklist('JABATAN_STRUKTURAL', { crossesBand: false, firstKp: false });

  it('passes when every mandatory document is there, counting repeated ones', () => {
    const present = ['SK_PANGKAT_TERAKHIR', 'SKP', 'SKP', 'IJAZAH', 'TRANSKRIP', 'SK_JABATAN', 'SPMT'];
    expect(missingDocuments(struktural, present)).toEqual([]);
  });

  it('names what is missing, including a second SKP and the pelantikan record or SPMT', () => {
    const missing = missingDocuments(struktural, ['SK_PANGKAT_TERAKHIR', 'SKP', 'IJAZAH', 'TRANSKRIP', 'SK_JABATAN']);
    expect(missing.map((m) => m.item.code)).toEqual(['SKP', 'SURAT_PELANTIKAN']);
    expect(describeMissing(missing)).toEqual([
      'SKP 2 tahun terakhir belum diunggah (ada 1 dari 2)',
      'Surat Pelantikan atau Surat Pernyataan Melaksanakan Tugas (SPMT) belum diunggah',
    ]);
  });
});

describe('peremajaan supporting documents', () => {
  it('asks for the document that proves each changed field', () => {
    expect(codes(peremajaanChecklist('DATA_PRIBADI', ['tanggalLahir', 'tempatLahir']))).toEqual(['AKTA_KELAHIRAN']);
    expect(codes(peremajaanChecklist('PENDIDIKAN', ['gelarBelakang']))).toEqual(['IJAZAH', 'TRANSKRIP', 'AKREDITASI', 'IZIN_BELAJAR']);
    expect(codes(peremajaanChecklist('DIKLAT'))).toEqual(['SERTIFIKAT_DIKLAT']);
  });
});

describe('the STLUD document follows the eligibility decision', () => {
  it('is asked for when eligibility says an ujian dinas is needed, and not for an exempt person, whatever the type', () => {
    const codes = (ctx: Parameters<typeof kpChecklist>[1]) => kpChecklist('JABATAN_STRUKTURAL', ctx).map((i) => i.code);
    expect(codes({ crossesBand: true, firstKp: false, stludRequired: true })).toContain('STLUD');
    expect(codes({ crossesBand: true, firstKp: false, stludRequired: false })).not.toContain('STLUD');
    expect(kpChecklist('REGULER', { crossesBand: true, firstKp: false, stludRequired: false }).map((i) => i.code)).not.toContain('STLUD');
  });
});
