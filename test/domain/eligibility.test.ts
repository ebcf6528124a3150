import { checkKpEligibility, forecastEligibility, type EligibilityResult } from '../../domain';
import { employee, PERIOD } from './fixtures';

const failure = (r: EligibilityResult, rule: string) => r.failures.find((f) => f.rule === rule);

describe('KP reguler', () => {
  it('is open to a PNS with 4 years in pangkat and good ratings, one step up', () => {
    const r = checkKpEligibility(employee(), 'REGULER', PERIOD);
    expect(r.failures).toEqual([]);
    expect(r.eligible).toBe(true);
    expect(r.targetGolonganId).toBe(33);
    expect(r.passed.map((p) => p.rule)).toEqual(expect.arrayContaining([
      'JENIS_ASN', 'HUKUMAN_DISIPLIN', 'BLOKIR_BKN', 'MASA_KERJA_PANGKAT', 'PENILAIAN_KINERJA', 'BATAS_PANGKAT_PENDIDIKAN',
    ]));
  });

  it('accepts the SIASN id 101 as well as the code', () => {
    expect(checkKpEligibility(employee(), 101, PERIOD).eligible).toBe(true);
  });

  it('when the employee has 3 years 2 months in pangkat, fails masa kerja naming both figures and Peraturan BKN 2/2025', () => {
    const r = checkKpEligibility(employee({ tmtGolongan: '2023-02-01' }), 'REGULER', PERIOD);
    expect(r.eligible).toBe(false);
    expect(failure(r, 'MASA_KERJA_PANGKAT')).toEqual({
      rule: 'MASA_KERJA_PANGKAT',
      message: 'masa kerja dalam pangkat 3 tahun 2 bulan, minimal 4 tahun',
      regulation: 'Peraturan BKN 2/2025',
    });
  });

  it('when the TMT golongan lies after the period, fails masa kerja saying so', () => {
    const r = checkKpEligibility(employee({ tmtGolongan: '2026-05-01' }), 'REGULER', PERIOD);
    expect(failure(r, 'MASA_KERJA_PANGKAT')?.message).toMatch(/sesudah tanggal periode/);
  });

  it('when a rating of the last 2 calendar years is below Baik, fails with the year and predikat', () => {
    const r = checkKpEligibility(employee({
      ratings: [{ year: 2024, rating: 'BAIK' }, { year: 2025, rating: 'BUTUH_PERBAIKAN' }, { year: 2026, rating: 'SANGAT_BAIK' }],
    }), 'REGULER', PERIOD);
    const f = failure(r, 'PENILAIAN_KINERJA');
    expect(f?.message).toBe('predikat kinerja 2024 Baik, 2025 Butuh Perbaikan; minimal Baik dalam 2 tahun terakhir');
    expect(f?.regulation).toContain('PP 30/2019');
  });

  it('when a rating of the last 2 years is missing, fails; a rating of the period year does not count', () => {
    const r = checkKpEligibility(employee({ ratings: [{ year: 2025, rating: 'BAIK' }, { year: 2026, rating: 'BAIK' }] }), 'REGULER', PERIOD);
    expect(failure(r, 'PENILAIAN_KINERJA')?.message).toContain('2024 belum ada');
  });

  it('when two rows exist for a year, the worse one counts', () => {
    const r = checkKpEligibility(employee({
      ratings: [{ year: 2024, rating: 'SANGAT_BAIK' }, { year: 2024, rating: 'KURANG' }, { year: 2025, rating: 'BAIK' }],
    }), 'REGULER', PERIOD);
    expect(failure(r, 'PENILAIAN_KINERJA')?.message).toContain('2024 Kurang');
  });

  it('when the next golongan is above the ceiling for the education, fails citing Peraturan BKN 2/2025', () => {
    const r = checkKpEligibility(employee({ golonganId: 34, stlud: [{ opensBand: 'IV' }] }), 'REGULER', PERIOD);
    expect(failure(r, 'BATAS_PANGKAT_PENDIDIKAN')).toEqual({
      rule: 'BATAS_PANGKAT_PENDIDIKAN',
      message: 'golongan tujuan IV/a melebihi batas tertinggi untuk pendidikan Sarjana (S-1) (III/d)',
      regulation: 'Peraturan BKN 2/2025',
    });
  });

  it('lets an SLTA graduate reach III/b but not III/c', () => {
    const slta = { education: { level: 'SLTA' as const } };
    expect(checkKpEligibility(employee({ ...slta, golonganId: 31 }), 'REGULER', PERIOD).eligible).toBe(true);
    expect(failure(checkKpEligibility(employee({ ...slta, golonganId: 32 }), 'REGULER', PERIOD), 'BATAS_PANGKAT_PENDIDIKAN')).toBeDefined();
  });

  it('when crossing II/d → III/a without STLUD, fails naming Ujian Dinas Tingkat I', () => {
    const base = { golonganId: 24, education: { level: 'SLTA' as const } };
    const r = checkKpEligibility(employee(base), 'REGULER', PERIOD);
    expect(failure(r, 'STLUD')).toEqual({
      rule: 'STLUD',
      message: 'kenaikan dari golongan II ke golongan III memerlukan STLUD (Ujian Dinas Tingkat I)',
      regulation: 'PP 99/2000 jo. PP 12/2002',
    });
    expect(checkKpEligibility(employee({ ...base, stlud: [{ opensBand: 'III', passedAt: '2025-11-20' }] }), 'REGULER', PERIOD).eligible).toBe(true);
    expect(failure(checkKpEligibility(employee({ ...base, stlud: [{ opensBand: 'III', passedAt: '2026-05-02' }] }), 'REGULER', PERIOD), 'STLUD')).toBeDefined();
    expect(failure(checkKpEligibility(employee({ ...base, stlud: [{ opensBand: 'IV' }] }), 'REGULER', PERIOD), 'STLUD')).toBeDefined();
  });

  it('when an S1 holder crosses III/d → IV/a, asks for Ujian Dinas Tingkat II (S2 and up are exempt)', () => {
    const r = checkKpEligibility(employee({ golonganId: 34, education: { level: 'S1' } }), 'REGULER', PERIOD);
    expect(failure(r, 'STLUD')?.message).toContain('Ujian Dinas Tingkat II');
    const s2 = checkKpEligibility(employee({ golonganId: 34, education: { level: 'S2' } }), 'REGULER', PERIOD);
    expect(failure(s2, 'STLUD')).toBeUndefined();
    expect(s2.eligible).toBe(true);
  });

  it('does not ask for STLUD when no band is crossed', () => {
    const r = checkKpEligibility(employee(), 'REGULER', PERIOD);
    expect([...r.passed, ...r.failures].some((x) => x.rule === 'STLUD')).toBe(false);
  });
});

describe('rules common to every KP type', () => {
  it('refuses a PPPK: KP is for PNS only', () => {
    const r = checkKpEligibility(employee({ jenisAsn: 'PPPK' }), 'REGULER', PERIOD);
    expect(failure(r, 'JENIS_ASN')).toEqual({
      rule: 'JENIS_ASN',
      message: 'kenaikan pangkat hanya untuk PNS; PPPK tidak dapat diusulkan',
      regulation: 'UU 20/2023; PP 99/2000 jo. PP 12/2002',
    });
  });

  it('refuses an employee whose disciplinary sanction runs on the period date, citing PP 94/2021', () => {
    const r = checkKpEligibility(employee({ sanctions: [{ from: '2025-06-01', to: '2026-05-31', level: 'SEDANG' }] }), 'REGULER', PERIOD);
    expect(failure(r, 'HUKUMAN_DISIPLIN')?.regulation).toBe('PP 94/2021');
    expect(failure(r, 'HUKUMAN_DISIPLIN')?.message).toContain('2025-06-01 s.d. 2026-05-31');
    expect(checkKpEligibility(employee({ sanctions: [{ from: '2025-06-01', to: null, level: 'BERAT' }] }), 'REGULER', PERIOD).eligible).toBe(false);
  });

  it('does not hold an ended sanction, or one starting after the period, against the employee', () => {
    expect(checkKpEligibility(employee({ sanctions: [{ from: '2024-01-01', to: '2026-03-31', level: 'BERAT' }] }), 'REGULER', PERIOD).eligible).toBe(true);
    expect(checkKpEligibility(employee({ sanctions: [{ from: '2026-04-02', to: null, level: 'BERAT' }] }), 'REGULER', PERIOD).eligible).toBe(true);
  });

  it('lets configuration decide whether a light sanction blocks (unconfirmed)', () => {
    const facts = employee({ sanctions: [{ from: '2026-01-01', to: '2026-12-31', level: 'RINGAN' }] });
    expect(checkKpEligibility(facts, 'REGULER', PERIOD).eligible).toBe(false);
    expect(checkKpEligibility(facts, 'REGULER', PERIOD, { blockingSanctionLevels: ['SEDANG', 'BERAT'] }).eligible).toBe(true);
  });

  it('refuses an employee whose data BKN has blocked', () => {
    const r = checkKpEligibility(employee({ blockedByBkn: true }), 'SEDANG_TUGAS_BELAJAR', PERIOD);
    expect(failure(r, 'BLOKIR_BKN')?.message).toBe('data pegawai sedang diblokir oleh BKN');
  });

  it('refuses an employee already at IV/e and names no target', () => {
    const r = checkKpEligibility(employee({ golonganId: 45, education: { level: 'S3' } }), 'JABATAN_STRUKTURAL', PERIOD);
    expect(failure(r, 'PANGKAT_TERTINGGI')?.message).toBe('golongan IV/e adalah golongan tertinggi');
    expect(r.targetGolonganId).toBeNull();
  });

  it('reports every failed rule, not only the first', () => {
    const r = checkKpEligibility(employee({ jenisAsn: 'PPPK', blockedByBkn: true, tmtGolongan: '2025-01-01', ratings: [] }), 'REGULER', PERIOD);
    expect(r.failures.map((f) => f.rule).sort()).toEqual(['BLOKIR_BKN', 'JENIS_ASN', 'MASA_KERJA_PANGKAT', 'PENILAIAN_KINERJA']);
  });

  it('warns, without failing, about open peremajaan of pendidikan or golongan, a NIP birth date mismatch and a non-period date', () => {
    const r = checkKpEligibility(employee({ openPeremajaanAreas: ['PENDIDIKAN', 'KELUARGA'], birthDate: '1985-06-16' }), 'REGULER', '2026-04-15');
    expect(r.eligible).toBe(true);
    expect(r.warnings).toEqual(expect.arrayContaining([
      expect.stringContaining('usulan peremajaan pendidikan'),
      expect.stringContaining('tanggal lahir pada NIP'),
      'periode kenaikan pangkat selalu tanggal 1',
    ]));
    expect(r.warnings.some((w) => w.includes('keluarga'))).toBe(false);
  });
});

describe('KP jabatan fungsional', () => {
  const jf = (angkaKredit: number | undefined, golonganId = 31, jfLevel: 'AHLI_PERTAMA' | 'AHLI_MUDA' = 'AHLI_PERTAMA') => employee({
    golonganId,
    tmtGolongan: '2024-03-01',
    jabatan: { kind: 'FUNGSIONAL', name: 'Analis SDM Aparatur', jfLevel, angkaKredit },
  });

  it('is open after 2 years in pangkat with the angka kredit required for one pangkat of the jenjang', () => {
    const r = checkKpEligibility(jf(55), 'JABATAN_FUNGSIONAL', PERIOD);
    expect(r.failures).toEqual([]);
    expect(r.targetGolonganId).toBe(32);
  });

  it('when angka kredit is short, fails with both figures, citing Peraturan BKN 3/2023', () => {
    const r = checkKpEligibility(jf(42), 'JABATAN_FUNGSIONAL', PERIOD);
    expect(failure(r, 'ANGKA_KREDIT')).toEqual({
      rule: 'ANGKA_KREDIT',
      message: 'angka kredit sejak TMT pangkat 2024-03-01 42, minimal 50 per pangkat untuk jenjang Ahli Pertama',
      regulation: 'Peraturan BKN 3/2023; PermenPANRB 1/2023',
    });
    expect(failure(checkKpEligibility(jf(undefined), 'JABATAN_FUNGSIONAL', PERIOD), 'ANGKA_KREDIT')?.message).toContain('belum ditetapkan');
  });

  it('takes the minimum years in pangkat from configuration (unconfirmed)', () => {
    const r = checkKpEligibility(jf(55), 'JABATAN_FUNGSIONAL', PERIOD, { jfMinYears: 3 });
    expect(failure(r, 'MASA_KERJA_PANGKAT')?.message).toBe('masa kerja dalam pangkat 2 tahun 1 bulan, minimal 3 tahun');
  });

  it('when the next pangkat lies beyond the jenjang, asks for a promotion in jenjang first', () => {
    const r = checkKpEligibility(jf(80, 32), 'JABATAN_FUNGSIONAL', PERIOD);
    expect(failure(r, 'JENJANG_JABATAN_FUNGSIONAL')?.message).toContain('di luar rentang jenjang Ahli Pertama (III/a–III/b)');
  });

  it('refuses someone who holds no jabatan fungsional', () => {
    const r = checkKpEligibility(employee(), 'JABATAN_FUNGSIONAL', PERIOD);
    expect(failure(r, 'MENDUDUKI_JABATAN_FUNGSIONAL')?.message).toBe('tidak menduduki jabatan fungsional');
  });
});

describe('KP jabatan struktural', () => {
  it('requires holding a structural position', () => {
    expect(failure(checkKpEligibility(employee(), 'JABATAN_STRUKTURAL', PERIOD), 'MENDUDUKI_JABATAN_STRUKTURAL')?.message)
      .toBe('tidak menduduki jabatan struktural');
    const kasubag = employee({ jabatan: { kind: 'STRUKTURAL', name: 'Kepala Subbagian Umum', strukturalLevel: 'PENGAWAS' } });
    expect(checkKpEligibility(kasubag, 201, PERIOD).eligible).toBe(true);
  });
});

describe('KP penyesuaian ijazah', () => {
  const base = {
    golonganId: 23,
    tmtGolongan: '2025-03-01',
    education: { level: 'SLTA' as const },
    ratings: [{ year: 2025, rating: 'BAIK' as const }],
  };

  it('moves II/c with a new S1 straight to III/a after 1 year in pangkat and 1 good year', () => {
    const r = checkKpEligibility(employee({ ...base, penyesuaianIjazah: { newLevel: 'S1', recognised: true, examPassed: true } }), 'PENYESUAIAN_IJAZAH', PERIOD);
    expect(r.failures).toEqual([]);
    expect(r.targetGolonganId).toBe(31);
  });

  it('fails when the ijazah is not recognised or the exam not passed', () => {
    const r = checkKpEligibility(employee({ ...base, penyesuaianIjazah: { newLevel: 'S1', recognised: false, examPassed: false } }), 203, PERIOD);
    expect(r.failures.map((f) => f.rule).sort()).toEqual(['IJAZAH_DIAKUI', 'UJIAN_PENYESUAIAN_IJAZAH']);
    expect(r.failures[0].regulation).toBe('PP 99/2000 jo. PP 12/2002');
  });

  it('fails when the new education starts at or below the current golongan', () => {
    const r = checkKpEligibility(employee({ ...base, penyesuaianIjazah: { newLevel: 'D3', recognised: true, examPassed: true } }), 'PENYESUAIAN_IJAZAH', PERIOD);
    expect(failure(r, 'GOLONGAN_TUJUAN')?.message).toBe('golongan sesuai ijazah Diploma III adalah II/c, tidak lebih tinggi dari golongan sekarang II/c');
    expect(r.targetGolonganId).toBeNull();
  });

  it('fails when no new ijazah is given', () => {
    expect(failure(checkKpEligibility(employee(base), 'PENYESUAIAN_IJAZAH', PERIOD), 'GOLONGAN_TUJUAN')).toBeDefined();
  });
});

describe('KP prestasi luar biasa', () => {
  it('needs the PPK decree, one year in pangkat and a Sangat Baik year, not 4 years in pangkat', () => {
    const recent = { tmtGolongan: '2025-04-01', ratings: [{ year: 2025, rating: 'SANGAT_BAIK' as const }] };
    expect(checkKpEligibility(employee({ ...recent, prestasiDecree: true }), 'PRESTASI_LUAR_BIASA', PERIOD).eligible).toBe(true);
    expect(failure(checkKpEligibility(employee(recent), 208, PERIOD), 'KEPUTUSAN_PRESTASI')?.message)
      .toBe('keputusan PPK yang mengakui prestasi luar biasa tidak ada');
  });
});

describe('forecastEligibility', () => {
  it('names the first period the employee becomes eligible, assuming not-yet-given ratings are Baik', () => {
    const f = forecastEligibility(employee({ tmtGolongan: '2023-02-01' }), 'REGULER', '2026-01-01', 24);
    expect(f.firstEligiblePeriod).toBe('2027-02-01');
    expect(f.checked).toHaveLength(14);
    expect(f.checked[0]).toEqual({ periodDate: '2026-01-01', eligible: false, failedRules: ['MASA_KERJA_PANGKAT'] });
    expect(f.result?.warnings).toContain('predikat kinerja 2026 belum ada; diasumsikan Baik untuk perkiraan');
  });

  it('finds nothing when a missing rating may not be assumed', () => {
    const f = forecastEligibility(employee({ tmtGolongan: '2023-02-01' }), 'REGULER', '2026-01-01', 24, undefined, { assumeRating: null });
    expect(f.firstEligiblePeriod).toBeNull();
    expect(f.checked).toHaveLength(24);
  });

  it('walks the periods of the regime in force (six a year before October 2025)', () => {
    const ratings = [2023, 2024, 2025].map((year) => ({ year, rating: 'BAIK' as const }));
    const f = forecastEligibility(employee({ tmtGolongan: '2021-07-01', ratings }), 'REGULER', '2025-03-01', 6);
    expect(f.checked.map((c) => c.periodDate)).toEqual(['2025-04-01', '2025-06-01', '2025-08-01']);
    expect(f.firstEligiblePeriod).toBe('2025-08-01');
  });
});
