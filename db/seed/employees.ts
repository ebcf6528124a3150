import {
  addDays, addMonths, compareIso, fullMonthsBetween, isIsoDate, startOfMonth, toYmd, type IsoDate,
} from '../../domain/dates';
import type { DocumentCode } from '../../domain/documents';
import { educationInfo, regulerCeiling, startingGolongan, type EducationLevel } from '../../domain/education';
import type { RuleId } from '../../domain/eligibility';
import { bandIndex, golongan, GOLONGAN_LADDER, nextGolongan, type GolonganId } from '../../domain/golongan';
import type { KpTypeCode } from '../../domain/kp-types';
import { buildNiPppk, buildNip } from '../../domain/nip';
import { formatPertekNumber } from '../../domain/numbering';
import { currentOpenPeriods, isValidPeriod, nextPeriodOnOrAfter } from '../../domain/periods';
import type { SkSigner } from '../../domain/signer-routing';
import type { JabatanKind, JfLevel, Rating, StrukturalLevel } from '../../domain/types';
import { makePerson, slugName } from './names';
import { DEMO_INSTANSI, DEMO_KANREG, instansiById, unorByKey, unorsOf, type InstansiSeed, type UnorSeed } from './organisations';
import { createRng, DEMO_SEED, type Rng } from './prng';
import { namaLengkap } from '../../domain/person-name';
import {
  findTemplate, gelarFor, JF_LEVEL_WORDS, jfGolonganAllowed, jfLevelFor, jurusanFor, LEVEL_PREFIX, schoolFor, templatesFor,
  type EducationRowPlan, type Field, type JabatanTemplate,
} from './profiles';

/**
 * The random draws of a unit's people are labelled with the id units had before the import named them (U-3300-BKD):
 * the demo population, its NIPs and its cases stay what the README lists.
 */
const forkLabel = (u: UnorSeed): string => `${u.instansiId.replace(/^I-/, 'U-')}-${u.key}`;

/**
 * The demo population in two layers. The plan (who someone is: name, NIP, birth date, TMT CPNS, education, jabatan,
 * golongan) does not depend on the day the seed runs, so NIPs in the README and in DEMO_CASES never change. The
 * state (TMT of the current golongan, the golongan history, ratings, sanctions) is laid out relative to the
 * reference date, so the people meant to be eligible "in the next period" are eligible whenever the seed runs.
 */

/** The state is built for reference dates from here on (the earliest period it is designed against is Feb 2025). */
export const EARLIEST_SUPPORTED_TODAY: IsoDate = '2025-01-01';
const EARLIEST_NEXT_PERIOD: IsoDate = '2025-02-01';
/** Nobody in the demo data was born before this, so nobody is past retirement age in the first demo years. */
const MIN_BIRTH_DATE: IsoDate = '1968-07-01';

export interface DemoReference {
  today: IsoDate;
  /** The first KP period after today. */
  nextPeriod: IsoDate;
  /** Periods whose submission window contains today. */
  openPeriods: IsoDate[];
  /** nextPeriod and openPeriods, sorted: every DEMO_CASES expectation holds for each of them. */
  periods: IsoDate[];
  /** The three SKP years the seed writes, oldest first. */
  ratingYears: [number, number, number];
}

export function demoReference(today: IsoDate): DemoReference {
  if (!isIsoDate(today)) throw new RangeError(`today must be YYYY-MM-DD: ${String(today)}`);
  if (compareIso(today, EARLIEST_SUPPORTED_TODAY) < 0) {
    throw new RangeError(`the demo data is laid out for dates from ${EARLIEST_SUPPORTED_TODAY}; got ${today}`);
  }
  const nextPeriod = nextPeriodOnOrAfter(addDays(today, 1));
  if (!nextPeriod) throw new Error(`no KP period after ${today}`);
  const openPeriods = currentOpenPeriods(today);
  const periods = [...new Set([nextPeriod, ...openPeriods])].sort();
  const lastYear = toYmd(periods[periods.length - 1]).year;
  return { today, nextPeriod, openPeriods, periods, ratingYears: [lastYear - 3, lastYear - 2, lastYear - 1] };
}

export interface KpExtraPlan {
  penyesuaianLevel: EducationLevel | null;
  penyesuaianDiakui: boolean | null;
  penyesuaianUjianLulus: boolean | null;
  keputusanPrestasi: boolean;
}

export interface EmployeePlan {
  nip: string;
  nama: string;
  gelarDepan: string | null;
  gelarBelakang: string | null;
  tempatLahir: string;
  /** As on the record; differs from the NIP's birth date for one demo case. */
  tanggalLahir: IsoDate;
  jenisKelamin: 'L' | 'P';
  agama: string;
  statusPerkawinan: string;
  alamat: string;
  email: string;
  jenisAsn: 'PNS' | 'PPPK';
  instansiId: string;
  unorId: string;
  jabatanNama: string;
  jabatanJenis: JabatanKind;
  /** JF jenjang, or for STRUKTURAL the jabatan level (stored in employee.jf_level; see db/repos/employee-facts.ts). */
  jenjang: JfLevel | StrukturalLevel | null;
  angkaKredit: number | null;
  pendidikanLevel: EducationLevel;
  pendidikanNama: string;
  education: EducationRowPlan[];
  startGolonganId: GolonganId;
  golonganId: GolonganId;
  /** PNS: TMT CPNS; PPPK: start of the contract. Always the 1st of a month. */
  tmtCpns: IsoDate;
  /** Months in the current golongan at the next period; null: still in the golongan of appointment. */
  monthsInPangkat: number | null;
  stepMonths: number;
  ratings: [Rating, Rating, Rating];
  stlud: 'AUTO' | 'NONE';
  stludUpcoming: boolean;
  sanction: 'ACTIVE' | 'EXPIRED' | null;
  blockedReason: string | null;
  kpExtra: KpExtraPlan | null;
  missingDocuments: DocumentCode[];
  caseKey: string | null;
  /** Seeds this person's own random stream for the date-dependent part. */
  seed: string;
}

export interface DemoCase {
  key: string;
  nip: string;
  /** Name with gelar, as lists show it. */
  nama: string;
  instansiId: string;
  description: string;
  kpType: KpTypeCode;
  expectedEligible: boolean;
  /** Exactly the rules checkKpEligibility fails, for every period in DemoReference.periods. */
  failedRules: RuleId[];
  signer?: SkSigner;
  /** Mandatory berkas left out on purpose: the completeness gate must hold the usulan back. */
  missingDocuments: DocumentCode[];
  /** The record's birth date differs from the NIP: eligible, with a warning. */
  nipBirthDateWarning: boolean;
}

type Gender = 'L' | 'P';

interface PersonSpec {
  unor: UnorSeed;
  gender?: Gender;
  template?: JabatanTemplate;
  struktural?: { nama: string; level: StrukturalLevel; field: Field };
  education: EducationLevel;
  entryEducation?: EducationLevel;
  /** A later ijazah (penyesuaian ijazah); recognised or not. */
  newEducation?: { level: EducationLevel; diakui: boolean; tahunLulus: number };
  golonganId: GolonganId;
  monthsInPangkat: number | null;
  tmtCpns?: IsoDate;
  stepMonths?: number;
  ratings?: [Rating, Rating, Rating];
  goodRatings?: boolean;
  stlud?: 'AUTO' | 'NONE';
  stludUpcoming?: boolean;
  sanction?: 'ACTIVE' | 'EXPIRED';
  blockedReason?: string;
  kpExtra?: KpExtraPlan;
  angkaKredit?: number;
  pppk?: { year: number; tmt: IsoDate };
  missingDocuments?: DocumentCode[];
  recordBirthDateShiftDays?: number;
  specialist?: boolean;
  /** Drawn from a JF template (name, education, gelar) but holding a pelaksana post. */
  asPelaksana?: boolean;
  caseKey?: string;
}

const ENTRY_AGE: Record<EducationLevel, [number, number]> = {
  SD: [19, 24], SLTP: [19, 25], SLTP_KEJURUAN: [19, 25], SLTA: [19, 26], D1: [20, 26], D2: [21, 27], D3: [21, 28],
  D4: [22, 29], S1: [22, 30], S2: [25, 33], DOKTER: [25, 31], APOTEKER: [24, 30], S3: [29, 37],
};

/** CPNS appointment dates of recent formations (for people still in their first golongan). */
const FRESH_TMT_CPNS: readonly IsoDate[] = ['2019-02-01', '2019-03-01', '2020-01-01', '2020-03-01', '2021-01-01',
  '2021-03-01', '2022-04-01', '2022-07-01', '2024-06-01', '2024-07-01'];

const GOOD: readonly (readonly [Rating, number])[] = [['BAIK', 60], ['SANGAT_BAIK', 40]];
const ANY: readonly (readonly [Rating, number])[] = [
  ['BAIK', 56], ['SANGAT_BAIK', 32], ['BUTUH_PERBAIKAN', 8], ['KURANG', 3], ['SANGAT_KURANG', 1],
];

function ratingsFrom(rng: Rng, weights: readonly (readonly [Rating, number])[]): [Rating, Rating, Rating] {
  return [rng.weighted(weights), rng.weighted(weights), rng.weighted(weights)];
}

/** A pelaksana post that fits the education, for people drawn from a JF template. */
function pelaksanaPost(level: EducationLevel): string {
  const rank = educationInfo(level).rank;
  if (rank >= educationInfo('D4').rank) return 'Penelaah Teknis Kebijakan';
  if (rank >= educationInfo('D3').rank) return 'Pengolah Data dan Informasi';
  return 'Pengadministrasi Perkantoran';
}

const maxIso = (a: IsoDate, b: IsoDate): IsoDate => (compareIso(a, b) >= 0 ? a : b);
const minIso = (a: IsoDate, b: IsoDate): IsoDate => (compareIso(a, b) <= 0 ? a : b);

class PlanBuilder {
  readonly employees: EmployeePlan[] = [];
  private readonly names = new Set<string>();
  private readonly nips = new Set<string>();
  private readonly rng = createRng(DEMO_SEED);
  private counter = 0;

  person(inst: InstansiSeed, spec: PersonSpec): EmployeePlan {
    this.counter += 1;
    const seed = `${inst.id}/${this.counter}`;
    const rng = this.rng.fork(seed);
    const gender = spec.gender ?? this.genderFor(rng, spec.template);
    const who = makePerson(rng, inst.id, gender, inst.kotaLokal, this.names);
    const entryEdu = spec.entryEducation ?? spec.education;
    const pppk = spec.pppk;
    const start: GolonganId = pppk ? spec.golonganId : startingGolongan(entryEdu);
    const steps = golongan(spec.golonganId).rank - golongan(start).rank;
    if (steps < 0) throw new Error(`${seed}: golongan ${spec.golonganId} below the starting golongan ${start}`);
    const stepMonths = spec.stepMonths ?? 48;

    let tmtCpns: IsoDate;
    let latest: IsoDate;
    if (pppk) {
      tmtCpns = pppk.tmt;
      latest = tmtCpns;
    } else if (spec.monthsInPangkat === null) {
      if (steps !== 0) throw new Error(`${seed}: a fixed career needs the golongan of appointment`);
      tmtCpns = spec.tmtCpns ?? rng.pick(FRESH_TMT_CPNS);
      latest = tmtCpns;
    } else {
      if (steps === 0) throw new Error(`${seed}: a relative career needs at least one promotion`);
      latest = startOfMonth(addMonths(EARLIEST_NEXT_PERIOD, -(spec.monthsInPangkat + 7 + steps * stepMonths + (steps - 1) * 6)));
      tmtCpns = addMonths(latest, -rng.int(0, 36));
    }
    const [minAge, maxAge] = ENTRY_AGE[entryEdu];
    let entryAge = rng.int(minAge, maxAge);
    const ageMonths = rng.int(0, 11);
    const ageDays = rng.int(0, 27);
    const birthFor = (tmt: IsoDate, age: number): IsoDate => addDays(addMonths(tmt, -(12 * age + ageMonths)), -ageDays);
    // Older than the population should be: start the career later (as far as the plan allows), then enter younger.
    if (compareIso(birthFor(tmtCpns, entryAge), MIN_BIRTH_DATE) < 0) {
      tmtCpns = minIso(latest, maxIso(tmtCpns, startOfMonth(addMonths(MIN_BIRTH_DATE, 12 * entryAge + 12))));
      while (compareIso(birthFor(tmtCpns, entryAge), MIN_BIRTH_DATE) < 0 && entryAge > minAge) entryAge -= 1;
    }
    const birth = birthFor(tmtCpns, entryAge);

    const nip = this.uniqueNip(rng, birth, tmtCpns, gender, pppk?.year);
    const tanggalLahir = spec.recordBirthDateShiftDays ? addDays(birth, spec.recordBirthDateShiftDays) : birth;

    // Jabatan.
    let jabatanNama: string;
    let jabatanJenis: JabatanKind;
    let jenjang: EmployeePlan['jenjang'] = null;
    let angkaKredit: number | null = null;
    let field: Field;
    if (spec.struktural) {
      jabatanNama = spec.struktural.nama;
      jabatanJenis = 'STRUKTURAL';
      jenjang = spec.struktural.level;
      field = spec.struktural.field;
    } else {
      const t = spec.template;
      if (!t) throw new Error(`${seed}: no jabatan`);
      field = t.field;
      if (t.jenis === 'FUNGSIONAL' && t.jf) {
        const level = jfLevelFor(t.jf, spec.golonganId);
        if (!level) throw new Error(`${seed}: ${t.base} cannot hold golongan ${spec.golonganId}`);
        jenjang = level;
        jabatanNama = `${t.base} ${JF_LEVEL_WORDS[level]}`;
        jabatanJenis = 'FUNGSIONAL';
        angkaKredit = spec.angkaKredit ?? this.randomAngkaKredit(rng, level);
        // Drawn all the same, so the random stream, and with it every later name and NIP, stays as it was.
        if (spec.asPelaksana) {
          jabatanNama = pelaksanaPost(spec.education);
          jabatanJenis = 'PELAKSANA';
          jenjang = null;
          angkaKredit = null;
        }
      } else {
        jabatanNama = t.base;
        jabatanJenis = 'PELAKSANA';
      }
    }

    // Education rows: the one before, the one on appointment, later ones.
    const town = who.tempatLahir;
    const entryYear = toYmd(tmtCpns).year;
    const rows: EducationRowPlan[] = [];
    const row = (level: EducationLevel, tahunLulus: number, diakui = true, f: Field = field): EducationRowPlan => {
      const r: EducationRowPlan = {
        level, namaSekolah: schoolFor(rng, f, level, town), jurusan: jurusanFor(rng, f, level), tahunLulus, diakui,
      };
      rows.push(r);
      return r;
    };
    const gradYear = entryYear - rng.int(1, 2);
    const entryRank = educationInfo(entryEdu).rank;
    if (entryRank > educationInfo('SLTA').rank) {
      const sltaYear = gradYear - ({ D3: 3, D4: 4, S1: 4, S2: 6, DOKTER: 7, APOTEKER: 5, S3: 10 } as Partial<Record<EducationLevel, number>>)[entryEdu]!;
      row('SLTA', sltaYear, true, 'UMUM');
      if (entryEdu === 'S2' || entryEdu === 'S3') row('S1', gradYear - 2);
      if (entryEdu === 'DOKTER') row('S1', gradYear - 2);
      if (entryEdu === 'APOTEKER') row('S1', gradYear - 1);
    }
    const entryRow = row(entryEdu, gradYear);
    let highestRow = entryRow;
    if (spec.education !== entryEdu) {
      // Studied while in service (izin belajar): a master's a few years in, a doctorate later.
      const later: EducationLevel[] = spec.education === 'S3' ? ['S2', 'S3'] : [spec.education];
      let y = Math.min(entryYear + rng.int(4, 9), 2021);
      for (const level of later) {
        highestRow = row(level, y, true, field === 'KEDOKTERAN' ? 'KESMAS' : field);
        y = Math.min(y + rng.int(3, 6), 2023);
      }
    }
    if (spec.newEducation) row(spec.newEducation.level, spec.newEducation.tahunLulus, spec.newEducation.diakui);
    const recognisedHighest = spec.newEducation?.diakui ? rows[rows.length - 1] : highestRow;
    const pendidikanLevel = recognisedHighest.level;
    const { level: hl, jurusan: hj } = recognisedHighest;
    const pendidikanNama = (hl === 'DOKTER' || hl === 'APOTEKER') && hj ? hj : `${LEVEL_PREFIX[hl]}${hj ? ` ${hj}` : ''}`;

    const professional = rows.some((r) => r.level === 'DOKTER' || r.level === 'APOTEKER');
    const gelarRows = rows.filter((r) => r.diakui && ['D3', 'D4', 'S1', 'S2', 'S3', 'DOKTER', 'APOTEKER'].includes(r.level))
      .filter((r) => !(r.level === 'S1' && professional));
    const gelar = gelarFor(rng, field, gelarRows, { specialist: spec.specialist });
    const birthYear = toYmd(birth).year;
    if (!gelar.depan && who.agama === 'Islam' && birthYear < 1980 && rng.chance(0.12)) gelar.depan = gender === 'L' ? 'H.' : 'Hj.';

    const ageAt2026 = 2026 - birthYear;
    const statusPerkawinan = ageAt2026 < 28
      ? rng.weighted([['Belum Kawin', 55], ['Kawin', 45]] as const)
      : rng.weighted([['Kawin', 88], ['Belum Kawin', 5], ['Cerai Hidup', 4], ['Cerai Mati', 3]] as const);
    const kota = rng.chance(0.7) ? inst.kotaLokal[0] : rng.pick(inst.kotaLokal);
    const jalan = kota === inst.kotaLokal[0]
      ? rng.pick(inst.jalan)
      : rng.pick(['Jl. Diponegoro', 'Jl. Jenderal Sudirman', 'Jl. Ahmad Yani', 'Jl. Veteran', 'Jl. Kartini', 'Jl. Pahlawan', 'Jl. Melati', 'Perum Griya Asri']);
    const alamat = `${jalan} No. ${rng.int(1, 160)}, RT ${String(rng.int(1, 12)).padStart(2, '0')}/RW ${String(rng.int(1, 9)).padStart(2, '0')}, ${kota}`;

    const plan: EmployeePlan = {
      nip, nama: who.nama, gelarDepan: gelar.depan, gelarBelakang: gelar.belakang, tempatLahir: who.tempatLahir, tanggalLahir,
      jenisKelamin: gender, agama: who.agama, statusPerkawinan, alamat,
      email: `${slugName(who.nama)}.${nip.slice(-4)}@demo.usulan.go.id`,
      jenisAsn: pppk ? 'PPPK' : 'PNS', instansiId: inst.id, unorId: spec.unor.id,
      jabatanNama, jabatanJenis, jenjang, angkaKredit,
      pendidikanLevel, pendidikanNama, education: rows,
      startGolonganId: start, golonganId: spec.golonganId, tmtCpns,
      monthsInPangkat: pppk ? null : spec.monthsInPangkat, stepMonths,
      ratings: spec.ratings ?? ratingsFrom(rng, spec.goodRatings ? GOOD : ANY),
      stlud: spec.stlud ?? 'AUTO', stludUpcoming: spec.stludUpcoming ?? false,
      sanction: spec.sanction ?? null, blockedReason: spec.blockedReason ?? null, kpExtra: spec.kpExtra ?? null,
      missingDocuments: spec.missingDocuments ?? [], caseKey: spec.caseKey ?? null, seed,
    };
    this.employees.push(plan);
    return plan;
  }

  private genderFor(rng: Rng, t?: JabatanTemplate): Gender {
    const base = t?.base ?? '';
    if (base === 'Bidan') return 'P';
    if (/Pengemudi|Caraka|Pengawas Jalan/.test(base)) return 'L';
    if (/Perawat|Guru|Nutrisionis|Apoteker|Perekam/.test(base)) return rng.chance(0.65) ? 'P' : 'L';
    return rng.chance(0.45) ? 'P' : 'L';
  }

  private randomAngkaKredit(rng: Rng, level: JfLevel): number {
    const required: Record<JfLevel, number> = {
      AHLI_PERTAMA: 50, AHLI_MUDA: 100, AHLI_MADYA: 150, AHLI_UTAMA: 200, PEMULA: 15, TERAMPIL: 20, MAHIR: 50, PENYELIA: 100,
    };
    return Math.round(required[level] * (0.3 + rng.next() * 1.1) * 1000) / 1000;
  }

  private uniqueNip(rng: Rng, birth: IsoDate, tmt: IsoDate, gender: Gender, pppkYear?: number): string {
    let seq = rng.int(1, 6);
    for (;;) {
      const nip = pppkYear !== undefined ? buildNiPppk(birth, pppkYear, gender, seq) : buildNip(birth, tmt.slice(0, 7), gender, seq);
      if (!this.nips.has(nip)) {
        this.nips.add(nip);
        return nip;
      }
      seq += 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The deliberate cases.

interface CaseSpec {
  key: string;
  instansiId: string;
  description: string;
  kpType: KpTypeCode;
  failedRules: RuleId[];
  signer?: SkSigner;
  /** This person heads the unor (a struktural case), so no other head is generated for it. */
  heads?: boolean;
  unorKey: string;
  person: Omit<PersonSpec, 'unor' | 'caseKey'>;
}

const BAIK3: [Rating, Rating, Rating] = ['BAIK', 'BAIK', 'SANGAT_BAIK'];
const T = findTemplate;

const CASES: CaseSpec[] = [
  // Pemerintah Provinsi Jawa Tengah
  {
    key: 'REGULER_MEMENUHI_SYARAT', instansiId: 'I-3300', unorKey: 'BKD-PPIK', kpType: 'REGULER', failedRules: [], signer: 'PPK',
    description: 'Pelaksana S-1 III/b, 5 tahun dalam pangkat, SKP Baik: memenuhi syarat KP reguler ke III/c',
    person: { template: T('Penelaah Teknis Kebijakan'), education: 'S1', golonganId: 32, monthsInPangkat: 61, ratings: BAIK3 },
  },
  {
    key: 'REGULER_LINTAS_GOLONGAN_DENGAN_STLUD', instansiId: 'I-3300', unorKey: 'SETDA-UMUM', kpType: 'REGULER', failedRules: [], signer: 'PPK',
    description: 'SLTA II/d dengan STLUD Tingkat I: memenuhi syarat KP reguler ke III/a',
    person: { template: T('Pengadministrasi Perkantoran'), education: 'SLTA', golonganId: 24, monthsInPangkat: 55, ratings: BAIK3, stludUpcoming: true },
  },
  {
    key: 'MASA_KERJA_PANGKAT_KURANG', instansiId: 'I-3300', unorKey: 'BPKAD-AKT', kpType: 'REGULER', failedRules: ['MASA_KERJA_PANGKAT'],
    description: 'S-1 III/b baru 2,5 tahun dalam pangkat: belum 4 tahun',
    person: { template: T('Penata Laporan Keuangan'), education: 'S1', golonganId: 32, monthsInPangkat: 30, ratings: BAIK3 },
  },
  {
    key: 'PENILAIAN_KINERJA_KURANG', instansiId: 'I-3300', unorKey: 'SETDA-PEM', kpType: 'REGULER', failedRules: ['PENILAIAN_KINERJA'],
    description: 'SKP dengan predikat Butuh Perbaikan dalam 2 tahun terakhir',
    person: { template: T('Penelaah Teknis Kebijakan'), education: 'S1', golonganId: 33, monthsInPangkat: 58, ratings: ['BAIK', 'BUTUH_PERBAIKAN', 'BAIK'] },
  },
  {
    key: 'BATAS_PANGKAT_PENDIDIKAN', instansiId: 'I-3300', unorKey: 'DPU-BM', kpType: 'REGULER', failedRules: ['BATAS_PANGKAT_PENDIDIKAN'],
    description: 'SLTA sudah III/b, batas tertinggi KP reguler untuk SLTA',
    person: { template: T('Pengawas Jalan dan Jembatan'), education: 'SLTA', golonganId: 32, monthsInPangkat: 66, ratings: BAIK3 },
  },
  {
    key: 'TANPA_STLUD_KE_III', instansiId: 'I-3300', unorKey: 'SETDA-ORG', kpType: 'REGULER', failedRules: ['STLUD'],
    description: 'SLTA II/d tanpa STLUD Tingkat I: tidak dapat naik ke III/a',
    person: { template: T('Pengolah Data dan Informasi'), education: 'SLTA', golonganId: 24, monthsInPangkat: 57, ratings: BAIK3, stlud: 'NONE' },
  },
  {
    // Reguler can no longer show this: only S2 and up reach IV/a by reguler, and they are exempt from Tingkat II.
    key: 'TANPA_STLUD_KE_IV', instansiId: 'I-3300', unorKey: 'BPKAD', kpType: 'JABATAN_STRUKTURAL', failedRules: ['STLUD'],
    description: 'Sekretaris (Administrator) S-1 III/d tanpa STLUD Tingkat II dan tanpa Diklatpim: tidak dapat naik ke IV/a',
    person: {
      struktural: { nama: 'Sekretaris Badan Pengelolaan Keuangan dan Aset Daerah', level: 'ADMINISTRATOR', field: 'KEUANGAN' },
      education: 'S1', golonganId: 34, monthsInPangkat: 52, ratings: BAIK3, stlud: 'NONE',
    },
  },
  {
    key: 'HUKUMAN_DISIPLIN', instansiId: 'I-3300', unorKey: 'DISDIK-SMA', kpType: 'REGULER', failedRules: ['HUKUMAN_DISIPLIN'],
    description: 'Sedang menjalani hukuman disiplin sedang (pemotongan tunjangan kinerja 25% selama 12 bulan)',
    person: { template: T('Penelaah Teknis Kebijakan'), education: 'S1', golonganId: 32, monthsInPangkat: 70, ratings: BAIK3, sanction: 'ACTIVE' },
  },
  {
    key: 'BLOKIR_BKN', instansiId: 'I-3300', unorKey: 'SETDA-HKM', kpType: 'REGULER', failedRules: ['BLOKIR_BKN'],
    description: 'Data pegawai diblokir BKN (data ganda)',
    person: {
      template: T('Analis Hukum'), asPelaksana: true, education: 'S1', golonganId: 33, monthsInPangkat: 60, ratings: BAIK3,
      blockedReason: 'Terindikasi data ganda dengan NIP lain; menunggu klarifikasi instansi (blokir BKN)',
    },
  },
  {
    key: 'PPPK_TIDAK_BERHAK_KP', instansiId: 'I-3300', unorKey: 'SMKN2-SMG', kpType: 'REGULER', failedRules: ['JENIS_ASN'],
    description: 'PPPK (NI PPPK): kenaikan pangkat hanya untuk PNS',
    person: { template: T('Guru'), education: 'S1', golonganId: 31, monthsInPangkat: null, pppk: { year: 2020, tmt: '2020-06-01' }, ratings: BAIK3 },
  },
  {
    key: 'SUDAH_IV_E', instansiId: 'I-3300', unorKey: 'RSUD-MWD', kpType: 'REGULER', failedRules: ['PANGKAT_TERTINGGI'],
    description: 'Dokter Ahli Utama IV/e: golongan tertinggi',
    person: { template: T('Dokter'), education: 'DOKTER', golonganId: 45, monthsInPangkat: 62, stepMonths: 30, ratings: BAIK3, specialist: true, angkaKredit: 120 },
  },
  {
    key: 'JF_ANGKA_KREDIT_KURANG', instansiId: 'I-3300', unorKey: 'BKD-MUT', kpType: 'JABATAN_FUNGSIONAL', failedRules: ['ANGKA_KREDIT'],
    description: 'Analis SDM Aparatur Ahli Muda III/c, angka kredit 62,5 dari 100',
    person: { template: T('Analis Sumber Daya Manusia Aparatur'), education: 'S1', golonganId: 33, monthsInPangkat: 36, ratings: BAIK3, angkaKredit: 62.5 },
  },
  {
    key: 'JF_MEMENUHI_SYARAT', instansiId: 'I-3300', unorKey: 'BKD-PPIK', kpType: 'JABATAN_FUNGSIONAL', failedRules: [], signer: 'PPK',
    description: 'Pranata Komputer Ahli Pertama III/a, angka kredit 58,2: memenuhi syarat KP pilihan JF ke III/b',
    person: { template: T('Pranata Komputer', 'KEAHLIAN'), education: 'S1', golonganId: 31, monthsInPangkat: null, tmtCpns: '2021-03-01', ratings: BAIK3, angkaKredit: 58.2 },
  },
  {
    key: 'JF_JENJANG_BELUM_NAIK', instansiId: 'I-3300', unorKey: 'SETDA-PEM', kpType: 'JABATAN_FUNGSIONAL', failedRules: ['JENJANG_JABATAN_FUNGSIONAL'],
    description: 'Perencana Ahli Pertama III/b: III/c di luar jenjang Ahli Pertama, perlu naik jenjang dulu',
    person: { template: T('Perencana'), education: 'S1', golonganId: 32, monthsInPangkat: 40, ratings: BAIK3, angkaKredit: 71.5 },
  },
  {
    key: 'STRUKTURAL_MEMENUHI_SYARAT', instansiId: 'I-3300', unorKey: 'BKD-MUT', heads: true, kpType: 'JABATAN_STRUKTURAL', failedRules: [], signer: 'PPK',
    description: 'Kepala Bidang (Administrator) IV/a, 4 tahun lebih: memenuhi syarat KP pilihan struktural ke IV/b',
    person: {
      struktural: { nama: 'Kepala Bidang Mutasi dan Promosi', level: 'ADMINISTRATOR', field: 'SDM' },
      education: 'S2', entryEducation: 'S1', golonganId: 41, monthsInPangkat: 53, ratings: BAIK3,
    },
  },
  {
    key: 'STRUKTURAL_BUKAN_PEJABAT', instansiId: 'I-3300', unorKey: 'BKD-PKA', kpType: 'JABATAN_STRUKTURAL', failedRules: ['MENDUDUKI_JABATAN_STRUKTURAL'],
    description: 'Pelaksana diusulkan KP pilihan struktural: tidak menduduki jabatan struktural',
    person: { template: T('Penelaah Teknis Kebijakan'), education: 'S1', golonganId: 32, monthsInPangkat: 56, ratings: BAIK3 },
  },
  {
    key: 'PENYESUAIAN_IJAZAH_MEMENUHI_SYARAT', instansiId: 'I-3300', unorKey: 'DISDIK-SMK', kpType: 'PENYESUAIAN_IJAZAH', failedRules: [], signer: 'PPK',
    description: 'II/c dengan ijazah S-1 baru yang diakui dan lulus ujian penyesuaian: ke III/a',
    person: {
      template: T('Pengolah Data dan Informasi'), education: 'SLTA', golonganId: 23, monthsInPangkat: 20, ratings: BAIK3,
      newEducation: { level: 'S1', diakui: true, tahunLulus: 2023 },
      kpExtra: { penyesuaianLevel: 'S1', penyesuaianDiakui: true, penyesuaianUjianLulus: true, keputusanPrestasi: false },
    },
  },
  {
    key: 'PENYESUAIAN_IJAZAH_BELUM_LULUS_UJIAN', instansiId: 'I-3300', unorKey: 'BPKAD', kpType: 'PENYESUAIAN_IJAZAH', failedRules: ['UJIAN_PENYESUAIAN_IJAZAH'],
    description: 'Ijazah S-1 diakui, belum lulus ujian penyesuaian kenaikan pangkat',
    person: {
      template: T('Bendahara'), education: 'SLTA', golonganId: 23, monthsInPangkat: 26, ratings: BAIK3,
      newEducation: { level: 'S1', diakui: true, tahunLulus: 2022 },
      kpExtra: { penyesuaianLevel: 'S1', penyesuaianDiakui: true, penyesuaianUjianLulus: false, keputusanPrestasi: false },
    },
  },
  {
    key: 'PRESTASI_LUAR_BIASA', instansiId: 'I-3300', unorKey: 'SMAN1-SMG', kpType: 'PRESTASI_LUAR_BIASA', failedRules: [], signer: 'PPK',
    description: 'Guru Ahli Pertama III/b dengan keputusan PPK atas prestasi luar biasa (juara guru berprestasi nasional)',
    person: {
      template: T('Guru'), education: 'S1', golonganId: 32, monthsInPangkat: 22, ratings: ['BAIK', 'SANGAT_BAIK', 'SANGAT_BAIK'], angkaKredit: 41.25,
      kpExtra: { penyesuaianLevel: null, penyesuaianDiakui: null, penyesuaianUjianLulus: null, keputusanPrestasi: true },
    },
  },
  {
    key: 'TUJUAN_IV_C_KEPALA_BKN', instansiId: 'I-3300', unorKey: 'RSUD-MWD', kpType: 'JABATAN_FUNGSIONAL', failedRules: [], signer: 'KEPALA_BKN',
    description: 'Dokter Ahli Madya IV/b, angka kredit 165: ke IV/c, SK ditetapkan Kepala BKN',
    person: { template: T('Dokter'), education: 'DOKTER', golonganId: 42, monthsInPangkat: 34, stepMonths: 36, ratings: BAIK3, specialist: true, angkaKredit: 165 },
  },
  {
    key: 'JF_AHLI_UTAMA_KEPPRES', instansiId: 'I-3300', unorKey: 'RSJD-AGH', kpType: 'JABATAN_FUNGSIONAL', failedRules: [], signer: 'PRESIDEN',
    description: 'Dokter Ahli Utama IV/d, angka kredit 214: ke IV/e dengan Keputusan Presiden',
    person: { template: T('Dokter'), education: 'DOKTER', golonganId: 44, monthsInPangkat: 30, stepMonths: 30, ratings: BAIK3, specialist: true, angkaKredit: 214 },
  },
  {
    key: 'JPT_MADYA_KEPPRES', instansiId: 'I-3300', unorKey: 'SETDA', heads: true, kpType: 'JABATAN_STRUKTURAL', failedRules: [], signer: 'PRESIDEN',
    description: 'Sekretaris Daerah Provinsi (JPT Madya) IV/d: ke IV/e dengan Keputusan Presiden',
    person: {
      struktural: { nama: 'Sekretaris Daerah Provinsi Jawa Tengah', level: 'JPT_MADYA', field: 'ADMINISTRASI' },
      education: 'S3', entryEducation: 'S1', golonganId: 44, monthsInPangkat: 50, stepMonths: 36, ratings: ['SANGAT_BAIK', 'SANGAT_BAIK', 'SANGAT_BAIK'],
    },
  },
  {
    key: 'TANGGAL_LAHIR_BEDA_DENGAN_NIP', instansiId: 'I-3300', unorKey: 'SETDA-UMUM', kpType: 'REGULER', failedRules: [], signer: 'PPK',
    description: 'Tanggal lahir pada data berbeda dengan NIP (konversi NIP lama): memenuhi syarat, dengan peringatan',
    person: { template: T('Pengolah Data dan Informasi'), education: 'D3', golonganId: 31, monthsInPangkat: 64, ratings: BAIK3, recordBirthDateShiftDays: 16 },
  },
  {
    key: 'BERKAS_KURANG_SKP', instansiId: 'I-3300', unorKey: 'DINKES-YANKES', kpType: 'REGULER', failedRules: [], signer: 'PPK',
    description: 'Memenuhi syarat, tetapi SKP baru 1 dari 2 tahun diunggah: tertahan di gerbang kelengkapan',
    person: { template: T('Pengolah Data dan Informasi'), education: 'SLTA', golonganId: 22, monthsInPangkat: 59, ratings: BAIK3, missingDocuments: ['SKP'] },
  },
  {
    key: 'HUKUMAN_DISIPLIN_SELESAI', instansiId: 'I-3300', unorKey: 'INSP', kpType: 'REGULER', failedRules: [], signer: 'PPK',
    description: 'Hukuman disiplin sudah selesai dijalani: memenuhi syarat',
    person: { template: T('Penelaah Teknis Kebijakan'), education: 'S1', golonganId: 33, monthsInPangkat: 54, ratings: BAIK3, sanction: 'EXPIRED' },
  },
  // Pemerintah Kabupaten Sleman
  {
    key: 'REGULER_MEMENUHI_SYARAT_SLEMAN', instansiId: 'I-3404', unorKey: 'BKPSDM-MUT', kpType: 'REGULER', failedRules: [], signer: 'PPK',
    description: 'D-III II/d, 4 tahun lebih dalam pangkat: memenuhi syarat KP reguler ke III/a (dengan STLUD)',
    person: { template: T('Pengolah Data dan Informasi'), education: 'D3', golonganId: 24, monthsInPangkat: 50, ratings: BAIK3, stludUpcoming: true },
  },
  {
    key: 'HUKUMAN_DISIPLIN_SLEMAN', instansiId: 'I-3404', unorKey: 'KEC-DEPOK', kpType: 'REGULER', failedRules: ['HUKUMAN_DISIPLIN'],
    description: 'Sedang menjalani hukuman disiplin sedang',
    person: { template: T('Pengadministrasi Perkantoran'), education: 'SLTA', golonganId: 22, monthsInPangkat: 60, ratings: BAIK3, sanction: 'ACTIVE' },
  },
  {
    key: 'PENYESUAIAN_IJAZAH_BELUM_DIAKUI', instansiId: 'I-3404', unorKey: 'DISDIK-SD', kpType: 'PENYESUAIAN_IJAZAH', failedRules: ['IJAZAH_DIAKUI'],
    description: 'Ijazah S-1 baru belum diakui instansi (tanpa izin belajar)',
    person: {
      template: T('Pengadministrasi Perkantoran'), education: 'SLTA', golonganId: 23, monthsInPangkat: 24, ratings: BAIK3,
      newEducation: { level: 'S1', diakui: false, tahunLulus: 2023 },
      kpExtra: { penyesuaianLevel: 'S1', penyesuaianDiakui: false, penyesuaianUjianLulus: true, keputusanPrestasi: false },
    },
  },
  {
    key: 'PRESTASI_TANPA_KEPUTUSAN_PPK', instansiId: 'I-3404', unorKey: 'PKM-DEPOK1', kpType: 'PRESTASI_LUAR_BIASA', failedRules: ['KEPUTUSAN_PRESTASI'],
    description: 'Diusulkan KP prestasi luar biasa tanpa keputusan PPK',
    // Sangat Baik in both recent years, so the decree is the only thing missing whichever year the period falls in.
    person: {
      template: T('Perawat', 'KETERAMPILAN'), education: 'D3', golonganId: 24, monthsInPangkat: 28,
      ratings: ['BAIK', 'SANGAT_BAIK', 'SANGAT_BAIK'], angkaKredit: 18.5,
    },
  },
  {
    key: 'BERKAS_KURANG_IJAZAH', instansiId: 'I-3404', unorKey: 'BKAD', kpType: 'REGULER', failedRules: [], signer: 'PPK',
    description: 'Memenuhi syarat, tetapi ijazah belum diunggah',
    person: { template: T('Penata Laporan Keuangan'), education: 'S1', golonganId: 32, monthsInPangkat: 57, ratings: BAIK3, missingDocuments: ['IJAZAH'] },
  },
  {
    key: 'MASA_KERJA_PANGKAT_KURANG_SLEMAN', instansiId: 'I-3404', unorKey: 'DP3-TP', kpType: 'REGULER', failedRules: ['MASA_KERJA_PANGKAT'],
    description: 'Baru 3 tahun dalam pangkat II/c',
    person: { template: T('Pengelola Umum Operasional'), education: 'SLTA', golonganId: 23, monthsInPangkat: 36, ratings: BAIK3 },
  },
  // Pemerintah Kabupaten Sidoarjo
  {
    key: 'REGULER_MEMENUHI_SYARAT_SIDOARJO', instansiId: 'I-3515', unorKey: 'BKD-MUT', kpType: 'REGULER', failedRules: [], signer: 'PPK',
    description: 'S-1 III/c, 5 tahun dalam pangkat: memenuhi syarat KP reguler ke III/d',
    person: { template: T('Penelaah Teknis Kebijakan'), education: 'S1', golonganId: 33, monthsInPangkat: 62, ratings: BAIK3 },
  },
  {
    key: 'HUKUMAN_DISIPLIN_SIDOARJO', instansiId: 'I-3515', unorKey: 'KEC-WARU', kpType: 'REGULER', failedRules: ['HUKUMAN_DISIPLIN'],
    description: 'Sedang menjalani hukuman disiplin sedang',
    person: { template: T('Operator Layanan Operasional'), education: 'SLTA', golonganId: 23, monthsInPangkat: 52, ratings: BAIK3, sanction: 'ACTIVE' },
  },
  {
    key: 'BLOKIR_BKN_SIDOARJO', instansiId: 'I-3515', unorKey: 'SETDA-UMUM', kpType: 'REGULER', failedRules: ['BLOKIR_BKN'],
    description: 'Data diblokir BKN: belum mengikuti pemutakhiran data mandiri',
    person: {
      template: T('Pengadministrasi Perkantoran'), education: 'SLTA', golonganId: 22, monthsInPangkat: 64, ratings: BAIK3,
      blockedReason: 'Belum mengikuti pemutakhiran data mandiri (PDM); diblokir BKN sampai data dilengkapi',
    },
  },
  {
    key: 'JF_MEMENUHI_SYARAT_SIDOARJO', instansiId: 'I-3515', unorKey: 'PKM-CANDI', kpType: 'JABATAN_FUNGSIONAL', failedRules: [], signer: 'PPK',
    description: 'Perawat Terampil II/c, angka kredit 26,4: memenuhi syarat KP pilihan JF ke II/d',
    person: { template: T('Perawat', 'KETERAMPILAN'), education: 'D3', golonganId: 23, monthsInPangkat: null, tmtCpns: '2019-03-01', ratings: BAIK3, angkaKredit: 26.4 },
  },
  {
    key: 'BERKAS_KURANG_SK_PANGKAT', instansiId: 'I-3515', unorKey: 'BPKAD', kpType: 'REGULER', failedRules: [], signer: 'PPK',
    description: 'Memenuhi syarat, tetapi SK pangkat terakhir belum diunggah',
    person: { template: T('Bendahara'), education: 'D3', golonganId: 32, monthsInPangkat: 51, ratings: BAIK3, missingDocuments: ['SK_PANGKAT_TERAKHIR'] },
  },
  {
    key: 'PPPK_TIDAK_BERHAK_KP_SIDOARJO', instansiId: 'I-3515', unorKey: 'RSUD-NOTOPURO', kpType: 'REGULER', failedRules: ['JENIS_ASN'],
    description: 'PPPK tenaga kesehatan: kenaikan pangkat hanya untuk PNS',
    person: { template: T('Perawat', 'KETERAMPILAN'), education: 'D3', golonganId: 23, monthsInPangkat: null, pppk: { year: 2019, tmt: '2019-12-01' }, ratings: BAIK3 },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Heads of units, the people behind the demo users, and everyone else.

function headFor(unor: UnorSeed, inst: InstansiSeed): { nama: string; level: StrukturalLevel } | null {
  const province = inst.jenis === 'PROVINSI';
  switch (unor.kind) {
    case 'SETDA': return { nama: unor.nama.replace(/^Sekretariat Daerah/, 'Sekretaris Daerah'), level: province ? 'JPT_MADYA' : 'JPT_PRATAMA' };
    case 'BKD': case 'DINAS': return { nama: `Kepala ${unor.nama}`, level: 'JPT_PRATAMA' };
    case 'INSPEKTORAT': return { nama: unor.nama.replace(/^Inspektorat/, 'Inspektur'), level: 'JPT_PRATAMA' };
    case 'RUMAH_SAKIT': return { nama: `Direktur ${unor.nama}`, level: province ? 'JPT_PRATAMA' : 'ADMINISTRATOR' };
    case 'KECAMATAN': return { nama: unor.nama.replace(/^Kecamatan/, 'Camat'), level: 'ADMINISTRATOR' };
    case 'BAGIAN':
      if (unor.nama.startsWith('Sekretariat')) return { nama: unor.nama.replace(/^Sekretariat/, 'Sekretaris'), level: 'ADMINISTRATOR' };
      return { nama: `Kepala ${unor.nama}`, level: 'ADMINISTRATOR' };
    case 'BIDANG': return { nama: `Kepala ${unor.nama}`, level: 'ADMINISTRATOR' };
    default: return null;
  }
}

const SECTOR_FIELD: Record<UnorSeed['sector'], Field> = {
  UMUM: 'ADMINISTRASI', PENDIDIKAN: 'PENDIDIKAN', KESEHATAN: 'KESMAS', KEUANGAN: 'KEUANGAN', PU: 'TEKNIK',
  PERTANIAN: 'PERTANIAN', KEPEGAWAIAN: 'SDM',
};

/** Employees per instansi, and how many of the generic ones are laid out to be eligible for KP reguler. */
const SIZE: Record<string, { total: number; eligible: number }> = {
  'I-3300': { total: 200, eligible: 78 },
  'I-3404': { total: 150, eligible: 64 },
  'I-3515': { total: 150, eligible: 64 },
};

export interface InstansiOfficials {
  approver: EmployeePlan;
  plt: EmployeePlan;
  superior: EmployeePlan;
  operators: EmployeePlan[];
}

export interface DemoPlan {
  employees: EmployeePlan[];
  cases: DemoCase[];
  officials: Record<string, InstansiOfficials>;
}

function displayName(p: Pick<EmployeePlan, 'nama' | 'gelarDepan' | 'gelarBelakang'>): string {
  return namaLengkap(p);
}

export { displayName as employeeDisplayName };

function buildPlan(): DemoPlan {
  const b = new PlanBuilder();
  const cases: DemoCase[] = [];
  const officials: Record<string, InstansiOfficials> = {};
  const rng = createRng(DEMO_SEED).fork('population');

  for (const inst of DEMO_INSTANSI) {
    const unors = unorsOf(inst.id);
    const headed = new Map<string, EmployeePlan>();

    for (const c of CASES.filter((x) => x.instansiId === inst.id)) {
      const unor = unorByKey(inst.id, c.unorKey);
      const p = b.person(inst, { ...c.person, unor, caseKey: c.key });
      if (c.heads) headed.set(unor.id, p);
      cases.push({
        key: c.key, nip: p.nip, nama: displayName(p), instansiId: inst.id, description: c.description, kpType: c.kpType,
        expectedEligible: c.failedRules.length === 0, failedRules: c.failedRules, signer: c.signer,
        missingDocuments: p.missingDocuments, nipBirthDateWarning: !!c.person.recordBirthDateShiftDays,
      });
    }

    for (const unor of unors) {
      const head = headFor(unor, inst);
      if (!head || headed.has(unor.id)) continue;
      const r = rng.fork(forkLabel(unor));
      const health = unor.sector === 'KESEHATAN' && (unor.kind === 'DINAS' || unor.kind === 'RUMAH_SAKIT');
      const jpt = head.level === 'JPT_PRATAMA' || head.level === 'JPT_MADYA';
      const education: EducationLevel = health ? 'S2' : jpt ? (r.chance(0.15) ? 'S3' : 'S2') : r.chance(0.65) ? 'S2' : 'S1';
      const golonganId: GolonganId = jpt ? r.pick([42, 43] as const) : r.pick([34, 41, 41, 42] as const);
      headed.set(unor.id, b.person(inst, {
        unor, struktural: { ...head, field: health ? 'KEDOKTERAN' : SECTOR_FIELD[unor.sector] },
        education, entryEducation: health ? 'DOKTER' : 'S1', golonganId,
        monthsInPangkat: r.int(14, 70), stepMonths: jpt ? 40 : 46, goodRatings: true,
      }));
    }
    // Kepala Subbagian Umum dan Kepegawaian in the agencies (pengawas).
    for (const unor of unors.filter((u) => u.kind === 'DINAS' || u.kind === 'BKD')) {
      const r = rng.fork(`${forkLabel(unor)}/kasubag`);
      b.person(inst, {
        unor, struktural: { nama: 'Kepala Subbagian Umum dan Kepegawaian', level: 'PENGAWAS', field: 'ADMINISTRASI' },
        education: r.chance(0.7) ? 'S1' : 'S2', entryEducation: 'S1', golonganId: r.pick([33, 34] as const),
        monthsInPangkat: r.int(10, 70), goodRatings: true,
      });
    }

    const bkd = unors.find((u) => u.kind === 'BKD');
    const bkdSek = unors.find((u) => u.kind === 'BAGIAN' && u.parentId === bkd?.id);
    const superior = headed.get(unors.find((u) => u.kind === 'SETDA')!.id);
    const approver = bkd && headed.get(bkd.id);
    const plt = bkdSek && headed.get(bkdSek.id);
    if (!superior || !approver || !plt) throw new Error(`${inst.id}: officials missing`);

    // Staff of the personnel agency: the operators are among them.
    const mutasi = unors.find((u) => u.kind === 'BIDANG' && u.sector === 'KEPEGAWAIAN' && /Mutasi/.test(u.nama)) ?? bkdSek!;
    const operators = [
      b.person(inst, { unor: mutasi, template: T('Analis Sumber Daya Manusia Aparatur'), education: 'S1', golonganId: 32, monthsInPangkat: 30, goodRatings: true }),
      b.person(inst, { unor: mutasi, template: T('Pengolah Data dan Informasi'), education: 'D3', golonganId: 24, monthsInPangkat: 26, goodRatings: true }),
      b.person(inst, { unor: mutasi, template: T('Pranata Sumber Daya Manusia Aparatur'), education: 'D3', golonganId: 32, monthsInPangkat: 44, goodRatings: true }),
    ];
    officials[inst.id] = { approver, plt, superior, operators: inst.jenis === 'PROVINSI' ? operators.slice(0, 2) : operators.slice(0, 1) };

    // PPPK: teachers and nurses appointed in the PPPK formations. Their PPPK golongan (IX for S-1, VII for D-III) is
    // stored as the equivalent PNS golongan id, which the schema requires.
    const pppkUnors = unors.filter((u) => u.kind === 'SEKOLAH' || u.kind === 'PUSKESMAS' || u.kind === 'RUMAH_SAKIT');
    for (let i = 0; i < 3; i += 1) {
      const r = rng.fork(`${inst.id}/pppk/${i}`);
      const unor = r.pick(pppkUnors);
      const teacher = unor.kind === 'SEKOLAH';
      const year = r.pick([2021, 2022, 2023, 2024]);
      b.person(inst, {
        unor, template: teacher ? T('Guru') : T('Perawat', 'KETERAMPILAN'), education: teacher ? 'S1' : 'D3',
        golonganId: teacher ? 31 : 23, monthsInPangkat: null, pppk: { year, tmt: `${year}-0${r.pick([1, 3, 4])}-01` }, goodRatings: true,
      });
    }

    // Everyone else.
    const size = SIZE[inst.id];
    const remaining = size.total - b.employees.filter((e) => e.instansiId === inst.id).length;
    if (remaining < size.eligible) throw new Error(`${inst.id}: not enough room for ${size.eligible} eligible employees`);
    const rest = remaining - size.eligible;
    const profiles = rng.fork(`${inst.id}/profiles`).shuffle([
      ...Array<Profile>(size.eligible).fill('ELIGIBLE'),
      ...Array<Profile>(Math.round(rest * 0.42)).fill('RECENT'),
      ...Array<Profile>(Math.round(rest * 0.18)).fill('CEILING'),
      ...Array<Profile>(rest - Math.round(rest * 0.42) - Math.round(rest * 0.18)).fill('FRESH'),
    ]);
    const unorWeights = unors.map((u) => [u, UNOR_WEIGHT[u.kind]] as const);
    let expiredSanctions = 0;
    profiles.forEach((profile, i) => {
      const r = rng.fork(`${inst.id}/generic/${i}`);
      const unor = r.weighted(unorWeights);
      const spec = genericSpec(r, unor, profile);
      if (profile === 'ELIGIBLE' && expiredSanctions < 2 && i % 7 === 3) {
        spec.sanction = 'EXPIRED';
        expiredSanctions += 1;
      }
      b.person(inst, spec);
    });
  }
  return { employees: b.employees, cases, officials };
}

type Profile = 'ELIGIBLE' | 'RECENT' | 'CEILING' | 'FRESH';

const UNOR_WEIGHT: Record<UnorSeed['kind'], number> = {
  SEKOLAH: 6, RUMAH_SAKIT: 7, PUSKESMAS: 5, BIDANG: 3, BAGIAN: 3, DINAS: 2, SETDA: 1, BKD: 1, KECAMATAN: 3, INSPEKTORAT: 3,
};

function genericSpec(r: Rng, unor: UnorSeed, profile: Profile): Omit<PersonSpec, 'caseKey'> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const templates = templatesFor(unor);
    const template = r.weighted(templates.map((t) => [t, t.weight] as const));
    const education = r.weighted(template.educations);
    const start = startingGolongan(education);
    const ceiling = regulerCeiling(education);
    const fits = (g: GolonganId): boolean => !template.jf || jfGolonganAllowed(template.jf, g);
    const above = GOLONGAN_LADDER.filter((g) => g.rank > golongan(start).rank && fits(g.id));
    let options: GolonganId[];
    switch (profile) {
      case 'ELIGIBLE':
        options = above.filter((g) => (nextGolongan(g.id)?.rank ?? 99) <= golongan(ceiling).rank).map((g) => g.id);
        break;
      case 'RECENT':
        options = above.filter((g) => g.rank <= golongan(ceiling).rank).map((g) => g.id);
        break;
      case 'CEILING':
        options = above.filter((g) => g.id === ceiling).map((g) => g.id);
        break;
      case 'FRESH':
        options = fits(start) ? [start] : [];
        break;
    }
    if (options.length === 0) continue;
    const golonganId = r.pick(options);
    const next = nextGolongan(golonganId);
    const crossing = !!next && bandIndex(next.band) > bandIndex(golongan(golonganId).band) && next.band !== 'II';
    return {
      unor, template, education, golonganId,
      monthsInPangkat: profile === 'FRESH' ? null : profile === 'ELIGIBLE' ? r.int(49, 90) : profile === 'RECENT' ? r.int(8, 36) : r.int(49, 120),
      goodRatings: profile === 'ELIGIBLE' || r.chance(0.5),
      stludUpcoming: crossing && (profile === 'ELIGIBLE' || r.chance(0.3)),
      // KP reguler is for pelaksana only (PP 99/2000 art. 7), so the people laid out to be eligible for it are pelaksana.
      asPelaksana: profile === 'ELIGIBLE',
    };
  }
  // Nothing on this unor fits the profile: an administrative post does.
  return genericSpec(r, { ...unor, kind: 'BAGIAN', sector: 'UMUM' }, profile);
}

let cached: DemoPlan | null = null;

/** The day-independent demo population (memoised: about 500 people, built in a few milliseconds). */
export function demoPlan(): DemoPlan {
  cached ??= buildPlan();
  return cached;
}

// ---------------------------------------------------------------------------------------------------------------
// The date-dependent state.

export interface HistoryRow {
  golonganId: GolonganId;
  tmt: IsoDate;
  mkgTahun: number;
  mkgBulan: number;
  skNomor: string;
  skTanggal: IsoDate;
  pertekNomor: string | null;
}

export interface EmployeeState {
  tmtGolongan: IsoDate;
  mkgTahun: number;
  mkgBulan: number;
  /** PNS only; the first row is the appointment as CPNS. */
  history: HistoryRow[];
  ratings: { tahun: number; predikat: Rating }[];
  stlud: { tingkat: 1 | 2; tanggal: IsoDate }[];
  sanctions: { tingkat: 'RINGAN' | 'SEDANG' | 'BERAT'; jenis: string; tmtMulai: IsoDate; tmtSelesai: IsoDate; skNomor: string }[];
}

/** Latest period date on or before `date` (the regime of that time decides which months are periods). */
export function periodOnOrBefore(date: IsoDate): IsoDate {
  const month = startOfMonth(date);
  let d = periodCache.get(month);
  if (d === undefined) {
    d = month;
    while (!isValidPeriod(d).ok) d = addMonths(d, -1);
    periodCache.set(month, d);
  }
  return d;
}

const periodCache = new Map<IsoDate, IsoDate>();
const nextPeriodCache = new Map<IsoDate, IsoDate>();

function periodOnOrAfter(date: IsoDate): IsoDate {
  let d = nextPeriodCache.get(date);
  if (d === undefined) {
    d = nextPeriodOnOrAfter(date)!;
    nextPeriodCache.set(date, d);
  }
  return d;
}

function mkgAt(plan: EmployeePlan, golonganId: GolonganId, tmt: IsoDate): { tahun: number; bulan: number } {
  let months = fullMonthsBetween(plan.tmtCpns, tmt);
  const startBand = bandIndex(golongan(plan.startGolonganId).band);
  const band = bandIndex(golongan(golonganId).band);
  if (startBand === 0 && band >= 1) months -= 72;
  if (startBand <= 1 && band >= 2) months -= 60;
  months = Math.max(0, months);
  return { tahun: Math.floor(months / 12), bulan: months % 12 };
}

export function materialize(plan: EmployeePlan, ref: DemoReference): EmployeeState {
  const rng = createRng(DEMO_SEED).fork(`${plan.seed}/state`);
  const inst = instansiById(plan.instansiId);
  const kanregKode = DEMO_KANREG.find((k) => k.id === inst.kanregId)!.kode;
  const history: HistoryRow[] = [];
  const steps = golongan(plan.golonganId).rank - golongan(plan.startGolonganId).rank;

  const tmtGolongan = plan.monthsInPangkat === null
    ? plan.tmtCpns
    : periodOnOrBefore(addMonths(ref.nextPeriod, -plan.monthsInPangkat));

  if (plan.jenisAsn === 'PNS') {
    const dates: IsoDate[] = [plan.tmtCpns];
    if (steps > 0) {
      const gap = fullMonthsBetween(plan.tmtCpns, tmtGolongan);
      const slack = Math.max(0, gap - steps * plan.stepMonths - (steps - 1) * 6);
      const weights = Array.from({ length: steps }, () => 0.2 + rng.next());
      const total = weights.reduce((s, w) => s + w, 0);
      let d = plan.tmtCpns;
      for (let i = 1; i < steps; i += 1) {
        d = periodOnOrAfter(addMonths(d, plan.stepMonths + Math.floor((slack * weights[i - 1]) / total)));
        dates.push(d);
      }
      dates.push(tmtGolongan);
    }
    dates.forEach((tmt, i) => {
      const g = GOLONGAN_LADDER[golongan(plan.startGolonganId).rank + i].id;
      const year = toYmd(tmt).year;
      const seq = rng.int(101, 2999);
      const skTanggal = addDays(tmt, -rng.int(10, 60));
      const skYear = toYmd(skTanggal).year;
      const skNomor = i === 0
        ? skYear >= 2023 ? `800.1.2.2/${seq}/${inst.kodeUnitSk}/${skYear}` : `813.3/${seq}/${skYear}`
        : skYear >= 2023 ? `800.1.3.2/${seq}/${inst.kodeUnitSk}/${skYear}` : `823.3/${seq}/${skYear}`;
      const pertekNomor = i > 0 && year >= 2020
        ? formatPertekNumber({ prefix: 'IG', year: skYear, kanregCode: kanregKode, seq: rng.int(1, 999999) })
        : null;
      const mkg = mkgAt(plan, g, tmt);
      history.push({ golonganId: g, tmt, mkgTahun: mkg.tahun, mkgBulan: mkg.bulan, skNomor, skTanggal, pertekNomor });
    });
  }
  const current = history[history.length - 1];

  const startYear = toYmd(plan.tmtCpns).year;
  const ratings = ref.ratingYears
    .map((tahun, i) => ({ tahun, predikat: plan.ratings[i] }))
    .filter((r) => r.tahun >= startYear);

  const stlud: EmployeeState['stlud'] = [];
  if (plan.jenisAsn === 'PNS' && plan.stlud === 'AUTO') {
    const keahlian = plan.jabatanJenis === 'FUNGSIONAL' && plan.jenjang?.startsWith('AHLI_');
    for (let i = 1; i < history.length; i += 1) {
      const from = golongan(history[i - 1].golonganId).band;
      const to = golongan(history[i].golonganId).band;
      if (from === to || (to !== 'III' && to !== 'IV') || (to === 'IV' && keahlian)) continue;
      const tanggal = maxIso(addMonths(history[i - 1].tmt, 12), addMonths(history[i].tmt, -rng.int(6, 30)));
      stlud.push({ tingkat: to === 'III' ? 1 : 2, tanggal });
    }
    if (plan.stludUpcoming) {
      const next = nextGolongan(plan.golonganId);
      if (next && (next.band === 'III' || next.band === 'IV')) {
        const tanggal = minIso(addMonths(tmtGolongan, rng.int(12, 30)), addMonths(ref.today, -1));
        stlud.push({ tingkat: next.band === 'III' ? 1 : 2, tanggal: maxIso(tanggal, tmtGolongan) });
      }
    }
  }

  const sanctions: EmployeeState['sanctions'] = [];
  const sanctionSeq = rng.int(11, 240);
  if (plan.sanction === 'ACTIVE') {
    const mulai = startOfMonth(addMonths(ref.today, -3));
    sanctions.push({
      tingkat: 'SEDANG', jenis: 'Pemotongan tunjangan kinerja sebesar 25% selama 12 bulan',
      tmtMulai: mulai, tmtSelesai: addDays(addMonths(mulai, 12), -1),
      skNomor: `800.1.6.4/${sanctionSeq}/${inst.kodeUnitSk}/${toYmd(mulai).year}`,
    });
  } else if (plan.sanction === 'EXPIRED') {
    const mulai = startOfMonth(addMonths(ref.today, -30));
    sanctions.push({
      tingkat: 'SEDANG', jenis: 'Pemotongan tunjangan kinerja sebesar 25% selama 6 bulan',
      tmtMulai: mulai, tmtSelesai: addDays(addMonths(mulai, 6), -1),
      skNomor: `800.1.6.4/${sanctionSeq}/${inst.kodeUnitSk}/${toYmd(mulai).year}`,
    });
  }

  return {
    tmtGolongan,
    mkgTahun: current?.mkgTahun ?? 0,
    mkgBulan: current?.mkgBulan ?? 0,
    history,
    ratings,
    stlud,
    sanctions,
  };
}
