import { compareIso, parseIsoDate, type IsoDate } from './dates';
import type { DocumentCode } from './documents';
import type { KpTypeCode } from './kp-types';
import { formatSkNumber, skNumberFormatProblems } from './numbering';
import { REGULATION } from './regulations';
import type { JfLevel, Rating } from './types';

/**
 * The KP rules as versions by effective date. A version governs every usulan whose period date is on or after its
 * `validFrom`, until the next version's; an usulan records the version it was judged by and finishes under it (its
 * SK cites that version's legal basis), unless a later version covering its period says `appliesToOpen`.
 *
 * Only what changes between regulations is a version parameter; the rules themselves stay in eligibility.ts. The
 * built-in versions below are the regulations DOMAIN.md names; an administrator publishes further ones as data
 * (`POST /api/v1/admin/aturan-kp`), checked by `kpRuleVersionProblems`.
 */
export interface KpRuleVersion {
  /** Stable id recorded on the usulan, e.g. `KP-2025-10`. */
  id: string;
  /** First period date this version governs. */
  validFrom: IsoDate;
  /** The regulation that made this version. */
  regulation: string;
  /** What changed, for the explanation. */
  summary: string;
  /** The SK's Mengingat under this version. */
  dasarHukum: readonly string[];
  /**
   * KP reguler may not go above the direct superior's pangkat (PP 99/2000 art. 6 jo. Keputusan Kepala BKN 12/2002),
   * until Peraturan BKN 2/2025 revoked the cap.
   */
  superiorCap: boolean;
  /** Per-type parameters that differ from KP_TYPE_RULES. */
  typeRules?: Partial<Record<KpTypeCode, KpTypeParameters>>;
  angkaKreditRequired?: Partial<Record<JfLevel, number>>;
  /** Berkas changes per KP type: documents added as mandatory, documents no longer mandatory. */
  documents?: Partial<Record<KpTypeCode, { add?: readonly DocumentCode[]; optional?: readonly DocumentCode[] }>>;
  /** The SK number format this version prescribes (domain/numbering.ts); absent, the deployment's own. */
  skNumberFormat?: string;
  /** Whether usulan already open for a period this version covers switch to it (a correction, say). */
  appliesToOpen?: boolean;
}

export interface KpTypeParameters {
  minYearsInPangkat?: number | null;
  ratingYears?: number;
  minRating?: Rating;
}

const UU_ASN = 'Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara';
const GAJI = 'Peraturan Pemerintah Nomor 7 Tahun 1977 tentang Peraturan Gaji Pegawai Negeri Sipil sebagaimana telah beberapa kali diubah, terakhir dengan Peraturan Pemerintah Nomor 5 Tahun 2024';
const MANAJEMEN = 'Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 17 Tahun 2020';
const PP_KP = 'Peraturan Pemerintah Nomor 99 Tahun 2000 tentang Kenaikan Pangkat Pegawai Negeri Sipil sebagaimana telah diubah dengan Peraturan Pemerintah Nomor 12 Tahun 2002';
const PERIODE_2023 = 'Peraturan Badan Kepegawaian Negara Nomor 4 Tahun 2023 tentang Periodisasi Kenaikan Pangkat Pegawai Negeri Sipil';
const REGULER_2025 = 'Peraturan Badan Kepegawaian Negara Nomor 2 Tahun 2025 tentang Kenaikan Pangkat Reguler Pegawai Negeri Sipil';
const PERIODE_2025 = 'Peraturan Badan Kepegawaian Negara Nomor 4 Tahun 2025 tentang Periodisasi Kenaikan Pangkat Pegawai Negeri Sipil';

export const KP_RULE_VERSIONS: readonly KpRuleVersion[] = Object.freeze([
  {
    id: 'KP-2002',
    validFrom: '1900-01-01',
    regulation: `${REGULATION.KP}; Keputusan Kepala BKN 12/2002`,
    summary: 'dua periode setahun (April, Oktober); KP reguler tidak melampaui pangkat atasan langsung',
    dasarHukum: [UU_ASN, GAJI, MANAJEMEN, PP_KP],
    superiorCap: true,
  },
  {
    // Signed July 2023, in force from 1 January 2024: six periods a year.
    id: 'KP-2024-01',
    validFrom: '2024-01-01',
    regulation: REGULATION.PERIODE_6_KALI,
    summary: 'enam periode setahun (Februari, April, Juni, Agustus, Oktober, Desember)',
    dasarHukum: [UU_ASN, GAJI, MANAJEMEN, PP_KP, PERIODE_2023],
    superiorCap: true,
  },
  {
    // Issued 20 May 2025; the first period it governs is 1 June 2025. It revoked Keputusan Kepala BKN 12/2002.
    id: 'KP-2025-05',
    validFrom: '2025-05-20',
    regulation: REGULATION.KP_REGULER,
    summary: 'KP reguler sampai pangkat tertinggi sesuai pendidikan, boleh melampaui pangkat atasan langsung',
    dasarHukum: [UU_ASN, GAJI, MANAJEMEN, PP_KP, PERIODE_2023, REGULER_2025],
    superiorCap: false,
  },
  {
    // In force from 1 October 2025; it revoked Peraturan BKN 4/2023.
    id: 'KP-2025-10',
    validFrom: '2025-10-01',
    regulation: REGULATION.PERIODE_BULANAN,
    summary: 'periode setiap tanggal 1 setiap bulan',
    dasarHukum: [UU_ASN, GAJI, MANAJEMEN, PP_KP, REGULER_2025, PERIODE_2025],
    superiorCap: false,
  },
].map((v) => Object.freeze(v)));

/**
 * The version in force for a period date: the latest `validFrom` on or before it; between two versions with the
 * same `validFrom`, the one later in the book (published later). A date before every version is read by the earliest
 * (PP 99/2000 is the oldest rule the engine knows), so no date a caller can send is without rules.
 */
export function kpRuleVersionFor(periodDate: IsoDate, book: readonly KpRuleVersion[] = KP_RULE_VERSIONS): KpRuleVersion {
  let found: KpRuleVersion | null = null;
  for (const v of book) {
    if (compareIso(v.validFrom, periodDate) > 0) continue;
    if (!found || compareIso(v.validFrom, found.validFrom) >= 0) found = v;
  }
  if (!found) found = [...book].sort((a, b) => compareIso(a.validFrom, b.validFrom))[0];
  if (!found) throw new RangeError('buku aturan KP kosong');
  return found;
}

/**
 * The version an usulan finishes under: the one it was judged by, unless it is still open and a version published
 * after it that covers its period says it applies to open usulan (a finished usulan is never re-judged). An usulan
 * recorded before versions were recorded (or under a version no longer in the book) is read by its period date.
 */
export function kpRuleVersionOfUsulan(
  recordedId: string | null | undefined, periodDate: IsoDate, book: readonly KpRuleVersion[] = KP_RULE_VERSIONS, open = true,
): KpRuleVersion {
  const at = recordedId ? book.findIndex((v) => v.id === recordedId) : -1;
  if (at < 0) return kpRuleVersionFor(periodDate, book);
  let chosen = book[at];
  if (!open) return chosen;
  for (const v of book.slice(at + 1)) {
    if (v.appliesToOpen && compareIso(v.validFrom, periodDate) <= 0 && compareIso(v.validFrom, chosen.validFrom) >= 0) chosen = v;
  }
  return chosen;
}

/** Built-ins first, then published versions in the order they were published. */
export function kpRuleBook(published: readonly KpRuleVersion[]): readonly KpRuleVersion[] {
  return [...KP_RULE_VERSIONS, ...published];
}

const ID = /^[A-Z][A-Z0-9._-]{2,39}$/;

/** Why a version cannot be published into `book` (empty when it can). */
export function kpRuleVersionProblems(v: KpRuleVersion, book: readonly KpRuleVersion[]): string[] {
  const problems: string[] = [];
  if (!ID.test(v.id)) problems.push('id versi aturan: huruf besar, angka, titik, garis bawah atau tanda hubung, 3-40 karakter, diawali huruf');
  if (book.some((b) => b.id === v.id)) problems.push(`versi aturan ${v.id} sudah ada`);
  if (!parseIsoDate(v.validFrom)) problems.push(`tanggal berlaku tidak valid: ${v.validFrom} (format YYYY-MM-DD)`);
  if (!v.regulation.trim()) problems.push('regulasi yang menetapkan versi ini wajib diisi');
  if (!v.dasarHukum.length || v.dasarHukum.some((d) => !d.trim())) problems.push('dasar hukum (Mengingat) SK wajib diisi, satu baris per peraturan');
  if (v.skNumberFormat !== undefined) {
    const missing = skNumberFormatProblems(v.skNumberFormat);
    problems.push(...missing);
    // An unknown placeholder would fail every SK of the version at numbering time: refuse it now.
    try {
      if (!missing.length) formatSkNumber(v.skNumberFormat, { seq: 1, unit: 'BKD', office: '3300', year: 2026 });
    } catch (err) {
      problems.push(`format nomor SK tidak dapat dipakai: ${(err as Error).message}`);
    }
  }
  return problems;
}
