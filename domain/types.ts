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

export interface JabatanFacts {
  kind: JabatanKind;
  name: string;
  jfLevel?: JfLevel;
  strukturalLevel?: StrukturalLevel;
  /** Angka kredit accumulated towards the next pangkat, as stated by the latest PAK. */
  angkaKredit?: number;
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
  /** A PPK decree recognising an outstanding achievement exists. */
  prestasiDecree?: boolean;
  /** Peremajaan areas with an open usulan for this person (see domain/peremajaan.ts). */
  openPeremajaanAreas?: string[];
}

/** One rule's verdict, phrased for the user, with the regulation it comes from. */
export interface RuleResult {
  rule: string;
  message: string;
  regulation: string;
}
