import { golongan, type GolonganId } from './golongan';
import { REGULATION } from './regulations';

export type EducationLevel =
  | 'SD' | 'SLTP' | 'SLTP_KEJURUAN' | 'SLTA' | 'D1' | 'D2' | 'D3' | 'D4' | 'S1' | 'S2' | 'DOKTER' | 'APOTEKER' | 'S3';

export interface EducationInfo {
  level: EducationLevel;
  label: string;
  /** Higher is more advanced; equal ranks (D-IV and S1; S2, dokter and apoteker) are treated as equivalent. */
  rank: number;
  /** Golongan on first appointment, and the target of a penyesuaian ijazah. */
  startingGolonganId: GolonganId;
  /** The highest golongan a reguler KP may reach with this education. */
  regulerCeilingGolonganId: GolonganId;
}

export const STARTING_GOLONGAN_REGULATION = `${REGULATION.MANAJEMEN_PNS}; ${REGULATION.KP}`;
export const REGULER_CEILING_REGULATION = REGULATION.KP_REGULER;

const info = (
  level: EducationLevel, label: string, rank: number, startingGolonganId: GolonganId, regulerCeilingGolonganId: GolonganId,
): EducationInfo => Object.freeze({ level, label, rank, startingGolonganId, regulerCeilingGolonganId });

export const EDUCATION_LEVELS: readonly EducationInfo[] = Object.freeze([
  info('SD', 'Sekolah Dasar', 1, 11, 21),
  info('SLTP', 'Sekolah Lanjutan Tingkat Pertama', 2, 13, 23),
  // Unconfirmed: DOMAIN.md gives no starting golongan for SLTP kejuruan; I/c (as SLTP) until a source says otherwise.
  info('SLTP_KEJURUAN', 'Sekolah Lanjutan Tingkat Pertama Kejuruan', 3, 13, 24),
  info('SLTA', 'Sekolah Lanjutan Tingkat Atas', 4, 21, 32),
  info('D1', 'Diploma I', 5, 21, 32),
  info('D2', 'Diploma II', 6, 22, 32),
  info('D3', 'Diploma III', 7, 23, 33),
  info('D4', 'Diploma IV', 8, 31, 34),
  info('S1', 'Sarjana (S-1)', 8, 31, 34),
  info('S2', 'Magister (S-2)', 9, 32, 41),
  info('DOKTER', 'Dokter', 9, 32, 41),
  info('APOTEKER', 'Apoteker', 9, 32, 41),
  info('S3', 'Doktor (S-3)', 10, 33, 42),
]);

const BY_LEVEL = new Map<string, EducationInfo>(EDUCATION_LEVELS.map((e) => [e.level, e]));

export function isEducationLevel(value: unknown): value is EducationLevel {
  return typeof value === 'string' && BY_LEVEL.has(value);
}

export function educationInfo(level: EducationLevel): EducationInfo {
  const e = BY_LEVEL.get(level);
  if (!e) throw new RangeError(`unknown education level: ${String(level)}`);
  return e;
}

/** Accepts a level code in any case ('s1' → 'S1'); labels such as 'D-III' are not codes and give null. */
export function parseEducationLevel(input: unknown): EducationLevel | null {
  if (typeof input !== 'string') return null;
  const code = input.trim().toUpperCase();
  return isEducationLevel(code) ? code : null;
}

export function startingGolongan(level: EducationLevel): GolonganId {
  return educationInfo(level).startingGolonganId;
}

export function regulerCeiling(level: EducationLevel): GolonganId {
  return educationInfo(level).regulerCeilingGolonganId;
}

export function educationLabel(level: EducationLevel): string {
  return educationInfo(level).label;
}

/** 'S1 (III/d)' style text for messages. */
export function describeCeiling(level: EducationLevel): string {
  return `${level} (${golongan(regulerCeiling(level)).code})`;
}
