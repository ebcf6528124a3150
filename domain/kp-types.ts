import { REGULATION } from './regulations';

export type KpTypeCode =
  | 'REGULER'
  | 'JABATAN_STRUKTURAL'
  | 'JABATAN_FUNGSIONAL'
  | 'PENYESUAIAN_IJAZAH'
  | 'SEDANG_TUGAS_BELAJAR'
  | 'SETELAH_TUGAS_BELAJAR'
  | 'DIPERBANTUKAN_DIPEKERJAKAN'
  | 'PENEMUAN_BARU'
  | 'PRESTASI_LUAR_BIASA'
  | 'PEJABAT_NEGARA'
  | 'SELAMA_DPK_DPB'
  | 'ANUMERTA'
  | 'PENGABDIAN';

export interface KpType {
  code: KpTypeCode;
  /** The id SIASN uses; null where the public API shows none (anumerta, pengabdian). */
  siasnId: number | null;
  name: string;
  category: 'REGULER' | 'PILIHAN' | 'KHUSUS';
  /** Anumerta and pengabdian are granted when the event happens, not on a period date. */
  withinPeriods: boolean;
  regulation: string;
}

const t = (
  code: KpTypeCode, siasnId: number | null, name: string, category: KpType['category'], withinPeriods = true,
): KpType => Object.freeze({ code, siasnId, name, category, withinPeriods, regulation: REGULATION.KP });

export const KP_TYPES: readonly KpType[] = Object.freeze([
  t('REGULER', 101, 'Kenaikan Pangkat Reguler', 'REGULER'),
  t('JABATAN_STRUKTURAL', 201, 'Kenaikan Pangkat Pilihan Jabatan Struktural', 'PILIHAN'),
  t('JABATAN_FUNGSIONAL', 202, 'Kenaikan Pangkat Pilihan Jabatan Fungsional', 'PILIHAN'),
  t('PENYESUAIAN_IJAZAH', 203, 'Kenaikan Pangkat Pilihan Penyesuaian Ijazah', 'PILIHAN'),
  t('SEDANG_TUGAS_BELAJAR', 204, 'Kenaikan Pangkat Pilihan Sedang Tugas Belajar', 'PILIHAN'),
  t('SETELAH_TUGAS_BELAJAR', 205, 'Kenaikan Pangkat Pilihan Setelah Tugas Belajar', 'PILIHAN'),
  t('DIPERBANTUKAN_DIPEKERJAKAN', 206, 'Kenaikan Pangkat Pilihan Diperbantukan/Dipekerjakan', 'PILIHAN'),
  t('PENEMUAN_BARU', 207, 'Kenaikan Pangkat Pilihan Penemuan Baru', 'PILIHAN'),
  t('PRESTASI_LUAR_BIASA', 208, 'Kenaikan Pangkat Pilihan Prestasi Luar Biasa', 'PILIHAN'),
  t('PEJABAT_NEGARA', 209, 'Kenaikan Pangkat Pilihan Pejabat Negara', 'PILIHAN'),
  t('SELAMA_DPK_DPB', 210, 'Kenaikan Pangkat Pilihan selama DPK/DPB', 'PILIHAN'),
  t('ANUMERTA', null, 'Kenaikan Pangkat Anumerta', 'KHUSUS', false),
  t('PENGABDIAN', null, 'Kenaikan Pangkat Pengabdian', 'KHUSUS', false),
]);

/** A KP type named by its code or by its SIASN id, whichever the caller has at hand. */
export type KpTypeRef = KpTypeCode | number;

const BY_CODE = new Map<string, KpType>(KP_TYPES.map((k) => [k.code, k]));
const BY_SIASN = new Map<number, KpType>(KP_TYPES.filter((k) => k.siasnId !== null).map((k) => [k.siasnId as number, k]));

export function findKpType(ref: unknown): KpType | undefined {
  if (typeof ref === 'number') return BY_SIASN.get(ref);
  if (typeof ref === 'string') return BY_CODE.get(ref) ?? (/^\d+$/.test(ref) ? BY_SIASN.get(Number(ref)) : undefined);
  return undefined;
}

export function kpType(ref: KpTypeRef): KpType {
  const k = findKpType(ref);
  if (!k) throw new RangeError(`unknown KP type: ${String(ref)}`);
  return k;
}

export function isKpTypeCode(value: unknown): value is KpTypeCode {
  return typeof value === 'string' && BY_CODE.has(value);
}
