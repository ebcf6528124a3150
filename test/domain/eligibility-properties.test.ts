import fc from 'fast-check';
import {
  ANGKA_KREDIT_REQUIRED, angkaKreditForPangkat, JF_PANGKAT_RANGE, checkKpEligibility, compareIso, educationInfo, EDUCATION_LEVELS, formatIsoDate,
  fullMonthsBetween, golongan, GOLONGAN_LADDER, KP_TYPES, KP_TYPE_RULES, strukturalPangkatRange,
  type EducationLevel, type EmployeeFacts, type Eselon, type JabatanFacts, type JfLevel, type KpTypeCode, type Rating,
  type StrukturalLevel,
} from '../../domain';

const RATINGS: Rating[] = ['SANGAT_BAIK', 'BAIK', 'BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG'];
const JF_LEVELS = Object.keys(ANGKA_KREDIT_REQUIRED) as JfLevel[];
const STRUKTURAL_LEVELS: StrukturalLevel[] = ['JPT_UTAMA', 'JPT_MADYA', 'JPT_PRATAMA', 'ADMINISTRATOR', 'PENGAWAS'];
const ESELON: Eselon[] = ['IA', 'IB', 'IIA', 'IIB', 'IIIA', 'IIIB', 'IVA', 'IVB', 'VA'];
const MODELLED: KpTypeCode[] = ['REGULER', 'JABATAN_STRUKTURAL', 'JABATAN_FUNGSIONAL', 'PENYESUAIAN_IJAZAH', 'PENEMUAN_BARU', 'PRESTASI_LUAR_BIASA'];
const UNMODELLED = KP_TYPES.map((k) => k.code).filter((c) => !MODELLED.includes(c));

const date = (from: number, to: number) => fc.record({
  y: fc.integer({ min: from, max: to }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }),
}).map(({ y, m, d }) => formatIsoDate(y, m, d));
const period = fc.record({ y: fc.integer({ min: 2024, max: 2028 }), m: fc.integer({ min: 1, max: 12 }) })
  .map(({ y, m }) => formatIsoDate(y, m, 1));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });

const jabatan: fc.Arbitrary<JabatanFacts> = fc.oneof(
  fc.constant<JabatanFacts>({ kind: 'PELAKSANA', name: 'Pengadministrasi Perkantoran' }),
  fc.record({
    kind: fc.constant('FUNGSIONAL' as const), name: fc.constant('Pejabat Fungsional'), jfLevel: maybe(fc.constantFrom(...JF_LEVELS)),
    angkaKredit: maybe(fc.oneof(fc.double({ min: 0, max: 400, noNaN: true }), fc.constant(Number.NaN))),
    angkaKreditKumulatif: maybe(fc.record({ latest: fc.double({ min: 0, max: 1500, noNaN: true }), atTmtGolongan: maybe(fc.double({ min: 0, max: 1500, noNaN: true })) })),
  }, { requiredKeys: ['kind', 'name'] }),
  fc.record({
    kind: fc.constant('STRUKTURAL' as const), name: fc.constant('Kepala Bagian'), strukturalLevel: maybe(fc.constantFrom(...STRUKTURAL_LEVELS)),
    eselon: maybe(fc.constantFrom(...ESELON)), tmtJabatan: maybe(date(2015, 2028)),
  }, { requiredKeys: ['kind', 'name'] }),
);

const facts: fc.Arbitrary<EmployeeFacts> = fc.record({
  nip: fc.constant('198506152010031007'),
  jenisAsn: fc.constantFrom('PNS' as const, 'PNS' as const, 'PPPK' as const),
  birthDate: fc.constant('1985-06-15'),
  golonganId: fc.constantFrom(...GOLONGAN_LADDER.map((g) => g.id)),
  tmtGolongan: date(2010, 2028),
  mkgTahun: fc.integer({ min: 0, max: 30 }),
  mkgBulan: fc.integer({ min: 0, max: 11 }),
  education: fc.record({ level: fc.constantFrom(...EDUCATION_LEVELS.map((e) => e.level)) }),
  ratings: fc.array(fc.record({ year: fc.integer({ min: 2021, max: 2028 }), rating: fc.constantFrom(...RATINGS) }), { maxLength: 8 }),
  jabatan,
  stlud: fc.array(fc.record({ opensBand: fc.constantFrom('III' as const, 'IV' as const), passedAt: maybe(date(2005, 2028)) }), { maxLength: 2 }),
  sanctions: fc.array(fc.record({ from: date(2020, 2028), to: fc.option(date(2020, 2029), { nil: null }), level: fc.constantFrom('RINGAN' as const, 'SEDANG' as const, 'BERAT' as const) }), { maxLength: 1 }),
  blockedByBkn: fc.boolean(),
  diklatpim: maybe(fc.array(fc.record({ tingkat: fc.constantFrom('I' as const, 'II' as const, 'III' as const, 'IV' as const), passedAt: maybe(date(2010, 2028)) }), { maxLength: 2 })),
  penyesuaianIjazah: maybe(fc.record({ newLevel: fc.constantFrom(...EDUCATION_LEVELS.map((e) => e.level)), recognised: fc.boolean(), examPassed: fc.boolean() })),
  prestasiDecree: maybe(fc.boolean()),
  penemuanBaruDecree: maybe(fc.boolean()),
});

/** Facts biased towards eligibility, so that the "eligible ⇒ ..." properties are exercised and not vacuous. */
const goodFacts: fc.Arbitrary<EmployeeFacts> = fc.tuple(facts, fc.constantFrom('BAIK' as Rating, 'SANGAT_BAIK' as Rating)).map(([f, r]) => ({
  ...f,
  jenisAsn: 'PNS',
  blockedByBkn: false,
  sanctions: [],
  ratings: [2022, 2023, 2024, 2025, 2026, 2027].map((year) => ({ year, rating: r })),
}));

/** A JF holder whose next pangkat lies within the jenjang, with a credit around the minimum, in any of the data shapes. */
const jfFacts: fc.Arbitrary<EmployeeFacts> = fc.tuple(
  goodFacts, fc.constantFrom(...JF_LEVELS.filter((l) => JF_PANGKAT_RANGE[l][0] !== JF_PANGKAT_RANGE[l][1])),
  fc.double({ min: 0.5, max: 1.5, noNaN: true }), fc.nat(), fc.constantFrom('PER_PANGKAT', 'KUMULATIF', 'KUMULATIF_TANPA_AWAL'),
).map(([f, jfLevel, ratio, pick, shape]) => {
  const [lo, hi] = JF_PANGKAT_RANGE[jfLevel];
  const options = GOLONGAN_LADDER.filter((g) => g.rank >= golongan(lo).rank && g.rank < golongan(hi).rank);
  const credit = ANGKA_KREDIT_REQUIRED[jfLevel] * ratio;
  const j: JabatanFacts = { kind: 'FUNGSIONAL', name: 'Pejabat Fungsional', jfLevel };
  if (shape === 'PER_PANGKAT') j.angkaKredit = credit;
  else j.angkaKreditKumulatif = { latest: 300 + credit, atTmtGolongan: shape === 'KUMULATIF' ? 300 : undefined };
  return { ...f, golonganId: options[pick % options.length].id, jabatan: j };
});

/** A struktural holder from one step below the post's range to its top, with or without eselon and inauguration date. */
const strukturalFacts: fc.Arbitrary<EmployeeFacts> = fc.tuple(
  goodFacts, fc.constantFrom(...STRUKTURAL_LEVELS), maybe(fc.constantFrom(...ESELON)), fc.integer({ min: -1, max: 3 }), maybe(date(2020, 2028)),
).map(([f, strukturalLevel, eselon, offset, tmtJabatan]) => {
  const j: JabatanFacts = { kind: 'STRUKTURAL', name: 'Kepala Bagian', strukturalLevel, eselon, tmtJabatan };
  const lowest = golongan(strukturalPangkatRange(j)![0]).rank;
  const g = GOLONGAN_LADDER[Math.min(Math.max(lowest + offset, 0), GOLONGAN_LADDER.length - 1)];
  return { ...f, golonganId: g.id, jabatan: j };
});

const anyFacts = fc.oneof(facts, goodFacts, jfFacts, strukturalFacts);
const RUNS = { numRuns: 400 };
const rank = (level: EducationLevel) => educationInfo(level).rank;

describe('eligibility invariants, for any facts', () => {
  it('no unmodelled or unknown KP type is ever eligible, and each says why', () => {
    const ref = fc.oneof(
      fc.constantFrom(...UNMODELLED),
      fc.integer({ min: -5, max: 400 }).filter((n) => ![101, 201, 202, 203, 207, 208].includes(n)),
      fc.string().filter((s) => !(MODELLED as string[]).includes(s) && !['101', '201', '202', '203', '207', '208'].includes(s)),
    );
    fc.assert(fc.property(anyFacts, ref, period, (f, type, p) => {
      const r = checkKpEligibility(f, type as KpTypeCode, p);
      expect(r.eligible).toBe(false);
      expect(r.failures.map((x) => x.rule)).toContain('ATURAN_BELUM_DIMODELKAN');
    }), RUNS);
  });

  it('reguler is never eligible for a JF or struktural holder', () => {
    const holder = anyFacts.filter((f) => f.jabatan.kind !== 'PELAKSANA');
    fc.assert(fc.property(holder, period, (f, p) => {
      expect(checkKpEligibility(f, 'REGULER', p).eligible).toBe(false);
    }), RUNS);
  });

  it('a person or type exempt from ujian dinas never fails the STLUD rule', () => {
    fc.assert(fc.property(anyFacts, fc.constantFrom(...MODELLED), period, (f, type, p) => {
      const r = checkKpEligibility(f, type, p);
      const stludFailures = r.failures.filter((x) => x.rule === 'STLUD');
      const diklat = (f.diklatpim ?? []).some((d) => d.passedAt === undefined || compareIso(d.passedAt, p) <= 0);
      if (KP_TYPE_RULES[type].stludExempt || f.jabatan.kind === 'FUNGSIONAL' || diklat) expect(stludFailures).toEqual([]);
      const edu = type === 'PENYESUAIAN_IJAZAH' && f.penyesuaianIjazah && rank(f.penyesuaianIjazah.newLevel) > rank(f.education.level)
        ? f.penyesuaianIjazah.newLevel : f.education.level;
      if (rank(edu) >= rank('S1')) expect(stludFailures.filter((x) => x.message.includes('Tingkat I)'))).toEqual([]);
      if (rank(edu) >= rank('S2')) expect(stludFailures).toEqual([]);
    }), RUNS);
  });

  it('an eligible result has no failures and a target above the current golongan (one step, except penyesuaian ijazah)', () => {
    fc.assert(fc.property(anyFacts, fc.constantFrom(...MODELLED), period, (f, type, p) => {
      const r = checkKpEligibility(f, type, p);
      expect(r.eligible).toBe(r.failures.length === 0);
      if (!r.eligible) return;
      expect(f.jenisAsn).toBe('PNS');
      expect(r.targetGolonganId).not.toBeNull();
      const step = golongan(r.targetGolonganId!).rank - golongan(f.golonganId).rank;
      if (type === 'PENYESUAIAN_IJAZAH') expect(step).toBeGreaterThanOrEqual(1);
      else expect(step).toBe(1);
    }), RUNS);
  });

  it('an eligible KP JF always has the per-pangkat angka kredit of its jenjang, never just a cumulative total', () => {
    fc.assert(fc.property(anyFacts, period, (f, p) => {
      if (!checkKpEligibility(f, 'JABATAN_FUNGSIONAL', p).eligible) return;
      const j = f.jabatan;
      expect(j.kind).toBe('FUNGSIONAL');
      const ak = angkaKreditForPangkat(j);
      expect(ak.value).not.toBeNull();
      expect(ak.value!).toBeGreaterThanOrEqual(ANGKA_KREDIT_REQUIRED[j.jfLevel!]);
      if (j.angkaKredit === undefined) expect(j.angkaKreditKumulatif?.atTmtGolongan).toBeDefined();
      expect(fullMonthsBetween(f.tmtGolongan, p)).toBeGreaterThanOrEqual(24);
    }), RUNS);
  });

  it('an eligible KP prestasi luar biasa has a decree, a year in pangkat and Sangat Baik last year', () => {
    fc.assert(fc.property(anyFacts, period, (f, p) => {
      if (!checkKpEligibility(f, 'PRESTASI_LUAR_BIASA', p).eligible) return;
      expect(f.prestasiDecree).toBe(true);
      expect(fullMonthsBetween(f.tmtGolongan, p)).toBeGreaterThanOrEqual(12);
      const lastYear = Number(p.slice(0, 4)) - 1;
      const rows = f.ratings.filter((x) => x.year === lastYear);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((x) => x.rating === 'SANGAT_BAIK')).toBe(true);
    }), RUNS);
  });

  it('an eligible KP struktural stays within the pangkat range of the post', () => {
    fc.assert(fc.property(anyFacts, period, (f, p) => {
      const r = checkKpEligibility(f, 'JABATAN_STRUKTURAL', p);
      if (!r.eligible) return;
      const range = strukturalPangkatRange(f.jabatan);
      expect(range).not.toBeNull();
      expect(golongan(r.targetGolonganId!).rank).toBeLessThanOrEqual(golongan(range![1]).rank);
      expect(golongan(f.golonganId).rank).toBeGreaterThanOrEqual(golongan(range![0]).rank - 1);
    }), RUNS);
  });

  it('every failed rule is explained in a sentence naming its regulation', () => {
    fc.assert(fc.property(anyFacts, fc.constantFrom(...KP_TYPES.map((k) => k.code)), period, (f, type, p) => {
      for (const x of checkKpEligibility(f, type, p).failures) {
        expect(x.message.length).toBeGreaterThan(10);
        expect(x.regulation).toMatch(/PP|Peraturan|UU|Permen|BKN/);
      }
    }), RUNS);
  });
});
