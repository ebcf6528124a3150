import { reconcile, rekonScore, REKON_BAGIAN, type OurPegawai, type RekonInput, type SiasnPegawai } from '../../domain/rekon';
import { buildNip } from '../../domain/nip';

/** The reconciliation's invariants, whatever the input: each difference is one row, nothing agreeing is stored, counts add up. */
const ours = (i: number, over: Partial<OurPegawai> = {}): OurPegawai => {
  const nip = buildNip('1980-02-0' + (1 + (i % 9)), '2005-03', i % 2 ? 'L' : 'P', 100 + i);
  return {
    nip, nama: `Pegawai ${i}`, gelarDepan: null, gelarBelakang: 'S.E.', tanggalLahir: `1980-02-0${1 + (i % 9)}`, jenisKelamin: i % 2 ? 'L' : 'P', jenisAsn: 'PNS',
    kedudukanHukum: 'AKTIF', golonganId: 32, tmtGolongan: '2020-04-01', mkTahun: 10, mkBulan: 0, tmtCpns: '2005-03-01', tmtPns: '2006-03-01', pendidikan: 'S1',
    jabatanJenis: 'PELAKSANA', jabatanNama: 'Pengadministrasi', eselon: null, tmtJabatan: null, unorId: 'U1', email: null, skpTahun: [2025, 2026], ...over,
  };
};
const mirror = (o: OurPegawai, over: Partial<SiasnPegawai> = {}): SiasnPegawai => ({
  nip: o.nip, nama: o.nama, gelarDepan: o.gelarDepan, gelarBelakang: o.gelarBelakang, tanggalLahir: o.tanggalLahir, jenisKelamin: o.jenisKelamin,
  jenisAsn: o.jenisAsn, kedudukanHukum: o.kedudukanHukum, golonganId: o.golonganId, tmtGolongan: o.tmtGolongan, mkTahun: o.mkTahun, mkBulan: o.mkBulan,
  tmtCpns: o.tmtCpns, tmtPns: o.tmtPns, pendidikan: o.pendidikan, jabatanJenis: o.jabatanJenis, jabatanNama: o.jabatanNama, eselon: o.eselon,
  tmtJabatan: o.tmtJabatan, unorSiasnId: 'S1', email: o.email, skpTahun: o.skpTahun, riwayatJabatanTerakhir: null, ...over,
});
const base = (o: OurPegawai[], s: SiasnPegawai[]): RekonInput => ({
  ours: o, siasn: s, ourUnor: [{ id: 'U1', nama: 'Bagian Umum', parentId: null, siasnId: 'S1' }],
  siasnUnor: [{ id: 'S1', nama: 'BAGIAN  UMUM', indukId: null, pemimpinPnsId: null }], pnsIdOf: new Map(), skpYears: [2025, 2026],
});

it('identical sides (up to case, spaces and apostrophes) store no row and score 100', () => {
  const o = [ours(1, { nama: "Ma'ruf  Amin" }), ours(2)];
  const s = o.map((x) => mirror(x, { nama: x.nama.toUpperCase().replace("'", '\u2019').replace('  ', ' ') }));
  const r = reconcile(base(o, s));
  expect(r.rows).toEqual([]);
  for (const b of REKON_BAGIAN) expect(r.counts[b].sesuai).toBe(r.counts[b].diperiksa);
  expect(rekonScore(r, 1)).toBe(100);
});

it('every planted difference is exactly one row with the right action, and the counts add up', () => {
  const o = [ours(1), ours(2), ours(3), ours(4), ours(5)];
  const s = [
    mirror(o[0], { nama: 'Orang Lain' }),
    mirror(o[1], { golonganId: 31 }),
    mirror(o[2], { email: 'a@b.id' }),
    // o[3] is missing in SIASN; someone only SIASN holds:
    { ...mirror(ours(9)), nip: buildNip('1979-01-01', '2004-01', 'L', 999) },
    mirror(o[4], { skpTahun: [2025] }),
  ];
  const r = reconcile(base(o, s));
  const brief = r.rows.map((x) => [x.bagian, x.nip, x.cek, x.hasil, x.tindakan]);
  expect(brief).toEqual(expect.arrayContaining([
    ['PEGAWAI', o[0].nip, 'nama', 'TIDAK_SESUAI', 'AJUKAN_KE_BKN'],
    ['PEGAWAI', o[1].nip, 'golongan', 'TIDAK_SESUAI', 'AJUKAN_KE_BKN'],
    ['PEGAWAI', o[2].nip, 'email', 'TIDAK_SESUAI', 'KIRIM_KE_SIASN'],
    ['PEGAWAI', o[3].nip, 'terdaftar di SIASN', 'HANYA_KITA', 'AJUKAN_KE_BKN'],
    ['PEGAWAI', s[3].nip, 'terdaftar di data instansi', 'HANYA_SIASN', 'PERBAIKI_DI_SINI'],
    ['KINERJA', o[4].nip, 'SKP 2026', 'HANYA_KITA', 'KIRIM_KE_SIASN'],
  ]));
  // Nothing else: SIASN's missing email on the others is no disagreement.
  expect(r.rows.filter((x) => x.bagian === 'PEGAWAI' || x.bagian === 'KINERJA')).toHaveLength(6);
  expect(r.rows.every((x) => x.hasil !== 'SESUAI')).toBe(true);
  for (const b of REKON_BAGIAN) {
    const c = r.counts[b];
    expect(c.sesuai + c.tidakSesuai + c.hanyaKita + c.hanyaSiasn).toBe(c.diperiksa);
    expect(r.rows.filter((x) => x.bagian === b)).toHaveLength(c.diperiksa - c.sesuai);
  }
  expect(r.populasi).toEqual({ kita: 5, siasn: 5, keduanya: 4 });
  expect(rekonScore(r, 1)).toBeLessThan(100);
});

it('checks the NIP against both sides, and the unit tree both ways', () => {
  const o = [ours(1, { tanggalLahir: '1981-01-01' })];
  const s = [mirror(o[0], { jenisKelamin: o[0].jenisKelamin === 'L' ? 'P' : 'L', unorSiasnId: 'S2' })];
  const input = base(o, s);
  input.ourUnor.push({ id: 'U2', nama: 'Bagian Baru', parentId: 'U1', siasnId: null });
  input.siasnUnor.push({ id: 'S9', nama: 'Unor Lama', indukId: 'S1', pemimpinPnsId: null });
  const r = reconcile(input);
  const nipRows = r.rows.filter((x) => x.bagian === 'KONSISTENSI_NIP').map((x) => [x.cek, x.tindakan]);
  expect(nipRows).toEqual(expect.arrayContaining([
    ['tanggal lahir = digit 1–8 NIP (data instansi)', 'PERBAIKI_DI_SINI'],
    ['jenis kelamin = digit 15 NIP (SIASN)', 'AJUKAN_KE_BKN'],
  ]));
  const unit = r.rows.filter((x) => x.bagian === 'UNIT_KERJA').map((x) => [x.unorId, x.cek, x.hasil]);
  expect(unit).toEqual(expect.arrayContaining([
    ['U2', 'dipetakan ke unor SIASN', 'HANYA_KITA'],
    [null, 'unor SIASN dipetakan', 'HANYA_SIASN'],
    ['U1', 'unit kerja pegawai', 'TIDAK_SESUAI'],
  ]));
});

it('finds a struktural post held twice and a SIASN head who is not struktural here', () => {
  const a = ours(1, { jabatanJenis: 'STRUKTURAL', jabatanNama: 'Kepala Bagian Umum', eselon: 'III.a' });
  const b = ours(2, { jabatanJenis: 'STRUKTURAL', jabatanNama: 'kepala bagian  umum', eselon: 'III.a' });
  const c = ours(3);
  const input = base([a, b, c], [mirror(a, { eselon: 'IIIA' }), mirror(b, { eselon: 'III.A' }), mirror(c)]);
  input.siasnUnor[0].pemimpinPnsId = 'P-3';
  input.pnsIdOf = new Map([[c.nip, 'P-3']]);
  const r = reconcile(input);
  const rows = r.rows.filter((x) => x.bagian === 'PEJABAT_STRUKTURAL').map((x) => [x.cek, x.hasil]);
  expect(rows).toEqual([['satu pemangku jabatan KEPALA BAGIAN UMUM', 'TIDAK_SESUAI'], ['pimpinan unor BAGIAN  UMUM', 'TIDAK_SESUAI']]);
  // Eselon written III.a here and IIIA there is the same eselon.
  expect(r.rows.filter((x) => x.cek === 'eselon')).toEqual([]);
});
