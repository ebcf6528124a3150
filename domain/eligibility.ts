import { addDays, addMonths, compareIso, formatYearsMonths, fullMonthsBetween, fullYearsMonthsBetween, toYmd, type IsoDate } from './dates';
import { educationInfo, educationLabel, regulerCeiling, startingGolongan, type EducationLevel } from './education';
import { bandsCrossed, golongan, HIGHEST_GOLONGAN_ID, nextGolongan, type Golongan, type GolonganId } from './golongan';
import { findKpType, type KpType, type KpTypeCode, type KpTypeRef } from './kp-types';
import { nipBirthDateWarning, parseNip } from './nip';
import { isValidPeriod, periodsBetween, PERIOD_REGIMES, type PeriodRegime } from './periods';
import { kpRuleVersionFor, type KpRuleVersion } from './kp-rule-versions';
import { REGULATION } from './regulations';
import type { EmployeeFacts, Eselon, JabatanFacts, JfLevel, Rating, RuleResult, SanctionLevel, StrukturalLevel } from './types';

/**
 * Which rules apply to which KP type, as data. Only the types whose conditions DOMAIN.md spells out are modelled;
 * the others (sedang/setelah tugas belajar, DPK/DPB, pejabat negara, anumerta, pengabdian) are never eligible: they
 * get the common rules plus ATURAN_BELUM_DIMODELKAN until their own conditions are written here. Their entries
 * still feed the berkas checklist (domain/documents.ts).
 */
export type SpecificRule =
  | 'TANPA_JABATAN_STRUKTURAL_FUNGSIONAL'
  | 'JABATAN_STRUKTURAL'
  | 'MENDUDUKI_JABATAN_FUNGSIONAL'
  | 'ANGKA_KREDIT'
  | 'JENJANG_JABATAN_FUNGSIONAL'
  | 'IJAZAH_DIAKUI'
  | 'UJIAN_PENYESUAIAN_IJAZAH'
  | 'KEPUTUSAN_PRESTASI'
  | 'KEPUTUSAN_PENEMUAN_BARU';

export interface KpTypeRules {
  /** False: the type's own conditions are not encoded, so it is never eligible. Not overridable by options. */
  modelled: boolean;
  /** Full years in the current pangkat at the period date; null = no minimum. */
  minYearsInPangkat: number | null;
  /** Rating at least `minRating` in each of this many calendar years before the period year; 0 = not checked. */
  ratingYears: number;
  minRating: Rating;
  target: 'NEXT_STEP' | 'STARTING_GOLONGAN_OF_NEW_EDUCATION';
  educationCeiling: boolean;
  /** KP types exempt from ujian dinas whoever is proposed (prestasi luar biasa, penemuan baru). */
  stludExempt: boolean;
  /**
   * Whether the berkas checklist asks for the STLUD document on a band crossing (domain/documents.ts). Whether the
   * exam is actually required is decided per person by stludRequirement(), for every type.
   */
  stludOnBandCrossing: boolean;
  specific: readonly SpecificRule[];
  /** The regulation the type's masa kerja and rating rules are cited from. */
  regulation: string;
}

export type KpTypeRulesOverride = Partial<Omit<KpTypeRules, 'modelled'>>;

const rules = (r: Partial<KpTypeRules>): KpTypeRules => Object.freeze({
  modelled: true,
  minYearsInPangkat: 4,
  ratingYears: 2,
  minRating: 'BAIK' as Rating,
  target: 'NEXT_STEP' as const,
  educationCeiling: false,
  stludExempt: false,
  stludOnBandCrossing: false,
  specific: [],
  regulation: REGULATION.KP,
  ...r,
});

const notModelled = (r: Partial<KpTypeRules> = {}): KpTypeRules => rules({ modelled: false, ...r });

export const KP_TYPE_RULES: Readonly<Record<KpTypeCode, KpTypeRules>> = Object.freeze({
  // PP 99/2000 art. 7: reguler is for PNS without a jabatan struktural or fungsional.
  REGULER: rules({
    educationCeiling: true,
    stludOnBandCrossing: true,
    specific: ['TANPA_JABATAN_STRUKTURAL_FUNGSIONAL'],
    regulation: REGULATION.KP_REGULER,
  }),
  // Two routes (PP 99/2000 art. 12): the 4 years here are the route within the post's pangkat range; the route one
  // step below it takes STRUKTURAL_ONE_STEP_BELOW instead.
  JABATAN_STRUKTURAL: rules({ specific: ['JABATAN_STRUKTURAL'] }),
  JABATAN_FUNGSIONAL: rules({
    minYearsInPangkat: 2,
    specific: ['MENDUDUKI_JABATAN_FUNGSIONAL', 'ANGKA_KREDIT', 'JENJANG_JABATAN_FUNGSIONAL'],
    regulation: `${REGULATION.KP}; ${REGULATION.ANGKA_KREDIT}`,
  }),
  PENYESUAIAN_IJAZAH: rules({
    minYearsInPangkat: 1,
    ratingYears: 1,
    target: 'STARTING_GOLONGAN_OF_NEW_EDUCATION',
    specific: ['IJAZAH_DIAKUI', 'UJIAN_PENYESUAIAN_IJAZAH'],
  }),
  SEDANG_TUGAS_BELAJAR: notModelled(),
  // DOMAIN.md gives no conditions for it: not modelled either.
  SETELAH_TUGAS_BELAJAR: notModelled(),
  DIPERBANTUKAN_DIPEKERJAKAN: notModelled(),
  PENEMUAN_BARU: rules({ minYearsInPangkat: null, ratingYears: 1, stludExempt: true, specific: ['KEPUTUSAN_PENEMUAN_BARU'] }),
  // "Amat baik" for every element in PP 99/2000; Sangat Baik is the PP 30/2019 predikat.
  PRESTASI_LUAR_BIASA: rules({
    minYearsInPangkat: 1, ratingYears: 1, minRating: 'SANGAT_BAIK', stludExempt: true, specific: ['KEPUTUSAN_PRESTASI'],
  }),
  PEJABAT_NEGARA: notModelled(),
  SELAMA_DPK_DPB: notModelled(),
  // Posthumous: no rating can be asked for (used by the berkas checklist only).
  ANUMERTA: notModelled({ minYearsInPangkat: null, ratingYears: 0 }),
  PENGABDIAN: notModelled({ minYearsInPangkat: null, ratingYears: 1 }),
});

/** The second struktural route: one step below the post's lowest pangkat (PP 99/2000 art. 12). */
export const STRUKTURAL_ONE_STEP_BELOW = Object.freeze({ minYearsInPangkat: 1, minYearsInJabatan: 1 });

/**
 * Angka kredit required for each KP within the jenjang, counted from the TMT of the current pangkat, not cumulative
 * over the career (Peraturan BKN 3/2023, PermenPANRB 1/2023).
 */
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

/** Lowest and highest pangkat of each eselon (PP 100/2000 jo. PP 13/2002, lampiran). */
export const ESELON_PANGKAT_RANGE: Readonly<Record<Eselon, readonly [GolonganId, GolonganId]>> = Object.freeze({
  IA: [44, 45],
  IB: [43, 45],
  IIA: [43, 44],
  IIB: [42, 43],
  IIIA: [41, 42],
  IIIB: [34, 41],
  IVA: [33, 34],
  IVB: [32, 33],
  VA: [31, 32],
});

/**
 * Unconfirmed: UU ASN levels span two eselon each (JPT Madya covers Ia and Ib, Administrator IIIa and IIIb, ...), so
 * where the record has no eselon the range is the union of both. An eselon on the record narrows it.
 */
export const STRUKTURAL_LEVEL_ESELON: Readonly<Record<StrukturalLevel, readonly Eselon[]>> = Object.freeze({
  JPT_UTAMA: ['IA'],
  JPT_MADYA: ['IA', 'IB'],
  JPT_PRATAMA: ['IIA', 'IIB'],
  ADMINISTRATOR: ['IIIA', 'IIIB'],
  PENGAWAS: ['IVA', 'IVB'],
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
  /** Per-type overrides of KP_TYPE_RULES; a type that is not modelled cannot be switched on here. */
  typeRules?: Partial<Record<KpTypeCode, KpTypeRulesOverride>>;
  /** Shortcut for typeRules.JABATAN_FUNGSIONAL.minYearsInPangkat (default 2, PP 99/2000 art. 13). */
  jfMinYears?: number;
  angkaKreditRequired?: Partial<Record<JfLevel, number>>;
  jfPangkatRange?: Partial<Record<JfLevel, readonly [GolonganId, GolonganId]>>;
  eselonPangkatRange?: Partial<Record<Eselon, readonly [GolonganId, GolonganId]>>;
  strukturalLevelEselon?: Partial<Record<StrukturalLevel, readonly Eselon[]>>;
  /** Unconfirmed: whether a light sanction (teguran) also blocks a KP; by default every level does. */
  blockingSanctionLevels?: readonly SanctionLevel[];
  /** Open peremajaan in these areas make the result a warning (the data used may still change). */
  warnOnOpenPeremajaan?: readonly string[];
  regimes?: readonly PeriodRegime[];
  /** For forecasts: years from `fromYear` on without a rating are taken to have this rating, with a warning. */
  ratingAssumption?: { fromYear: number; rating: Rating };
  /** The rule version to judge by; by default the one in force for the period date in `ruleBook`. */
  ruleVersion?: KpRuleVersion;
  /** The versions by effective date (built-ins plus published ones); default the built-ins. */
  ruleBook?: readonly KpRuleVersion[];
}

/** The version an eligibility result was judged by, as the decision records it and the explanation shows it. */
export type RuleVersionRef = Pick<KpRuleVersion, 'id' | 'validFrom' | 'regulation' | 'summary'>;
const ruleVersionRef = ({ id, validFrom, regulation, summary }: KpRuleVersion): RuleVersionRef => ({ id, validFrom, regulation, summary });

export interface EligibilityResult {
  eligible: boolean;
  /** null when the type asked for is not a known KP type. */
  kpType: KpTypeCode | null;
  periodDate: IsoDate;
  targetGolonganId: number | null;
  failures: RuleResult[];
  passed: RuleResult[];
  warnings: string[];
  /** An ujian dinas is required for this promotion (a band is crossed and no exemption applies). */
  stludRequired: boolean;
  ruleVersion: RuleVersionRef;
}

export const RULE = {
  JENIS_ASN: 'JENIS_ASN',
  ATURAN_BELUM_DIMODELKAN: 'ATURAN_BELUM_DIMODELKAN',
  PANGKAT_TERTINGGI: 'PANGKAT_TERTINGGI',
  HUKUMAN_DISIPLIN: 'HUKUMAN_DISIPLIN',
  BLOKIR_BKN: 'BLOKIR_BKN',
  MASA_KERJA_PANGKAT: 'MASA_KERJA_PANGKAT',
  PENILAIAN_KINERJA: 'PENILAIAN_KINERJA',
  BATAS_PANGKAT_PENDIDIKAN: 'BATAS_PANGKAT_PENDIDIKAN',
  STLUD: 'STLUD',
  GOLONGAN_TUJUAN: 'GOLONGAN_TUJUAN',
  TANPA_JABATAN_STRUKTURAL_FUNGSIONAL: 'TANPA_JABATAN_STRUKTURAL_FUNGSIONAL',
  MENDUDUKI_JABATAN_STRUKTURAL: 'MENDUDUKI_JABATAN_STRUKTURAL',
  JALUR_JABATAN_STRUKTURAL: 'JALUR_JABATAN_STRUKTURAL',
  MASA_JABATAN: 'MASA_JABATAN',
  BATAS_PANGKAT_JABATAN: 'BATAS_PANGKAT_JABATAN',
  MENDUDUKI_JABATAN_FUNGSIONAL: 'MENDUDUKI_JABATAN_FUNGSIONAL',
  ANGKA_KREDIT: 'ANGKA_KREDIT',
  JENJANG_JABATAN_FUNGSIONAL: 'JENJANG_JABATAN_FUNGSIONAL',
  IJAZAH_DIAKUI: 'IJAZAH_DIAKUI',
  UJIAN_PENYESUAIAN_IJAZAH: 'UJIAN_PENYESUAIAN_IJAZAH',
  KEPUTUSAN_PRESTASI: 'KEPUTUSAN_PRESTASI',
  KEPUTUSAN_PENEMUAN_BARU: 'KEPUTUSAN_PENEMUAN_BARU',
  BATAS_PANGKAT_ATASAN: 'BATAS_PANGKAT_ATASAN',
} as const;

export type RuleId = (typeof RULE)[keyof typeof RULE];

const DEFAULT_WARN_AREAS = ['PENDIDIKAN', 'GOLONGAN'] as const;
const ALL_SANCTION_LEVELS: readonly SanctionLevel[] = ['RINGAN', 'SEDANG', 'BERAT'];

export function isKpTypeModelled(code: KpTypeCode): boolean {
  return KP_TYPE_RULES[code]?.modelled === true;
}

export function kpTypeRules(code: KpTypeCode, opts: EligibilityOptions = {}): KpTypeRules {
  const base = KP_TYPE_RULES[code];
  const merged: KpTypeRules = { ...base, ...opts.typeRules?.[code], modelled: base.modelled };
  if (code === 'JABATAN_FUNGSIONAL' && opts.jfMinYears !== undefined) merged.minYearsInPangkat = opts.jfMinYears;
  return merged;
}

type Recorder = (ok: boolean, rule: RuleId, message: string, regulation: string) => void;

/** Checks every rule (it does not stop at the first failure) so the operator sees all reasons at once. */
export function checkKpEligibility(
  facts: EmployeeFacts, kpTypeRef: KpTypeRef, periodDate: IsoDate, callerOpts: EligibilityOptions = {},
): EligibilityResult {
  toYmd(periodDate); // a malformed period date is the caller's bug, not an ineligibility
  const version = callerOpts.ruleVersion ?? kpRuleVersionFor(periodDate, callerOpts.ruleBook);
  const opts = optionsUnderVersion(version, callerOpts);
  const type = findKpType(kpTypeRef);
  const failures: RuleResult[] = [];
  const passed: RuleResult[] = [];
  const warnings: string[] = [];
  const record: Recorder = (ok, rule, message, regulation) => {
    (ok ? passed : failures).push({ rule, message, regulation });
  };
  // The modelled check is repeated here so that no path can call an unmodelled type eligible.
  const result = (target: number | null, stludRequired = false): EligibilityResult => ({
    eligible: failures.length === 0 && type !== undefined && isKpTypeModelled(type.code), kpType: type?.code ?? null, periodDate, targetGolonganId: target, failures, passed, warnings,
    stludRequired,
    ruleVersion: ruleVersionRef(version),
  });

  if (type?.withinPeriods) {
    const check = isValidPeriod(periodDate, opts.regimes ?? PERIOD_REGIMES);
    if (!check.ok) warnings.push(check.reason);
  }
  warnings.push(...dataWarnings(facts, periodDate, opts));

  const current = golongan(facts.golonganId);
  const atTop = current.id === HIGHEST_GOLONGAN_ID;
  checkCommonRules(facts, current, periodDate, opts, record);

  if (!type || !isKpTypeModelled(type.code)) {
    record(false, RULE.ATURAN_BELUM_DIMODELKAN, notModelledMessage(type, kpTypeRef), REGULATION.KP);
    return result(type && !atTop ? nextGolongan(current.id)?.id ?? null : null);
  }

  const typeRules = kpTypeRules(type.code, opts);
  const route = type.code === 'JABATAN_STRUKTURAL' ? strukturalRoute(facts, current, opts) : null;
  const minYears = route?.kind === 'ONE_STEP_BELOW' ? STRUKTURAL_ONE_STEP_BELOW.minYearsInPangkat : typeRules.minYearsInPangkat;
  if (minYears !== null) checkMasaKerja(facts, periodDate, minYears, typeRules.regulation, record);

  if (typeRules.ratingYears > 0) {
    const r = checkRatings(facts, periodDate, typeRules.ratingYears, typeRules.minRating, opts.ratingAssumption);
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

  if (target !== null && typeRules.educationCeiling && version.superiorCap) checkSuperiorCap(facts, target, version, record);

  let stludRequired = false;
  if (target !== null) {
    for (const exam of stludRequirement(facts, type.code, current.id, target, periodDate, typeRules.stludExempt)) {
      if (exam.exemption !== null) {
        record(true, RULE.STLUD, `tidak memerlukan STLUD (${exam.name}): ${exam.exemption}`, REGULATION.KP);
        continue;
      }
      stludRequired = true;
      record(
        exam.passed, RULE.STLUD,
        exam.passed
          ? `STLUD (${exam.name}) untuk kenaikan ke golongan ${exam.opensBand} ada`
          : `kenaikan dari golongan ${exam.fromBand} ke golongan ${exam.opensBand} memerlukan STLUD (${exam.name})`,
        REGULATION.KP,
      );
    }
  }

  for (const rule of typeRules.specific) checkSpecific(rule, { facts, current, target, periodDate, route, typeRules, opts, record });

  return result(target, stludRequired);
}

/**
 * A version's parameters under the caller's own options: what a caller passes explicitly (a test, a what-if) wins,
 * per KP type and per field. The berkas checklist reads the type rules through it too (domain/documents.ts).
 */
export function optionsUnderVersion(version: KpRuleVersion, opts: EligibilityOptions = {}): EligibilityOptions {
  const typeRules: Partial<Record<KpTypeCode, KpTypeRulesOverride>> = {};
  for (const code of new Set([...Object.keys(version.typeRules ?? {}), ...Object.keys(opts.typeRules ?? {})]) as Set<KpTypeCode>) {
    // A parameter a version changes is cited from the version's regulation too.
    const cited = version.typeRules?.[code] ? { regulation: `${KP_TYPE_RULES[code].regulation}; ${version.regulation}` } : {};
    typeRules[code] = { ...version.typeRules?.[code], ...cited, ...opts.typeRules?.[code] };
  }
  return {
    ...opts,
    typeRules,
    angkaKreditRequired: { ...version.angkaKreditRequired, ...opts.angkaKreditRequired },
  };
}

/** Before Peraturan BKN 2/2025: KP reguler may not go above the pangkat of the direct superior. */
function checkSuperiorCap(facts: EmployeeFacts, target: number, version: KpRuleVersion, record: Recorder): void {
  const t = golongan(target);
  const regulation = version.regulation;
  if (facts.superiorGolonganId === undefined || facts.superiorGolonganId === null) {
    record(false, RULE.BATAS_PANGKAT_ATASAN,
      `pangkat atasan langsung tidak tercatat; menurut aturan ${version.id} KP reguler tidak boleh melampaui pangkat atasan langsung`, regulation);
    return;
  }
  const sup = golongan(facts.superiorGolonganId);
  record(t.rank <= sup.rank, RULE.BATAS_PANGKAT_ATASAN,
    t.rank <= sup.rank
      ? `golongan tujuan ${t.code} tidak melampaui pangkat atasan langsung (${sup.code})`
      : `golongan tujuan ${t.code} melampaui pangkat atasan langsung (${sup.code}); aturan ${version.id} tidak membolehkannya`,
    regulation);
}

function notModelledMessage(type: KpType | undefined, ref: unknown): string {
  if (!type) {
    return `jenis KP ${String(ref)} tidak dikenal; aturan jenis KP ini belum dimodelkan, sehingga tidak dapat dinyatakan memenuhi syarat`;
  }
  return `aturan jenis KP ini (${type.name}${type.siasnId !== null ? `, ${type.siasnId}` : ''}) belum dimodelkan; ` +
    'usulan tidak dapat dinyatakan memenuhi syarat sampai persyaratannya dimuat dalam aturan';
}

function checkCommonRules(facts: EmployeeFacts, current: Golongan, periodDate: IsoDate, opts: EligibilityOptions, record: Recorder): void {
  record(
    facts.jenisAsn === 'PNS', RULE.JENIS_ASN,
    facts.jenisAsn === 'PNS' ? 'pegawai berstatus PNS' : 'kenaikan pangkat hanya untuk PNS; PPPK tidak dapat diusulkan',
    `${REGULATION.UU_ASN}; ${REGULATION.KP}`,
  );

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
}

function checkMasaKerja(facts: EmployeeFacts, periodDate: IsoDate, min: number, regulation: string, record: Recorder): void {
  if (compareIso(facts.tmtGolongan, periodDate) > 0) {
    record(false, RULE.MASA_KERJA_PANGKAT,
      `TMT golongan (${facts.tmtGolongan}) sesudah tanggal periode (${periodDate}); minimal ${min} tahun dalam pangkat`,
      regulation);
    return;
  }
  const served = fullYearsMonthsBetween(facts.tmtGolongan, periodDate);
  record(
    fullMonthsBetween(facts.tmtGolongan, periodDate) >= min * 12, RULE.MASA_KERJA_PANGKAT,
    `masa kerja dalam pangkat ${formatYearsMonths(served)}, minimal ${min} tahun`,
    regulation,
  );
}

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

export interface StludExam {
  name: 'Ujian Dinas Tingkat I' | 'Ujian Dinas Tingkat II';
  fromBand: 'II' | 'III';
  opensBand: 'III' | 'IV';
  /** Why this person needs no exam, or null when the exam is required. */
  exemption: string | null;
  /** A passing certificate dated on or before the period date is on the record. */
  passed: boolean;
}

/**
 * Ujian dinas (STLUD) for a promotion from `fromId` to `toId` (PP 99/2000 jo. PP 12/2002): crossing II → III needs
 * Tingkat I, III → IV Tingkat II. Exempt: S1/D-IV and up from Tingkat I; S2, dokter, apoteker and S3 from
 * Tingkat II; whoever passed Diklatpim (any tingkat, on or before the period date), JF holders, and KP prestasi luar
 * biasa and penemuan baru from both. For penyesuaian ijazah the new ijazah counts, since that is what the promotion
 * rests on (whether it is recognised is a rule of its own).
 */
export function stludRequirement(
  facts: EmployeeFacts, kpType: KpTypeCode, fromId: number, toId: number, periodDate: IsoDate,
  typeExempt: boolean = KP_TYPE_RULES[kpType].stludExempt,
): StludExam[] {
  const exams: StludExam[] = [];
  for (const crossing of bandsCrossed(fromId, toId)) {
    if (crossing.to !== 'III' && crossing.to !== 'IV') continue;
    const tingkatI = crossing.to === 'III';
    const passed = (facts.stlud ?? []).some((s) =>
      s.opensBand === crossing.to && (s.passedAt === undefined || compareIso(s.passedAt, periodDate) <= 0));
    exams.push({
      name: tingkatI ? 'Ujian Dinas Tingkat I' : 'Ujian Dinas Tingkat II',
      fromBand: crossing.from as 'II' | 'III',
      opensBand: crossing.to,
      exemption: stludExemption(facts, kpType, typeExempt, tingkatI ? 'S1' : 'S2', periodDate),
      passed,
    });
  }
  return exams;
}

function stludExemption(
  facts: EmployeeFacts, kpType: KpTypeCode, typeExempt: boolean, exemptFrom: EducationLevel, periodDate: IsoDate,
): string | null {
  if (typeExempt) return `${findKpType(kpType)?.name ?? kpType} dibebaskan dari ujian dinas`;
  if (facts.jabatan.kind === 'FUNGSIONAL') return 'pejabat fungsional dibebaskan dari ujian dinas';
  const diklat = (facts.diklatpim ?? []).find((d) => d.passedAt === undefined || compareIso(d.passedAt, periodDate) <= 0);
  if (diklat) return `telah lulus Diklatpim Tingkat ${diklat.tingkat}`;
  const levels: EducationLevel[] = [facts.education.level];
  if (kpType === 'PENYESUAIAN_IJAZAH' && facts.penyesuaianIjazah) levels.push(facts.penyesuaianIjazah.newLevel);
  const best = levels.reduce((a, b) => (educationInfo(b).rank > educationInfo(a).rank ? b : a));
  if (educationInfo(best).rank >= educationInfo(exemptFrom).rank) return `pemegang ijazah ${educationLabel(best)}`;
  return null;
}

type StrukturalRoute =
  | { kind: 'WITHIN_RANGE' | 'ONE_STEP_BELOW'; range: readonly [Golongan, Golongan] }
  | { kind: 'TOO_LOW' | 'ABOVE_RANGE'; range: readonly [Golongan, Golongan] }
  | { kind: 'RANGE_UNKNOWN' };

/** The pangkat range of the post: from the eselon if recorded, else the union over the level's eselon. */
export function strukturalPangkatRange(
  jabatan: Pick<JabatanFacts, 'eselon' | 'strukturalLevel'>, opts: EligibilityOptions = {},
): readonly [GolonganId, GolonganId] | null {
  const rangeOf = (e: Eselon): readonly [GolonganId, GolonganId] => opts.eselonPangkatRange?.[e] ?? ESELON_PANGKAT_RANGE[e];
  const eselons = jabatan.eselon
    ? [jabatan.eselon]
    : jabatan.strukturalLevel ? opts.strukturalLevelEselon?.[jabatan.strukturalLevel] ?? STRUKTURAL_LEVEL_ESELON[jabatan.strukturalLevel] : [];
  if (eselons.length === 0) return null;
  const ranges = eselons.map(rangeOf);
  const lo = ranges.map((r) => golongan(r[0])).reduce((a, b) => (b.rank < a.rank ? b : a));
  const hi = ranges.map((r) => golongan(r[1])).reduce((a, b) => (b.rank > a.rank ? b : a));
  return [lo.id, hi.id];
}

function strukturalRoute(facts: EmployeeFacts, current: Golongan, opts: EligibilityOptions): StrukturalRoute | null {
  if (facts.jabatan.kind !== 'STRUKTURAL') return null;
  const ids = strukturalPangkatRange(facts.jabatan, opts);
  if (!ids) return { kind: 'RANGE_UNKNOWN' };
  const range = [golongan(ids[0]), golongan(ids[1])] as const;
  if (current.rank > range[1].rank) return { kind: 'ABOVE_RANGE', range };
  if (current.rank >= range[0].rank) return { kind: 'WITHIN_RANGE', range };
  if (current.rank === range[0].rank - 1) return { kind: 'ONE_STEP_BELOW', range };
  return { kind: 'TOO_LOW', range };
}

interface SpecificContext {
  facts: EmployeeFacts;
  current: Golongan;
  target: number | null;
  periodDate: IsoDate;
  route: StrukturalRoute | null;
  typeRules: KpTypeRules;
  opts: EligibilityOptions;
  record: Recorder;
}

const OWN_TYPE: Readonly<Record<'STRUKTURAL' | 'FUNGSIONAL', string>> = {
  STRUKTURAL: 'Kenaikan Pangkat Pilihan Jabatan Struktural (201)',
  FUNGSIONAL: 'Kenaikan Pangkat Pilihan Jabatan Fungsional (202)',
};

function checkSpecific(rule: SpecificRule, ctx: SpecificContext): void {
  const { facts, target, record } = ctx;
  const j = facts.jabatan;
  switch (rule) {
    case 'TANPA_JABATAN_STRUKTURAL_FUNGSIONAL': {
      // Pointing to another type helps only a PNS whom some type can still promote.
      if (facts.jenisAsn !== 'PNS' || ctx.current.id === HIGHEST_GOLONGAN_ID) return;
      const holder = j.kind === 'STRUKTURAL' || j.kind === 'FUNGSIONAL';
      record(!holder, RULE.TANPA_JABATAN_STRUKTURAL_FUNGSIONAL,
        holder
          ? `menduduki jabatan ${j.kind === 'STRUKTURAL' ? 'struktural' : 'fungsional'} ${j.name}; KP reguler hanya untuk PNS yang tidak ` +
            `menduduki jabatan struktural atau fungsional: usulkan dengan jenis ${OWN_TYPE[j.kind as 'STRUKTURAL' | 'FUNGSIONAL']}`
          : 'tidak menduduki jabatan struktural atau fungsional (pelaksana)',
        `${REGULATION.KP}; ${REGULATION.KP_REGULER}`);
      return;
    }
    case 'JABATAN_STRUKTURAL':
      checkStruktural(ctx);
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
      const required = ctx.opts.angkaKreditRequired?.[j.jfLevel] ?? ANGKA_KREDIT_REQUIRED[j.jfLevel];
      const ak = angkaKreditForPangkat(j);
      const need = `minimal ${formatAk(required)} per pangkat untuk jenjang ${JF_LEVEL_LABELS[j.jfLevel]}`;
      const since = `sejak TMT pangkat ${facts.tmtGolongan}`;
      const message = ak.value === null
        ? `${ak.problem}; ${need}`
        : ak.derivedFrom
          ? `angka kredit ${since} ${formatAk(ak.value)} (kumulatif ${formatAk(ak.derivedFrom.latest)} dikurangi ${formatAk(ak.derivedFrom.atTmtGolongan)} pada TMT pangkat), ${need}`
          : `angka kredit ${since} ${formatAk(ak.value)}, ${need}`;
      record(ak.value !== null && ak.value >= required, RULE.ANGKA_KREDIT, message, `${REGULATION.ANGKA_KREDIT}; ${REGULATION.JF_PERMENPAN}`);
      return;
    }
    case 'JENJANG_JABATAN_FUNGSIONAL': {
      if (j.kind !== 'FUNGSIONAL' || !j.jfLevel || target === null) return;
      const [lo, hi] = ctx.opts.jfPangkatRange?.[j.jfLevel] ?? JF_PANGKAT_RANGE[j.jfLevel];
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
      record(facts.prestasiDecree === true, RULE.KEPUTUSAN_PRESTASI,
        facts.prestasiDecree === true ? 'ada keputusan PPK tentang prestasi luar biasa'
          : 'keputusan PPK yang mengakui prestasi luar biasa tidak ada',
        REGULATION.KP);
      return;
    case 'KEPUTUSAN_PENEMUAN_BARU':
      record(facts.penemuanBaruDecree === true, RULE.KEPUTUSAN_PENEMUAN_BARU,
        facts.penemuanBaruDecree === true ? 'ada keputusan pengakuan penemuan baru dari instansi yang ditunjuk Presiden'
          : 'keputusan yang mengakui penemuan baru, dari instansi yang ditunjuk Presiden, tidak ada',
        REGULATION.KP);
      return;
  }
}

function checkStruktural({ facts, current, target, periodDate, route, typeRules, record }: SpecificContext): void {
  const j = facts.jabatan;
  const kp = REGULATION.KP;
  const eselonKp = `${REGULATION.KP}; ${REGULATION.ESELON}`;
  record(j.kind === 'STRUKTURAL', RULE.MENDUDUKI_JABATAN_STRUKTURAL,
    j.kind === 'STRUKTURAL' ? `menduduki jabatan struktural ${j.name}` : 'tidak menduduki jabatan struktural',
    kp);
  if (!route) return;
  if (route.kind === 'RANGE_UNKNOWN') {
    record(false, RULE.JALUR_JABATAN_STRUKTURAL,
      'eselon atau jenjang jabatan struktural tidak tercatat, sehingga rentang pangkat jabatan tidak dapat ditentukan', eselonKp);
    return;
  }
  const [lo, hi] = route.range;
  const range = `${lo.code}–${hi.code}`;
  switch (route.kind) {
    case 'WITHIN_RANGE':
      record(true, RULE.JALUR_JABATAN_STRUKTURAL,
        `golongan ${current.code} dalam rentang pangkat jabatan (${range}): minimal ${typeRules.minYearsInPangkat ?? 0} tahun dalam pangkat`,
        eselonKp);
      break;
    case 'ONE_STEP_BELOW':
      record(true, RULE.JALUR_JABATAN_STRUKTURAL,
        `golongan ${current.code} satu tingkat di bawah pangkat terendah jabatan (${range}): minimal ` +
        `${STRUKTURAL_ONE_STEP_BELOW.minYearsInPangkat} tahun dalam pangkat dan ${STRUKTURAL_ONE_STEP_BELOW.minYearsInJabatan} tahun sejak pelantikan`,
        eselonKp);
      checkMasaJabatan(j, periodDate, record);
      break;
    case 'TOO_LOW':
      record(false, RULE.JALUR_JABATAN_STRUKTURAL,
        `golongan ${current.code} lebih dari satu tingkat di bawah pangkat terendah jabatan (${range}); ` +
        'KP pilihan jabatan struktural hanya untuk golongan dalam rentang itu atau satu tingkat di bawahnya', eselonKp);
      break;
    case 'ABOVE_RANGE':
      record(false, RULE.JALUR_JABATAN_STRUKTURAL,
        `golongan ${current.code} sudah di atas rentang pangkat jabatan (${range})`, eselonKp);
      break;
  }
  if (target === null) return;
  const t = golongan(target);
  record(t.rank <= hi.rank, RULE.BATAS_PANGKAT_JABATAN,
    t.rank <= hi.rank
      ? `golongan tujuan ${t.code} tidak melebihi pangkat tertinggi jabatan (${hi.code})`
      : `golongan tujuan ${t.code} melebihi pangkat tertinggi untuk jabatan ${j.name} (${range})`,
    eselonKp);
}

function checkMasaJabatan(j: JabatanFacts, periodDate: IsoDate, record: Recorder): void {
  const min = STRUKTURAL_ONE_STEP_BELOW.minYearsInJabatan;
  if (!j.tmtJabatan) {
    record(false, RULE.MASA_JABATAN,
      `tanggal pelantikan dalam jabatan struktural tidak tercatat; minimal ${min} tahun sejak pelantikan`, REGULATION.KP);
    return;
  }
  if (compareIso(j.tmtJabatan, periodDate) > 0) {
    record(false, RULE.MASA_JABATAN,
      `pelantikan (${j.tmtJabatan}) sesudah tanggal periode (${periodDate}); minimal ${min} tahun sejak pelantikan`, REGULATION.KP);
    return;
  }
  const served = fullYearsMonthsBetween(j.tmtJabatan, periodDate);
  record(fullMonthsBetween(j.tmtJabatan, periodDate) >= min * 12, RULE.MASA_JABATAN,
    `masa dalam jabatan sejak pelantikan (${j.tmtJabatan}) ${formatYearsMonths(served)}, minimal ${min} tahun`, REGULATION.KP);
}

export interface AngkaKreditPangkat {
  /** Credit earned towards the next pangkat since the TMT of the current one; null when it cannot be known. */
  value: number | null;
  /** Set when the value was derived from two career-cumulative PAK totals. */
  derivedFrom?: { latest: number; atTmtGolongan: number };
  /** Why value is null, for the message. */
  problem?: string;
}

/**
 * The angka kredit a KP JF is judged on: per pangkat, never cumulative from the start of the career. Taken from
 * `angkaKredit` (already per pangkat) or derived as the latest cumulative PAK total minus the total at the TMT of the
 * current pangkat. A cumulative total alone is not compared against the per-pangkat minimum: it would overstate the
 * credit of anyone promoted before.
 */
export function angkaKreditForPangkat(j: Pick<JabatanFacts, 'angkaKredit' | 'angkaKreditKumulatif'>): AngkaKreditPangkat {
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  if (j.angkaKredit !== undefined) {
    return Number.isFinite(j.angkaKredit) && j.angkaKredit >= 0
      ? { value: round(j.angkaKredit) }
      : { value: null, problem: 'angka kredit pada PAK tidak valid' };
  }
  const k = j.angkaKreditKumulatif;
  if (!k) return { value: null, problem: 'angka kredit belum ditetapkan (PAK)' };
  if (k.atTmtGolongan === undefined) {
    return {
      value: null,
      problem: `PAK hanya memuat angka kredit kumulatif (${formatAk(k.latest)}); angka kredit sejak TMT pangkat ` +
        'tidak dapat dihitung tanpa angka kredit kumulatif pada TMT pangkat tersebut',
    };
  }
  const diff = round(k.latest - k.atTmtGolongan);
  if (!Number.isFinite(diff) || diff < 0) {
    return { value: null, problem: `angka kredit kumulatif terakhir (${formatAk(k.latest)}) lebih kecil dari angka kredit pada TMT pangkat (${formatAk(k.atTmtGolongan)}); PAK perlu diperiksa` };
  }
  return { value: diff, derivedFrom: { latest: k.latest, atTmtGolongan: k.atTmtGolongan } };
}

/** '62,5' style: Bahasa Indonesia writes a decimal comma. */
function formatAk(n: number): string {
  return String(Math.round(n * 1000) / 1000).replace('.', ',');
}

/**
 * "The last N years" are the N calendar years before the period year. Where a year has several rows (corrections,
 * transfers between instansi) the worst one counts, so a doubtful record is never read in the employee's favour.
 */
function checkRatings(
  facts: EmployeeFacts, periodDate: IsoDate, years: number, minimum: Rating, assumption: EligibilityOptions['ratingAssumption'],
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
      if (!ratingAtLeast(rating, minimum)) ok = false;
      parts.push(`${year} ${RATING_LABELS[rating]}`);
    }
  }
  return { ok, message: `predikat kinerja ${parts.join(', ')}; minimal ${RATING_LABELS[minimum]} dalam ${years} tahun terakhir`, warnings };
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
