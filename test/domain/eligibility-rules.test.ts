import {
  checkKpEligibility, KP_TYPES, stludRequirement, strukturalPangkatRange, type EligibilityResult, type EmployeeFacts, type JfLevel,
} from '../../domain';
import { employee, PERIOD } from './fixtures';

const failure = (r: EligibilityResult, rule: string) => r.failures.find((f) => f.rule === rule);
const failed = (r: EligibilityResult) => r.failures.map((f) => f.rule).sort();
const sb = [{ year: 2024, rating: 'SANGAT_BAIK' as const }, { year: 2025, rating: 'SANGAT_BAIK' as const }];

describe('KP reguler is for pelaksana only', () => {
  it('refuses a JF holder and tells the operator to propose them as KP pilihan jabatan fungsional (202)', () => {
    const r = checkKpEligibility(employee({ jabatan: { kind: 'FUNGSIONAL', name: 'Analis SDM Aparatur Ahli Pertama', jfLevel: 'AHLI_PERTAMA' } }), 'REGULER', PERIOD);
    expect(r.eligible).toBe(false);
    expect(failed(r)).toEqual(['TANPA_JABATAN_STRUKTURAL_FUNGSIONAL']);
    const f = failure(r, 'TANPA_JABATAN_STRUKTURAL_FUNGSIONAL')!;
    expect(f.message).toContain('Kenaikan Pangkat Pilihan Jabatan Fungsional (202)');
    expect(f.message).toContain('Analis SDM Aparatur Ahli Pertama');
    expect(f.regulation).toContain('PP 99/2000');
  });

  it('refuses a struktural holder and points to KP pilihan jabatan struktural (201)', () => {
    const r = checkKpEligibility(employee({ jabatan: { kind: 'STRUKTURAL', name: 'Kepala Subbagian Umum', strukturalLevel: 'PENGAWAS' } }), 101, PERIOD);
    expect(failure(r, 'TANPA_JABATAN_STRUKTURAL_FUNGSIONAL')?.message).toContain('(201)');
    expect(r.eligible).toBe(false);
  });

  it('records the rule as passed for a pelaksana', () => {
    const r = checkKpEligibility(employee(), 'REGULER', PERIOD);
    expect(r.passed.find((p) => p.rule === 'TANPA_JABATAN_STRUKTURAL_FUNGSIONAL')?.message).toContain('pelaksana');
  });

  it('does not send a PPPK or someone at IV/e to another type, since none can promote them', () => {
    const jf = { kind: 'FUNGSIONAL' as const, name: 'Guru Ahli Pertama', jfLevel: 'AHLI_PERTAMA' as const };
    expect(failed(checkKpEligibility(employee({ jenisAsn: 'PPPK', jabatan: jf }), 'REGULER', PERIOD))).toEqual(['JENIS_ASN']);
    expect(failed(checkKpEligibility(employee({ golonganId: 45, education: { level: 'S3' }, jabatan: jf }), 'REGULER', PERIOD)))
      .toEqual(['PANGKAT_TERTINGGI']);
  });
});

describe('ujian dinas (STLUD) and its exemptions', () => {
  const atIId = (over: Partial<EmployeeFacts> = {}) => employee({ golonganId: 24, education: { level: 'D3' }, ...over });

  it('asks a D-III holder crossing II/d → III/a for Ujian Dinas Tingkat I and sets stludRequired', () => {
    const r = checkKpEligibility(atIId(), 'REGULER', PERIOD);
    expect(failure(r, 'STLUD')?.message).toBe('kenaikan dari golongan II ke golongan III memerlukan STLUD (Ujian Dinas Tingkat I)');
    expect(r.stludRequired).toBe(true);
  });

  it.each(['S1', 'D4', 'S2', 'DOKTER', 'APOTEKER', 'S3'] as const)('exempts a holder of %s from Tingkat I', (level) => {
    const r = checkKpEligibility(atIId({ education: { level } }), 'REGULER', PERIOD);
    expect(failure(r, 'STLUD')).toBeUndefined();
    expect(r.passed.find((p) => p.rule === 'STLUD')?.message).toMatch(/^tidak memerlukan STLUD \(Ujian Dinas Tingkat I\): pemegang ijazah/);
    expect(r.stludRequired).toBe(false);
  });

  it.each(['S2', 'DOKTER', 'APOTEKER', 'S3'] as const)('exempts a holder of %s from Tingkat II', (level) => {
    const exams = stludRequirement(employee({ education: { level } }), 'JABATAN_STRUKTURAL', 34, 41, PERIOD);
    expect(exams).toEqual([expect.objectContaining({ name: 'Ujian Dinas Tingkat II', exemption: expect.stringContaining('pemegang ijazah') })]);
  });

  it.each(['S1', 'D4'] as const)('does not exempt a holder of %s from Tingkat II', (level) => {
    expect(stludRequirement(employee({ education: { level } }), 'JABATAN_STRUKTURAL', 34, 41, PERIOD)[0].exemption).toBeNull();
  });

  it('exempts whoever passed Diklatpim on or before the period date from both, but not a later Diklatpim', () => {
    const before = atIId({ diklatpim: [{ tingkat: 'IV', passedAt: '2025-09-01' }] });
    expect(checkKpEligibility(before, 'REGULER', PERIOD).eligible).toBe(true);
    expect(stludRequirement(employee({ diklatpim: [{ tingkat: 'III' }] }), 'JABATAN_STRUKTURAL', 34, 41, PERIOD)[0].exemption)
      .toBe('telah lulus Diklatpim Tingkat III');
    const after = atIId({ diklatpim: [{ tingkat: 'IV', passedAt: '2026-04-02' }] });
    expect(failure(checkKpEligibility(after, 'REGULER', PERIOD), 'STLUD')).toBeDefined();
  });

  it('exempts a JF holder from both', () => {
    const exams = stludRequirement(employee({ jabatan: { kind: 'FUNGSIONAL', name: 'Perawat Terampil', jfLevel: 'TERAMPIL' } }), 'JABATAN_FUNGSIONAL', 24, 31, PERIOD);
    expect(exams[0].exemption).toBe('pejabat fungsional dibebaskan dari ujian dinas');
  });

  it('exempts KP prestasi luar biasa and penemuan baru from both, whatever the education', () => {
    const slta = atIId({ education: { level: 'SLTA' }, ratings: sb, prestasiDecree: true, penemuanBaruDecree: true });
    for (const type of ['PRESTASI_LUAR_BIASA', 'PENEMUAN_BARU'] as const) {
      const r = checkKpEligibility(slta, type, PERIOD);
      expect({ type, failures: r.failures }).toEqual({ type, failures: [] });
      expect(r.passed.find((p) => p.rule === 'STLUD')?.message).toContain('dibebaskan dari ujian dinas');
    }
  });

  it('asks a struktural holder with an S1 and no Diklatpim for Tingkat II when crossing III/d → IV/a', () => {
    const kabag = employee({
      golonganId: 34, tmtGolongan: '2021-04-01',
      jabatan: { kind: 'STRUKTURAL', name: 'Sekretaris Badan', strukturalLevel: 'ADMINISTRATOR', eselon: 'IIIB' },
    });
    const r = checkKpEligibility(kabag, 'JABATAN_STRUKTURAL', PERIOD);
    expect(failed(r)).toEqual(['STLUD']);
    expect(failure(r, 'STLUD')?.message).toContain('Ujian Dinas Tingkat II');
    expect(checkKpEligibility({ ...kabag, stlud: [{ opensBand: 'IV', passedAt: '2024-01-01' }] }, 201, PERIOD).eligible).toBe(true);
    expect(checkKpEligibility({ ...kabag, diklatpim: [{ tingkat: 'III' }] }, 201, PERIOD).eligible).toBe(true);
  });

  it('judges penyesuaian ijazah on the new ijazah: II/c with a new S1 needs no STLUD to reach III/a', () => {
    const r = checkKpEligibility(employee({
      golonganId: 23, tmtGolongan: '2025-03-01', education: { level: 'SLTA' },
      penyesuaianIjazah: { newLevel: 'S1', recognised: false, examPassed: true },
    }), 'PENYESUAIAN_IJAZAH', PERIOD);
    expect(failed(r)).toEqual(['IJAZAH_DIAKUI']);
  });
});

describe('KP prestasi luar biasa (208)', () => {
  const plb = (over: Partial<EmployeeFacts> = {}) => employee({ prestasiDecree: true, ratings: sb, ...over });

  it('needs a full year in the last pangkat: 11 months fail, 12 months pass', () => {
    expect(failure(checkKpEligibility(plb({ tmtGolongan: '2025-05-01' }), 208, PERIOD), 'MASA_KERJA_PANGKAT')?.message)
      .toBe('masa kerja dalam pangkat 0 tahun 11 bulan, minimal 1 tahun');
    expect(checkKpEligibility(plb({ tmtGolongan: '2025-04-01' }), 208, PERIOD).eligible).toBe(true);
  });

  it('needs Sangat Baik in the last year; Baik is not enough', () => {
    const r = checkKpEligibility(plb({ ratings: [{ year: 2025, rating: 'BAIK' }] }), 208, PERIOD);
    expect(failure(r, 'PENILAIAN_KINERJA')?.message).toBe('predikat kinerja 2025 Baik; minimal Sangat Baik dalam 1 tahun terakhir');
  });

  it('has no education ceiling: an SLTA holder at III/b may go to III/c', () => {
    const slta = plb({ education: { level: 'SLTA' } });
    expect(checkKpEligibility(slta, 'PRESTASI_LUAR_BIASA', PERIOD).eligible).toBe(true);
    expect(failure(checkKpEligibility(slta, 'REGULER', PERIOD), 'BATAS_PANGKAT_PENDIDIKAN')).toBeDefined();
  });

  it('needs the PPK decree', () => {
    expect(failed(checkKpEligibility(plb({ prestasiDecree: false }), 208, PERIOD))).toEqual(['KEPUTUSAN_PRESTASI']);
  });
});

describe('KP penemuan baru (207)', () => {
  it('needs the decree recognising the invention and Baik for 1 year, nothing else', () => {
    const recent = employee({ tmtGolongan: '2026-01-01', ratings: [{ year: 2025, rating: 'BAIK' }] });
    expect(checkKpEligibility({ ...recent, penemuanBaruDecree: true }, 207, PERIOD).eligible).toBe(true);
    const r = checkKpEligibility(recent, 'PENEMUAN_BARU', PERIOD);
    expect(failed(r)).toEqual(['KEPUTUSAN_PENEMUAN_BARU']);
    expect(failure(r, 'KEPUTUSAN_PENEMUAN_BARU')?.message).toContain('instansi yang ditunjuk Presiden');
    const poor = { ...recent, penemuanBaruDecree: true, ratings: [{ year: 2025, rating: 'BUTUH_PERBAIKAN' as const }] };
    expect(failed(checkKpEligibility(poor, 207, PERIOD))).toEqual(['PENILAIAN_KINERJA']);
  });
});

describe('KP jabatan fungsional (202): angka kredit per pangkat', () => {
  const cases: [JfLevel, number, number][] = [
    ['AHLI_PERTAMA', 31, 50], ['AHLI_MUDA', 33, 100], ['AHLI_MADYA', 41, 150], ['AHLI_MADYA', 42, 150], ['AHLI_UTAMA', 44, 200],
    ['TERAMPIL', 22, 20], ['TERAMPIL', 23, 20], ['MAHIR', 31, 50], ['PENYELIA', 33, 100],
  ];
  const jf = (jfLevel: JfLevel, golonganId: number, over: Partial<EmployeeFacts['jabatan']> = {}) => employee({
    golonganId, tmtGolongan: '2024-04-01', education: { level: 'S2' },
    jabatan: { kind: 'FUNGSIONAL', name: 'Pejabat Fungsional', jfLevel, ...over },
  });

  it.each(cases)('%s at golongan %i needs %i for this pangkat: exactly that passes, a little less fails', (level, gol, required) => {
    expect(checkKpEligibility(jf(level, gol, { angkaKredit: required }), 202, PERIOD).eligible).toBe(true);
    const r = checkKpEligibility(jf(level, gol, { angkaKredit: required - 0.001 }), 202, PERIOD);
    expect(failed(r)).toEqual(['ANGKA_KREDIT']);
    expect(failure(r, 'ANGKA_KREDIT')?.message).toContain(`minimal ${required} per pangkat`);
  });

  it('derives the credit of this pangkat from cumulative totals: latest minus the total at the TMT of the pangkat', () => {
    const ok = checkKpEligibility(jf('AHLI_MUDA', 33, { angkaKreditKumulatif: { latest: 312.5, atTmtGolongan: 200 } }), 202, PERIOD);
    expect(ok.eligible).toBe(true);
    expect(ok.passed.find((p) => p.rule === 'ANGKA_KREDIT')?.message)
      .toBe('angka kredit sejak TMT pangkat 2024-04-01 112,5 (kumulatif 312,5 dikurangi 200 pada TMT pangkat), minimal 100 per pangkat untuk jenjang Ahli Muda');
    const short = checkKpEligibility(jf('AHLI_MUDA', 33, { angkaKreditKumulatif: { latest: 312.5, atTmtGolongan: 250 } }), 202, PERIOD);
    expect(failed(short)).toEqual(['ANGKA_KREDIT']);
  });

  it('never compares a cumulative total without its baseline against the per-pangkat minimum', () => {
    const r = checkKpEligibility(jf('AHLI_MUDA', 33, { angkaKreditKumulatif: { latest: 900 } }), 202, PERIOD);
    expect(failed(r)).toEqual(['ANGKA_KREDIT']);
    expect(failure(r, 'ANGKA_KREDIT')?.message).toContain('tidak dapat dihitung');
  });

  it('refuses inconsistent cumulative totals and a credit that is not a number', () => {
    expect(failed(checkKpEligibility(jf('AHLI_MUDA', 33, { angkaKreditKumulatif: { latest: 100, atTmtGolongan: 180 } }), 202, PERIOD)))
      .toEqual(['ANGKA_KREDIT']);
    expect(failed(checkKpEligibility(jf('AHLI_MUDA', 33, { angkaKredit: Number.NaN }), 202, PERIOD))).toEqual(['ANGKA_KREDIT']);
  });

  it('needs 2 years in pangkat: 1 year 11 months fails, 2 years pass; and Baik for 2 years', () => {
    expect(failed(checkKpEligibility({ ...jf('AHLI_PERTAMA', 31, { angkaKredit: 60 }), tmtGolongan: '2024-05-01' }, 202, PERIOD)))
      .toEqual(['MASA_KERJA_PANGKAT']);
    expect(checkKpEligibility({ ...jf('AHLI_PERTAMA', 31, { angkaKredit: 60 }), tmtGolongan: '2024-04-01' }, 202, PERIOD).eligible).toBe(true);
    const poor = { ...jf('AHLI_PERTAMA', 31, { angkaKredit: 60 }), ratings: [{ year: 2024, rating: 'KURANG' as const }, { year: 2025, rating: 'BAIK' as const }] };
    expect(failed(checkKpEligibility(poor, 202, PERIOD))).toEqual(['PENILAIAN_KINERJA']);
  });
});

describe('KP jabatan struktural (201)', () => {
  const pengawas = (golonganId: number, over: Partial<EmployeeFacts> = {}, jabatan: Partial<EmployeeFacts['jabatan']> = {}) => employee({
    golonganId, tmtGolongan: '2022-04-01',
    jabatan: { kind: 'STRUKTURAL', name: 'Kepala Seksi Mutasi', strukturalLevel: 'PENGAWAS', eselon: 'IVA', ...jabatan },
    ...over,
  });

  it('within the eselon range: 4 years in pangkat (3 years 11 months fail)', () => {
    expect(checkKpEligibility(pengawas(33), 201, PERIOD).eligible).toBe(true);
    expect(failed(checkKpEligibility(pengawas(33, { tmtGolongan: '2022-05-01' }), 201, PERIOD))).toEqual(['MASA_KERJA_PANGKAT']);
  });

  it('one step below the lowest pangkat: 1 year in pangkat and 1 year since the inauguration', () => {
    const below = pengawas(32, { tmtGolongan: '2025-04-01' }, { tmtJabatan: '2025-04-01' });
    const r = checkKpEligibility(below, 201, PERIOD);
    expect(r.failures).toEqual([]);
    expect(r.targetGolonganId).toBe(33);
    expect(failed(checkKpEligibility({ ...below, tmtGolongan: '2025-05-01' }, 201, PERIOD))).toEqual(['MASA_KERJA_PANGKAT']);
    const newPost = checkKpEligibility(pengawas(32, { tmtGolongan: '2025-04-01' }, { tmtJabatan: '2025-05-02' }), 201, PERIOD);
    expect(failure(newPost, 'MASA_JABATAN')?.message).toContain('0 tahun 10 bulan, minimal 1 tahun');
    const unknown = checkKpEligibility(pengawas(32, { tmtGolongan: '2025-04-01' }), 201, PERIOD);
    expect(failure(unknown, 'MASA_JABATAN')?.message).toContain('tidak tercatat');
  });

  it('refuses someone more than one step below the lowest pangkat of the post', () => {
    const r = checkKpEligibility(pengawas(31), 201, PERIOD);
    expect(failed(r)).toEqual(['JALUR_JABATAN_STRUKTURAL']);
    expect(failure(r, 'JALUR_JABATAN_STRUKTURAL')?.message).toContain('lebih dari satu tingkat di bawah pangkat terendah jabatan (III/c–III/d)');
  });

  it('caps the new golongan at the highest pangkat of the eselon', () => {
    const r = checkKpEligibility(pengawas(34, { education: { level: 'S2' } }), 201, PERIOD);
    expect(failed(r)).toEqual(['BATAS_PANGKAT_JABATAN']);
    expect(failure(r, 'BATAS_PANGKAT_JABATAN')?.message).toBe('golongan tujuan IV/a melebihi pangkat tertinggi untuk jabatan Kepala Seksi Mutasi (III/c–III/d)');
    expect(failure(r, 'BATAS_PANGKAT_JABATAN')?.regulation).toContain('PP 13/2002');
  });

  it('without an eselon uses the union of the level\'s eselon, and refuses when neither is recorded', () => {
    expect(strukturalPangkatRange({ strukturalLevel: 'ADMINISTRATOR' })).toEqual([34, 42]);
    expect(strukturalPangkatRange({ strukturalLevel: 'PENGAWAS', eselon: 'IVB' })).toEqual([32, 33]);
    expect(strukturalPangkatRange({})).toBeNull();
    const r = checkKpEligibility(pengawas(33, {}, { eselon: undefined, strukturalLevel: undefined }), 201, PERIOD);
    expect(failed(r)).toEqual(['JALUR_JABATAN_STRUKTURAL']);
  });

  it('refuses a non-holder with the one reason that they hold no structural post', () => {
    expect(failed(checkKpEligibility(employee(), 201, PERIOD))).toEqual(['MENDUDUKI_JABATAN_STRUKTURAL']);
  });
});

describe('KP penyesuaian ijazah (203)', () => {
  const pi = (tmtGolongan: string) => employee({
    golonganId: 23, tmtGolongan, education: { level: 'S1' }, ratings: [{ year: 2025, rating: 'BAIK' }],
    penyesuaianIjazah: { newLevel: 'S1', recognised: true, examPassed: true },
  });

  it('needs 1 year in pangkat: 11 months fail, 12 pass; the target may skip steps', () => {
    expect(failed(checkKpEligibility(pi('2025-05-01'), 203, PERIOD))).toEqual(['MASA_KERJA_PANGKAT']);
    const r = checkKpEligibility(pi('2025-04-01'), 203, PERIOD);
    expect(r.eligible).toBe(true);
    expect(r.targetGolonganId).toBe(31);
  });

  it('needs Baik in the last year', () => {
    expect(failed(checkKpEligibility({ ...pi('2025-04-01'), ratings: [{ year: 2025, rating: 'KURANG' }] }, 203, PERIOD)))
      .toEqual(['PENILAIAN_KINERJA']);
  });
});

describe('KP types whose rules are not modelled', () => {
  const unmodelled = KP_TYPES.filter((k) => !['REGULER', 'JABATAN_STRUKTURAL', 'JABATAN_FUNGSIONAL', 'PENYESUAIAN_IJAZAH', 'PENEMUAN_BARU', 'PRESTASI_LUAR_BIASA'].includes(k.code));

  it('are exactly 204, 205, 206, 209, 210, anumerta and pengabdian', () => {
    expect(unmodelled.map((k) => k.siasnId ?? k.code)).toEqual([204, 205, 206, 209, 210, 'ANUMERTA', 'PENGABDIAN']);
  });

  it.each(unmodelled.map((k) => [k.code]))('%s is never eligible, and says its rule is not modelled yet', (code) => {
    const perfect = employee({ prestasiDecree: true, penemuanBaruDecree: true, ratings: sb, tmtGolongan: '2018-04-01' });
    const r = checkKpEligibility(perfect, code, PERIOD);
    expect(r.eligible).toBe(false);
    expect(failed(r)).toEqual(['ATURAN_BELUM_DIMODELKAN']);
    expect(failure(r, 'ATURAN_BELUM_DIMODELKAN')?.message).toContain('belum dimodelkan');
  });

  it('cannot be switched on through the options', () => {
    const opts = { typeRules: { SEDANG_TUGAS_BELAJAR: { modelled: true, specific: [] } } } as unknown as Parameters<typeof checkKpEligibility>[3];
    expect(checkKpEligibility(employee(), 'SEDANG_TUGAS_BELAJAR', PERIOD, opts).eligible).toBe(false);
  });

  it('an unknown type is refused instead of throwing, with no type and no target', () => {
    for (const ref of [999, 0, 'KP_SILUMAN'] as const) {
      const r = checkKpEligibility(employee(), ref as never, PERIOD);
      expect(r).toMatchObject({ eligible: false, kpType: null, targetGolonganId: null });
      expect(failure(r, 'ATURAN_BELUM_DIMODELKAN')?.message).toContain(`jenis KP ${ref} tidak dikenal`);
    }
  });
});
