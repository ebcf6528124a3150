import type { IsoDate } from './dates';
import type { EducationLevel } from './education';
import type { GolonganBand } from './golongan';

export type JenisAsn = 'PNS' | 'PPPK';

/** Predikat kinerja (PP 30/2019), best first. */
export type Rating = 'SANGAT_BAIK' | 'BAIK' | 'BUTUH_PERBAIKAN' | 'KURANG' | 'SANGAT_KURANG';

export type JabatanKind = 'STRUKTURAL' | 'FUNGSIONAL' | 'PELAKSANA';

/** Jenjang jabatan fungsional: keahlian (AHLI_*) and keterampilan (the rest). */
export type JfLevel =
  | 'AHLI_PERTAMA' | 'AHLI_MUDA' | 'AHLI_MADYA' | 'AHLI_UTAMA'
  | 'PEMULA' | 'TERAMPIL' | 'MAHIR' | 'PENYELIA';

/** Levels of jabatan struktural (UU ASN terms); JPT Utama and Madya are appointed by the President. */
export type StrukturalLevel = 'JPT_UTAMA' | 'JPT_MADYA' | 'JPT_PRATAMA' | 'ADMINISTRATOR' | 'PENGAWAS';

/** Eselon of a jabatan struktural (PP 100/2000 jo. PP 13/2002), where the record has it; finer than StrukturalLevel. */
export type Eselon = 'IA' | 'IB' | 'IIA' | 'IIB' | 'IIIA' | 'IIIB' | 'IVA' | 'IVB' | 'VA';

export interface JabatanFacts {
  kind: JabatanKind;
  name: string;
  jfLevel?: JfLevel;
  strukturalLevel?: StrukturalLevel;
  eselon?: Eselon;
  /** TMT of the current post; for a jabatan struktural the date of inauguration (pelantikan). */
  tmtJabatan?: IsoDate;
  /**
   * Angka kredit counted towards the next pangkat: earned since the TMT of the current pangkat, as the latest PAK
   * states it (Peraturan BKN 3/2023), not cumulative from the start of the career.
   */
  angkaKredit?: number;
  /**
   * Where a source only has career-cumulative totals: the latest PAK total and the total in force at the TMT of the
   * current pangkat. The credit for this pangkat is their difference; without `atTmtGolongan` it cannot be derived.
   * Ignored when `angkaKredit` is present.
   */
  angkaKreditKumulatif?: { latest: number; atTmtGolongan?: number };
}

export type SanctionLevel = 'RINGAN' | 'SEDANG' | 'BERAT';

export interface SanctionFacts {
  from: IsoDate;
  /** Last day the sanction runs; null while it has no end date. */
  to: IsoDate | null;
  level: SanctionLevel;
}

/**
 * A passed ujian dinas (STLUD), named by the band it opens: Ujian Dinas Tingkat I opens III (II/d → III/a),
 * Tingkat II opens IV (III/d → IV/a).
 */
export interface StludFacts {
  opensBand: Extract<GolonganBand, 'III' | 'IV'>;
  passedAt?: IsoDate;
}

/** A passed Diklat Kepemimpinan; the newer PKP, PKA and PKN Tingkat II count as tingkat IV, III and II. */
export interface DiklatpimFacts {
  tingkat: 'I' | 'II' | 'III' | 'IV';
  passedAt?: IsoDate;
}

export interface PenyesuaianIjazahFacts {
  newLevel: EducationLevel;
  recognised: boolean;
  examPassed: boolean;
}

/**
 * What the rules need to know about one employee, shaped after the database rows: the latest golongan history
 * row, the education row, the SKP rows, the current jabatan, the sanction rows and a few flags.
 */
export interface EmployeeFacts {
  nip: string;
  jenisAsn: JenisAsn;
  birthDate: IsoDate;
  golonganId: number;
  tmtGolongan: IsoDate;
  /** Masa kerja golongan as of tmtGolongan. */
  mkgTahun: number;
  mkgBulan: number;
  /** The highest education recognised on the record. */
  education: { level: EducationLevel; recognisedAt?: IsoDate };
  ratings: { year: number; rating: Rating }[];
  jabatan: JabatanFacts;
  stlud?: StludFacts[];
  sanctions?: SanctionFacts[];
  blockedByBkn: boolean;
  penyesuaianIjazah?: PenyesuaianIjazahFacts;
  diklatpim?: DiklatpimFacts[];
  /** A PPK decree recognising an outstanding achievement exists. */
  prestasiDecree?: boolean;
  /** A decree recognising a new invention, from the body the President designates, exists. */
  penemuanBaruDecree?: boolean;
  /** Golongan of the direct superior, where recorded; only the rule versions before Peraturan BKN 2/2025 read it. */
  superiorGolonganId?: number | null;
  /** Peremajaan areas with an open usulan for this person (see domain/peremajaan.ts). */
  openPeremajaanAreas?: string[];
}

/** One rule's verdict, phrased for the user, with the regulation it comes from. */
export interface RuleResult {
  rule: string;
  message: string;
  regulation: string;
}
