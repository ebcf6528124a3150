import { addDays, addMonths, compareIso, formatYearsMonths, fullMonthsBetween, fullYearsMonthsBetween, toYmd, type IsoDate } from './dates';
import { educationLabel, regulerCeiling, startingGolongan } from './education';
import { bandsCrossed, golongan, HIGHEST_GOLONGAN_ID, nextGolongan, type GolonganId } from './golongan';
import { kpType, type KpTypeCode, type KpTypeRef } from './kp-types';
import { nipBirthDateWarning, parseNip } from './nip';
import { isValidPeriod, periodsBetween, PERIOD_REGIMES, type PeriodRegime } from './periods';
import { REGULATION } from './regulations';
import type { EmployeeFacts, JfLevel, Rating, RuleResult, SanctionLevel } from './types';

/**
 * Which rules apply to which KP type, as data. Rules DOMAIN.md does not spell out for a type (tugas belajar,
 * DPK/DPB, pejabat negara, penemuan baru, anumerta, pengabdian) are simplified to the common rules plus the values
 * below, all unconfirmed: they need the type-specific conditions (study permit, secondment decree, ...) added.
 */
export type SpecificRule =
  | 'MENDUDUKI_JABATAN_STRUKTURAL'
  | 'MENDUDUKI_JABATAN_FUNGSIONAL'
  | 'ANGKA_KREDIT'
  | 'JENJANG_JABATAN_FUNGSIONAL'
  | 'IJAZAH_DIAKUI'
  | 'UJIAN_PENYESUAIAN_IJAZAH'
  | 'KEPUTUSAN_PRESTASI';

export interface KpTypeRules {
  /** Full years in the current pangkat at the period date; null = no minimum. */
  minYearsInPangkat: number | null;
  /** Rating at least Baik in each of this many calendar years before the period year; 0 = not checked. */
  ratingYears: number;
  target: 'NEXT_STEP' | 'STARTING_GOLONGAN_OF_NEW_EDUCATION';
  educationCeiling: boolean;
  stludOnBandCrossing: boolean;
  specific: readonly SpecificRule[];
  /** The regulation the type's masa kerja and rating rules are cited from. */
  regulation: string;
}

const rules = (r: Partial<KpTypeRules>): KpTypeRules => Object.freeze({
  minYearsInPangkat: 4,
  ratingYears: 2,
  target: 'NEXT_STEP',
  educationCeiling: false,
  stludOnBandCrossing: false,
  specific: [],
  regulation: REGULATION.KP,
  ...r,
});

export const KP_TYPE_RULES: Readonly<Record<KpTypeCode, KpTypeRules>> = Object.freeze({
  REGULER: rules({ educationCeiling: true, stludOnBandCrossing: true, regulation: REGULATION.KP_REGULER }),
  JABATAN_STRUKTURAL: rules({ specific: ['MENDUDUKI_JABATAN_STRUKTURAL'] }),
  // Unconfirmed: 2 years in pangkat for JF under Peraturan BKN 3/2023.
  JABATAN_FUNGSIONAL: rules({
    minYearsInPangkat: 2,
    specific: ['MENDUDUKI_JABATAN_FUNGSIONAL', 'ANGKA_KREDIT', 'JENJANG_JABATAN_FUNGSIONAL'],
    regulation: REGULATION.ANGKA_KREDIT,
  }),
  PENYESUAIAN_IJAZAH: rules({
    minYearsInPangkat: 1,
    ratingYears: 1,
    target: 'STARTING_GOLONGAN_OF_NEW_EDUCATION',
    specific: ['IJAZAH_DIAKUI', 'UJIAN_PENYESUAIAN_IJAZAH'],
  }),
  SEDANG_TUGAS_BELAJAR: rules({}),
  SETELAH_TUGAS_BELAJAR: rules({}),
  DIPERBANTUKAN_DIPEKERJAKAN: rules({}),
  PENEMUAN_BARU: rules({ minYearsInPangkat: null, ratingYears: 1 }),
  PRESTASI_LUAR_BIASA: rules({ minYearsInPangkat: null, ratingYears: 1, specific: ['KEPUTUSAN_PRESTASI'] }),
  PEJABAT_NEGARA: rules({}),
  SELAMA_DPK_DPB: rules({}),
  // Posthumous: no rating can be asked for.
  ANUMERTA: rules({ minYearsInPangkat: null, ratingYears: 0 }),
  PENGABDIAN: rules({ minYearsInPangkat: null, ratingYears: 1 }),
});

/** Cumulative angka kredit for the next pangkat per jenjang. Keahlian values from DOMAIN.md; keterampilan unconfirmed. */
export const ANGKA_KREDIT_REQUIRED: Readonly<Record<JfLevel, number>> = Object.freeze({
  AHLI_PERTAMA: 50,
  AHLI_MUDA: 100,
  AHLI_MADYA: 150,
  AHLI_UTAMA: 200,
  PEMULA: 15,
  TERAMPIL: 20,
  MAHIR: 50,
  PENYELIA: 100,
});

/**
 * The pangkat range of each JF jenjang: a KP beyond it needs a promotion in jenjang first. Unconfirmed: not in
 * DOMAIN.md; the ranges commonly published with the JF regulations.
 */
export const JF_PANGKAT_RANGE: Readonly<Record<JfLevel, readonly [GolonganId, GolonganId]>> = Object.freeze({
  PEMULA: [21, 21],
  TERAMPIL: [22, 24],
  MAHIR: [31, 32],
  PENYELIA: [33, 34],
  AHLI_PERTAMA: [31, 32],
  AHLI_MUDA: [33, 34],
  AHLI_MADYA: [41, 43],
  AHLI_UTAMA: [44, 45],
});

export const JF_LEVEL_LABELS: Readonly<Record<JfLevel, string>> = Object.freeze({
  AHLI_PERTAMA: 'Ahli Pertama',
  AHLI_MUDA: 'Ahli Muda',
  AHLI_MADYA: 'Ahli Madya',
  AHLI_UTAMA: 'Ahli Utama',
  PEMULA: 'Pemula',
  TERAMPIL: 'Terampil',
  MAHIR: 'Mahir',
  PENYELIA: 'Penyelia',
});

export const RATING_LABELS: Readonly<Record<Rating, string>> = Object.freeze({
  SANGAT_BAIK: 'Sangat Baik',
  BAIK: 'Baik',
  BUTUH_PERBAIKAN: 'Butuh Perbaikan',
  KURANG: 'Kurang',
  SANGAT_KURANG: 'Sangat Kurang',
});

const RATING_ORDER: readonly Rating[] = ['SANGAT_KURANG', 'KURANG', 'BUTUH_PERBAIKAN', 'BAIK', 'SANGAT_BAIK'];

export function ratingAtLeast(rating: Rating, minimum: Rating): boolean {
  return RATING_ORDER.indexOf(rating) >= RATING_ORDER.indexOf(minimum);
}

export interface EligibilityOptions {
  /** Per-type overrides of KP_TYPE_RULES. */
  typeRules?: Partial<Record<KpTypeCode, Partial<KpTypeRules>>>;
  /** Shortcut for typeRules.JABATAN_FUNGSIONAL.minYearsInPangkat (default 2, unconfirmed). */
  jfMinYears?: number;
  angkaKreditRequired?: Partial<Record<JfLevel, number>>;
  jfPangkatRange?: Partial<Record<JfLevel, readonly [GolonganId, GolonganId]>>;
  /** Unconfirmed: whether a light sanction (teguran) also blocks a KP; by default every level does. */
  blockingSanctionLevels?: readonly SanctionLevel[];
  /** Open peremajaan in these areas make the result a warning (the data used may still change). */
  warnOnOpenPeremajaan?: readonly string[];
  regimes?: readonly PeriodRegime[];
  /** For forecasts: years from `fromYear` on without a rating are taken to have this rating, with a warning. */
  ratingAssumption?: { fromYear: number; rating: Rating };
}

export interface EligibilityResult {
  eligible: boolean;
  kpType: KpTypeCode;
  periodDate: IsoDate;
  targetGolonganId: number | null;
  failures: RuleResult[];
  passed: RuleResult[];
  warnings: string[];
}

export const RULE = {
  JENIS_ASN: 'JENIS_ASN',
  PANGKAT_TERTINGGI: 'PANGKAT_TERTINGGI',
  HUKUMAN_DISIPLIN: 'HUKUMAN_DISIPLIN',
  BLOKIR_BKN: 'BLOKIR_BKN',
  MASA_KERJA_PANGKAT: 'MASA_KERJA_PANGKAT',
  PENILAIAN_KINERJA: 'PENILAIAN_KINERJA',
  BATAS_PANGKAT_PENDIDIKAN: 'BATAS_PANGKAT_PENDIDIKAN',
  STLUD: 'STLUD',
  GOLONGAN_TUJUAN: 'GOLONGAN_TUJUAN',
  MENDUDUKI_JABATAN_STRUKTURAL: 'MENDUDUKI_JABATAN_STRUKTURAL',
  MENDUDUKI_JABATAN_FUNGSIONAL: 'MENDUDUKI_JABATAN_FUNGSIONAL',
  ANGKA_KREDIT: 'ANGKA_KREDIT',
  JENJANG_JABATAN_FUNGSIONAL: 'JENJANG_JABATAN_FUNGSIONAL',
  IJAZAH_DIAKUI: 'IJAZAH_DIAKUI',
  UJIAN_PENYESUAIAN_IJAZAH: 'UJIAN_PENYESUAIAN_IJAZAH',
  KEPUTUSAN_PRESTASI: 'KEPUTUSAN_PRESTASI',
} as const;

export type RuleId = (typeof RULE)[keyof typeof RULE];

const DEFAULT_WARN_AREAS = ['PENDIDIKAN', 'GOLONGAN'] as const;
const ALL_SANCTION_LEVELS: readonly SanctionLevel[] = ['RINGAN', 'SEDANG', 'BERAT'];

export function kpTypeRules(code: KpTypeCode, opts: EligibilityOptions = {}): KpTypeRules {
  const base = { ...KP_TYPE_RULES[code], ...opts.typeRules?.[code] };
  if (code === 'JABATAN_FUNGSIONAL' && opts.jfMinYears !== undefined) base.minYearsInPangkat = opts.jfMinYears;
  return base;
}

/** Checks every rule (it does not stop at the first failure) so the operator sees all reasons at once. */
export function checkKpEligibility(
  facts: EmployeeFacts, kpTypeRef: KpTypeRef, periodDate: IsoDate, opts: EligibilityOptions = {},
): EligibilityResult {
  const type = kpType(kpTypeRef);
  const typeRules = kpTypeRules(type.code, opts);
  const failures: RuleResult[] = [];
  const passed: RuleResult[] = [];
  const warnings: string[] = [];
  const record = (ok: boolean, rule: RuleId, message: string, regulation: string): void => {
    (ok ? passed : failures).push({ rule, message, regulation });
  };

  toYmd(periodDate); // a malformed period date is the caller's bug, not an ineligibility
  if (type.withinPeriods) {
    const check = isValidPeriod(periodDate, opts.regimes ?? PERIOD_REGIMES);
    if (!check.ok) warnings.push(check.reason);
  }
  warnings.push(...dataWarnings(facts, periodDate, opts));

  const kp = `${REGULATION.UU_ASN}; ${REGULATION.KP}`;
  record(
    facts.jenisAsn === 'PNS', RULE.JENIS_ASN,
    facts.jenisAsn === 'PNS' ? 'pegawai berstatus PNS' : 'kenaikan pangkat hanya untuk PNS; PPPK tidak dapat diusulkan',
    kp,
  );

  const current = golongan(facts.golonganId);
  const atTop = current.id === HIGHEST_GOLONGAN_ID;
  record(
    !atTop, RULE.PANGKAT_TERTINGGI,
    atTop ? `golongan ${current.code} adalah golongan tertinggi` : `golongan sekarang ${current.code}`,
    REGULATION.KP,
  );

  const blocking = opts.blockingSanctionLevels ?? ALL_SANCTION_LEVELS;
  const active = (facts.sanctions ?? []).find((s) =>
    blocking.includes(s.level) && compareIso(s.from, periodDate) <= 0 && (s.to === null || compareIso(periodDate, s.to) <= 0));
  record(
    !active, RULE.HUKUMAN_DISIPLIN,
    active
      ? `sedang menjalani hukuman disiplin tingkat ${active.level.toLowerCase()} (${active.from} s.d. ${active.to ?? 'belum ditentukan'}) pada tanggal periode`
      : 'tidak sedang menjalani hukuman disiplin pada tanggal periode',
    REGULATION.DISIPLIN,
  );

  record(
    !facts.blockedByBkn, RULE.BLOKIR_BKN,
    facts.blockedByBkn ? 'data pegawai sedang diblokir oleh BKN' : 'data pegawai tidak diblokir oleh BKN',
    REGULATION.BLOKIR_BKN,
  );

  if (typeRules.minYearsInPangkat !== null) {
    const min = typeRules.minYearsInPangkat;
    if (compareIso(facts.tmtGolongan, periodDate) > 0) {
      record(false, RULE.MASA_KERJA_PANGKAT,
        `TMT golongan (${facts.tmtGolongan}) sesudah tanggal periode (${periodDate}); minimal ${min} tahun dalam pangkat`,
        typeRules.regulation);
    } else {
      const served = fullYearsMonthsBetween(facts.tmtGolongan, periodDate);
      record(
        fullMonthsBetween(facts.tmtGolongan, periodDate) >= min * 12, RULE.MASA_KERJA_PANGKAT,
        `masa kerja dalam pangkat ${formatYearsMonths(served)}, minimal ${min} tahun`,
        typeRules.regulation,
      );
    }
  }

  if (typeRules.ratingYears > 0) {
    const r = checkRatings(facts, periodDate, typeRules.ratingYears, opts.ratingAssumption);
    warnings.push(...r.warnings);
    record(r.ok, RULE.PENILAIAN_KINERJA, r.message, `${typeRules.regulation}; ${REGULATION.PENILAIAN_KINERJA}`);
  }

  const target = atTop ? null : targetFor(facts, typeRules, record);

  if (target !== null && typeRules.educationCeiling) {
    const ceiling = regulerCeiling(facts.education.level);
    const t = golongan(target);
    const c = golongan(ceiling);
    record(
      t.rank <= c.rank, RULE.BATAS_PANGKAT_PENDIDIKAN,
      t.rank <= c.rank
        ? `golongan tujuan ${t.code} tidak melebihi batas untuk pendidikan ${educationLabel(facts.education.level)} (${c.code})`
        : `golongan tujuan ${t.code} melebihi batas tertinggi untuk pendidikan ${educationLabel(facts.education.level)} (${c.code})`,
      REGULATION.KP_REGULER,
    );
  }

  if (target !== null && typeRules.stludOnBandCrossing) {
    for (const crossing of bandsCrossed(current.id, target)) {
      if (crossing.to !== 'III' && crossing.to !== 'IV') continue;
      const exam = crossing.to === 'III' ? 'Ujian Dinas Tingkat I' : 'Ujian Dinas Tingkat II';
      const has = (facts.stlud ?? []).some((s) =>
        s.opensBand === crossing.to && (s.passedAt === undefined || compareIso(s.passedAt, periodDate) <= 0));
      record(
        has, RULE.STLUD,
        has
          ? `STLUD (${exam}) untuk kenaikan ke golongan ${crossing.to} ada`
          : `kenaikan dari golongan ${crossing.from} ke golongan ${crossing.to} memerlukan STLUD (${exam})`,
        typeRules.regulation,
      );
    }
  }

  for (const rule of typeRules.specific) checkSpecific(rule, facts, target, opts, record);

  return { eligible: failures.length === 0, kpType: type.code, periodDate, targetGolonganId: target, failures, passed, warnings };
}

type Recorder = (ok: boolean, rule: RuleId, message: string, regulation: string) => void;

function targetFor(facts: EmployeeFacts, typeRules: KpTypeRules, record: Recorder): number | null {
  if (typeRules.target === 'NEXT_STEP') return nextGolongan(facts.golonganId)?.id ?? null;
  const p = facts.penyesuaianIjazah;
  if (!p) {
    record(false, RULE.GOLONGAN_TUJUAN, 'data ijazah baru untuk penyesuaian ijazah tidak ada', REGULATION.KP);
    return null;
  }
  const current = golongan(facts.golonganId);
  const target = golongan(startingGolongan(p.newLevel));
  const ok = target.rank > current.rank;
  record(
    ok, RULE.GOLONGAN_TUJUAN,
    ok
      ? `golongan sesuai ijazah ${educationLabel(p.newLevel)} adalah ${target.code}, lebih tinggi dari ${current.code}`
      : `golongan sesuai ijazah ${educationLabel(p.newLevel)} adalah ${target.code}, tidak lebih tinggi dari golongan sekarang ${current.code}`,
    REGULATION.KP,
  );
  return ok ? target.id : null;
}

function checkSpecific(
  rule: SpecificRule, facts: EmployeeFacts, target: number | null, opts: EligibilityOptions, record: Recorder,
): void {
  const j = facts.jabatan;
  switch (rule) {
    case 'MENDUDUKI_JABATAN_STRUKTURAL':
      record(j.kind === 'STRUKTURAL', RULE.MENDUDUKI_JABATAN_STRUKTURAL,
        j.kind === 'STRUKTURAL' ? `menduduki jabatan struktural ${j.name}` : 'tidak menduduki jabatan struktural',
        REGULATION.KP);
      return;
    case 'MENDUDUKI_JABATAN_FUNGSIONAL': {
      const ok = j.kind === 'FUNGSIONAL' && j.jfLevel !== undefined;
      record(ok, RULE.MENDUDUKI_JABATAN_FUNGSIONAL,
        ok ? `menduduki jabatan fungsional ${j.name} jenjang ${JF_LEVEL_LABELS[j.jfLevel as JfLevel]}`
          : j.kind === 'FUNGSIONAL' ? 'jenjang jabatan fungsional tidak tercatat' : 'tidak menduduki jabatan fungsional',
        REGULATION.ANGKA_KREDIT);
      return;
    }
    case 'ANGKA_KREDIT': {
      if (j.kind !== 'FUNGSIONAL' || !j.jfLevel) return;
      const required = opts.angkaKreditRequired?.[j.jfLevel] ?? ANGKA_KREDIT_REQUIRED[j.jfLevel];
      const ak = j.angkaKredit;
      record(ak !== undefined && ak >= required, RULE.ANGKA_KREDIT,
        ak === undefined
          ? `angka kredit belum ditetapkan (PAK), minimal ${required} untuk jenjang ${JF_LEVEL_LABELS[j.jfLevel]}`
          : `angka kredit kumulatif ${ak}, minimal ${required} untuk jenjang ${JF_LEVEL_LABELS[j.jfLevel]}`,
        REGULATION.ANGKA_KREDIT);
      return;
    }
    case 'JENJANG_JABATAN_FUNGSIONAL': {
      if (j.kind !== 'FUNGSIONAL' || !j.jfLevel || target === null) return;
      const [lo, hi] = opts.jfPangkatRange?.[j.jfLevel] ?? JF_PANGKAT_RANGE[j.jfLevel];
      const t = golongan(target);
      const ok = t.rank >= golongan(lo).rank && t.rank <= golongan(hi).rank;
      const range = `${golongan(lo).code}–${golongan(hi).code}`;
      record(ok, RULE.JENJANG_JABATAN_FUNGSIONAL,
        ok ? `golongan tujuan ${t.code} dalam rentang jenjang ${JF_LEVEL_LABELS[j.jfLevel]} (${range})`
          : `golongan tujuan ${t.code} di luar rentang jenjang ${JF_LEVEL_LABELS[j.jfLevel]} (${range}); diperlukan kenaikan jenjang jabatan`,
        REGULATION.ANGKA_KREDIT);
      return;
    }
    case 'IJAZAH_DIAKUI': {
      const p = facts.penyesuaianIjazah;
      record(!!p?.recognised, RULE.IJAZAH_DIAKUI,
        p?.recognised ? `ijazah ${educationLabel(p.newLevel)} telah diakui` : 'ijazah baru belum diakui oleh instansi',
        REGULATION.KP);
      return;
    }
    case 'UJIAN_PENYESUAIAN_IJAZAH': {
      const p = facts.penyesuaianIjazah;
      record(!!p?.examPassed, RULE.UJIAN_PENYESUAIAN_IJAZAH,
        p?.examPassed ? 'lulus ujian penyesuaian kenaikan pangkat' : 'belum lulus ujian penyesuaian kenaikan pangkat',
        REGULATION.KP);
      return;
    }
    case 'KEPUTUSAN_PRESTASI':
      record(!!facts.prestasiDecree, RULE.KEPUTUSAN_PRESTASI,
        facts.prestasiDecree ? 'ada keputusan PPK tentang prestasi luar biasa'
          : 'keputusan PPK yang mengakui prestasi luar biasa tidak ada',
        REGULATION.KP);
      return;
  }
}

/**
 * "The last N years" are the N calendar years before the period year. Where a year has several rows (corrections,
 * transfers between instansi) the worst one counts, so a doubtful record is never read in the employee's favour.
 */
function checkRatings(
  facts: EmployeeFacts, periodDate: IsoDate, years: number, assumption: EligibilityOptions['ratingAssumption'],
): { ok: boolean; message: string; warnings: string[] } {
  const periodYear = toYmd(periodDate).year;
  const wanted = Array.from({ length: years }, (_, i) => periodYear - years + i);
  const warnings: string[] = [];
  const parts: string[] = [];
  let ok = true;
  for (const year of wanted) {
    const rows = facts.ratings.filter((r) => r.year === year).map((r) => r.rating);
    let rating: Rating | undefined = rows.sort((a, b) => RATING_ORDER.indexOf(a) - RATING_ORDER.indexOf(b))[0];
    if (rating === undefined && assumption && year >= assumption.fromYear) {
      rating = assumption.rating;
      warnings.push(`predikat kinerja ${year} belum ada; diasumsikan ${RATING_LABELS[rating]} untuk perkiraan`);
    }
    if (rating === undefined) {
      ok = false;
      parts.push(`${year} belum ada`);
    } else {
      if (!ratingAtLeast(rating, 'BAIK')) ok = false;
      parts.push(`${year} ${RATING_LABELS[rating]}`);
    }
  }
  return { ok, message: `predikat kinerja ${parts.join(', ')}; minimal Baik dalam ${years} tahun terakhir`, warnings };
}

function dataWarnings(facts: EmployeeFacts, periodDate: IsoDate, opts: EligibilityOptions): string[] {
  const warnings: string[] = [];
  const warnAreas = opts.warnOnOpenPeremajaan ?? DEFAULT_WARN_AREAS;
  for (const area of facts.openPeremajaanAreas ?? []) {
    if (warnAreas.includes(area)) {
      warnings.push(`ada usulan peremajaan ${area.toLowerCase().replace(/_/g, ' ')} yang belum selesai; data yang dipakai dapat berubah`);
    }
  }
  const recognisedAt = facts.education.recognisedAt;
  if (recognisedAt && compareIso(recognisedAt, periodDate) > 0) {
    warnings.push(`pendidikan ${educationLabel(facts.education.level)} baru diakui pada ${recognisedAt}, sesudah tanggal periode`);
  }
  const nip = parseNip(facts.nip, { allowPppk: true });
  if (!nip.ok) warnings.push(`NIP tidak valid: ${nip.reasons.join('; ')}`);
  else {
    const w = nipBirthDateWarning(nip.nip, facts.birthDate);
    if (w) warnings.push(w);
  }
  return warnings;
}

export interface ForecastOptions extends EligibilityOptions {
  /**
   * Ratings not yet given are assumed to be this (default BAIK) for the year before `fromPeriod` and later, so
   * a forecast is not blocked by years nobody could have rated yet; null turns the assumption off.
   */
  assumeRating?: Rating | null;
}

export interface ForecastStep {
  periodDate: IsoDate;
  eligible: boolean;
  failedRules: string[];
}

export interface ForecastResult {
  firstEligiblePeriod: IsoDate | null;
  /** The full result for that period, with any assumption in its warnings. */
  result: EligibilityResult | null;
  checked: ForecastStep[];
}

/** Walks the next `nPeriods` periods from `fromPeriod` (inclusive) and stops at the first eligible one. */
export function forecastEligibility(
  facts: EmployeeFacts,
  kpTypeRef: KpTypeRef,
  fromPeriod: IsoDate,
  nPeriods: number,
  periods: readonly PeriodRegime[] = PERIOD_REGIMES,
  opts: ForecastOptions = {},
): ForecastResult {
  const assume = opts.assumeRating === undefined ? 'BAIK' : opts.assumeRating;
  const eligibilityOpts: EligibilityOptions = {
    ...opts,
    regimes: periods,
    ratingAssumption: assume === null ? undefined : { fromYear: toYmd(fromPeriod).year - 1, rating: assume },
  };
  const checked: ForecastStep[] = [];
  let from = fromPeriod;
  while (checked.length < nPeriods) {
    const batch = periodsBetween(from, addMonths(from, 120), periods).slice(0, nPeriods - checked.length);
    if (batch.length === 0) break;
    for (const periodDate of batch) {
      const result = checkKpEligibility(facts, kpTypeRef, periodDate, eligibilityOpts);
      checked.push({ periodDate, eligible: result.eligible, failedRules: result.failures.map((f) => f.rule) });
      if (result.eligible) return { firstEligiblePeriod: periodDate, result, checked };
    }
    from = addDays(batch[batch.length - 1], 1);
  }
  return { firstEligiblePeriod: null, result: null, checked };
}
