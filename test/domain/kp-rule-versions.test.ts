import {
  checkKpEligibility, forecastEligibility, kpChecklist, kpRuleBook, kpRuleVersionFor, kpRuleVersionOfUsulan, kpRuleVersionProblems,
  KP_RULE_VERSIONS, regimeFor, type KpRuleVersion,
} from '../../domain';
import { employee } from './fixtures';

const failure = (r: ReturnType<typeof checkKpEligibility>, rule: string) => r.failures.find((f) => f.rule === rule);

/** A rule change published later: from the 2027-01 period, reguler asks 5 years in pangkat. */
const STRICTER: KpRuleVersion = {
  id: 'KP-UJI-2027-01', validFrom: '2027-01-01', regulation: 'Peraturan BKN (uji) 9/2026', summary: 'masa kerja reguler 5 tahun',
  dasarHukum: ['Peraturan Badan Kepegawaian Negara (uji) Nomor 9 Tahun 2026'], superiorCap: false,
  typeRules: { REGULER: { minYearsInPangkat: 5 } },
};

describe('KP rule versions by effective date', () => {
  it.each([
    ['2023-10-01', 'KP-2002'], ['2023-12-31', 'KP-2002'], ['2024-01-01', 'KP-2024-01'], ['2024-02-01', 'KP-2024-01'],
    ['2025-04-01', 'KP-2024-01'], ['2025-05-19', 'KP-2024-01'], ['2025-06-01', 'KP-2025-05'], ['2025-08-01', 'KP-2025-05'],
    ['2025-09-30', 'KP-2025-05'], ['2025-10-01', 'KP-2025-10'], ['2026-12-01', 'KP-2025-10'],
  ])('a period on %s is judged by %s', (period, id) => {
    expect(kpRuleVersionFor(period).id).toBe(id);
    expect(checkKpEligibility(employee(), 'REGULER', period).ruleVersion.id).toBe(id);
  });

  it('every built-in version cites in its Mengingat the period regulation in force on its first day, and no revoked one', () => {
    for (const v of KP_RULE_VERSIONS) {
      const regime = regimeFor(v.validFrom)!;
      const text = v.dasarHukum.join('\n');
      expect(text.includes('Nomor 4 Tahun 2023')).toBe(regime.id === 'ENAM_KALI_SETAHUN');
      expect(text.includes('Nomor 4 Tahun 2025')).toBe(regime.id === 'SETIAP_BULAN');
      expect(text).toContain('Nomor 99 Tahun 2000');
    }
    // Since 2/2025, the cap is gone, and so is the decree that held it; before it, every version applies it.
    for (const v of KP_RULE_VERSIONS) expect(v.superiorCap).toBe(v.validFrom < '2025-05-20');
  });

  it('reads a date before every version by the earliest, and refuses an empty book', () => {
    expect(kpRuleVersionFor('1899-12-01').id).toBe('KP-2002');
    expect(() => kpRuleVersionFor('2026-12-01', [])).toThrow(RangeError);
  });
});

describe('the superior-pangkat cap of KP reguler before Peraturan BKN 2/2025', () => {
  // III/b since 2020-04 → III/c; the superior holds III/b.
  const person = employee({ tmtGolongan: '2020-04-01', superiorGolonganId: 32, ratings: [
    { year: 2023, rating: 'BAIK' }, { year: 2024, rating: 'BAIK' }, { year: 2025, rating: 'BAIK' },
  ] });

  it('holds the person back in April 2025 and lets them through in June 2025, with the same facts', () => {
    const april = checkKpEligibility(person, 'REGULER', '2025-04-01');
    expect(april.eligible).toBe(false);
    expect(failure(april, 'BATAS_PANGKAT_ATASAN')?.message).toBe('golongan tujuan III/c melampaui pangkat atasan langsung (III/b); aturan KP-2024-01 tidak membolehkannya');
    expect(april.failures.map((f) => f.rule)).toEqual(['BATAS_PANGKAT_ATASAN']);
    const june = checkKpEligibility(person, 'REGULER', '2025-06-01');
    expect(june.eligible).toBe(true);
    expect(june.passed.map((p) => p.rule)).not.toContain('BATAS_PANGKAT_ATASAN');
    expect(june.ruleVersion).toEqual(expect.objectContaining({ id: 'KP-2025-05', regulation: 'Peraturan BKN 2/2025' }));
  });

  it('passes under the cap when the superior is at or above the target, and fails when nobody recorded the superior', () => {
    expect(checkKpEligibility({ ...person, superiorGolonganId: 33 }, 'REGULER', '2025-04-01').eligible).toBe(true);
    const unknown = checkKpEligibility({ ...person, superiorGolonganId: undefined }, 'REGULER', '2025-04-01');
    expect(failure(unknown, 'BATAS_PANGKAT_ATASAN')?.message).toMatch(/pangkat atasan langsung tidak tercatat/);
  });

  it('never applies to a KP type other than reguler', () => {
    const jf = employee({
      tmtGolongan: '2020-04-01', superiorGolonganId: 31,
      jabatan: { kind: 'FUNGSIONAL', name: 'Analis SDM Aparatur Ahli Pertama', jfLevel: 'AHLI_PERTAMA', angkaKredit: 60 },
      ratings: [{ year: 2023, rating: 'BAIK' }, { year: 2024, rating: 'BAIK' }],
    });
    const r = checkKpEligibility(jf, 'JABATAN_FUNGSIONAL', '2025-04-01');
    expect([...r.passed, ...r.failures].map((x) => x.rule)).not.toContain('BATAS_PANGKAT_ATASAN');
  });
});

describe('a published version', () => {
  const book = kpRuleBook([STRICTER]);
  // Four years and eight months in pangkat on 2027-01-01: enough under KP-2025-10, not under the stricter version.
  const person = employee({ tmtGolongan: '2022-05-01', ratings: [{ year: 2024, rating: 'BAIK' }, { year: 2025, rating: 'BAIK' }, { year: 2026, rating: 'BAIK' }] });

  it('governs periods from its date and leaves earlier ones alone', () => {
    const dec = checkKpEligibility(person, 'REGULER', '2026-12-01', { ruleBook: book });
    expect(dec.ruleVersion.id).toBe('KP-2025-10');
    expect(dec.eligible).toBe(true);
    const jan = checkKpEligibility(person, 'REGULER', '2027-01-01', { ruleBook: book });
    expect(jan.ruleVersion.id).toBe('KP-UJI-2027-01');
    expect(failure(jan, 'MASA_KERJA_PANGKAT')).toEqual({
      rule: 'MASA_KERJA_PANGKAT', message: 'masa kerja dalam pangkat 4 tahun 8 bulan, minimal 5 tahun',
      regulation: 'Peraturan BKN 2/2025; Peraturan BKN (uji) 9/2026',
    });
  });

  it('yields to what a caller passes explicitly, and an usulan judged earlier keeps its version', () => {
    const r = checkKpEligibility(person, 'REGULER', '2027-01-01', { ruleBook: book, typeRules: { REGULER: { minYearsInPangkat: 4 } } });
    expect(r.eligible).toBe(true);
    expect(kpRuleVersionOfUsulan('KP-2025-10', '2027-01-01', book).id).toBe('KP-2025-10');
    expect(kpRuleVersionOfUsulan(null, '2027-01-01', book).id).toBe('KP-UJI-2027-01');
    expect(kpRuleVersionOfUsulan('GONE', '2026-12-01', book).id).toBe('KP-2025-10');
  });

  it('moves open usulan onto itself only when it says so and covers their period', () => {
    const correction: KpRuleVersion = { ...STRICTER, id: 'KP-KOREKSI', validFrom: '2026-11-01', appliesToOpen: true, typeRules: undefined };
    const later = kpRuleBook([STRICTER, correction]);
    expect(kpRuleVersionOfUsulan('KP-2025-10', '2026-12-01', later).id).toBe('KP-KOREKSI');
    expect(kpRuleVersionOfUsulan('KP-2025-10', '2026-10-01', later).id).toBe('KP-2025-10');
    expect(kpRuleVersionOfUsulan('KP-2025-10', '2026-12-01', later, false).id).toBe('KP-2025-10');
  });

  it('forecasts each period by its own version', () => {
    const f = forecastEligibility(person, 'REGULER', '2026-12-01', 3, undefined, { ruleBook: book, assumeRating: null });
    expect(f.firstEligiblePeriod).toBe('2026-12-01');
    // Four years on 2027-01-01: the built-in rules would say January 2027; the stricter version holds 2027 back.
    const later = { ...person, tmtGolongan: '2023-01-01' };
    expect(forecastEligibility(later, 'REGULER', '2026-12-01', 8, undefined, { assumeRating: null }).firstEligiblePeriod).toBe('2027-01-01');
    const g = forecastEligibility(later, 'REGULER', '2026-12-01', 8, undefined, { ruleBook: book, assumeRating: null });
    expect(g.firstEligiblePeriod).toBeNull();
    expect(g.checked.every((c) => c.failedRules.includes('MASA_KERJA_PANGKAT'))).toBe(true);
  });

  it('changes the berkas checklist: its documents, what is no longer mandatory, and the SKP count by its rating years', () => {
    const v: KpRuleVersion = { ...STRICTER, typeRules: { REGULER: { ratingYears: 3 } }, documents: { REGULER: { add: ['SK_JABATAN'], optional: ['TRANSKRIP'] } } };
    const list = kpChecklist('REGULER', { crossesBand: false, firstKp: false, version: v });
    expect(list.find((i) => i.code === 'SKP')).toMatchObject({ count: 3, name: 'SKP 3 tahun terakhir' });
    expect(list.find((i) => i.code === 'SK_JABATAN')).toMatchObject({ mandatory: true });
    expect(list.find((i) => i.code === 'TRANSKRIP')).toMatchObject({ mandatory: false });
    const before = kpChecklist('REGULER', { crossesBand: false, firstKp: false });
    expect(before.find((i) => i.code === 'SKP')?.count).toBe(2);
    expect(before.map((i) => i.code)).not.toContain('SK_JABATAN');
    // Another type is untouched by a reguler change.
    expect(kpChecklist('JABATAN_FUNGSIONAL', { crossesBand: false, firstKp: false, version: v })).toEqual(kpChecklist('JABATAN_FUNGSIONAL', { crossesBand: false, firstKp: false }));
  });

  it('refuses an SK number format that would collide or fail at numbering time', () => {
    expect(kpRuleVersionProblems({ ...STRICTER, id: 'KP-BARU', skNumberFormat: '800/{seq}/{year}' }, book)).toEqual(['format nomor SK harus memuat {office}']);
    expect(kpRuleVersionProblems({ ...STRICTER, id: 'KP-BARU', skNumberFormat: '800/{seq}/{office}/{year}/{bulan}' }, book)[0]).toMatch(/tidak dapat dipakai/);
    expect(kpRuleVersionProblems({ ...STRICTER, id: 'KP-BARU', skNumberFormat: '800.1.3.2/{seq:4}/{unit}-{office}/{year}' }, book)).toEqual([]);
  });

  it('refuses a duplicate id, a malformed id and an empty Mengingat', () => {
    expect(kpRuleVersionProblems(STRICTER, book)).toEqual([`versi aturan ${STRICTER.id} sudah ada`]);
    expect(kpRuleVersionProblems({ ...STRICTER, id: 'x' }, book)[0]).toMatch(/id versi aturan/);
    expect(kpRuleVersionProblems({ ...STRICTER, id: 'KP-BARU', dasarHukum: [] }, book)).toEqual(['dasar hukum (Mengingat) SK wajib diisi, satu baris per peraturan']);
    expect(kpRuleVersionProblems({ ...STRICTER, id: 'KP-BARU' }, book)).toEqual([]);
  });
});
