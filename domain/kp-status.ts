/**
 * The lifecycle of one KP usulan as the read model and the workflow share it. String values, so a status read from
 * the database or a Temporal query is readable without a lookup table.
 */
export const KpStatus = {
  /** Held back at submission (incomplete berkas or not eligible) with its reasons; the operator may fix and resubmit. */
  DITAHAN: 'DITAHAN',
  MENUNGGU_PERSETUJUAN: 'MENUNGGU_PERSETUJUAN',
  DIKEMBALIKAN_KE_OPERATOR: 'DIKEMBALIKAN_KE_OPERATOR',
  DITOLAK_INSTANSI: 'DITOLAK_INSTANSI',
  MENUNGGU_VERIFIKASI: 'MENUNGGU_VERIFIKASI',
  DIVERIFIKASI: 'DIVERIFIKASI',
  BTS: 'BTS',
  TMS: 'TMS',
  MS_PERTEK_TERBIT: 'MS_PERTEK_TERBIT',
  MENUNGGU_KEPPRES: 'MENUNGGU_KEPPRES',
  SK_DITANDATANGANI: 'SK_DITANDATANGANI',
  SELESAI: 'SELESAI',
  DITARIK: 'DITARIK',
} as const;

export type KpStatus = (typeof KpStatus)[keyof typeof KpStatus];

export const KP_STATUSES: readonly KpStatus[] = Object.values(KpStatus);

export const KP_STATUS_LABELS: Readonly<Record<KpStatus, string>> = Object.freeze({
  DITAHAN: 'Ditahan (belum lengkap atau belum memenuhi syarat)',
  MENUNGGU_PERSETUJUAN: 'Menunggu persetujuan pejabat instansi',
  DIKEMBALIKAN_KE_OPERATOR: 'Dikembalikan ke operator',
  DITOLAK_INSTANSI: 'Ditolak oleh instansi',
  MENUNGGU_VERIFIKASI: 'Menunggu verifikasi BKN',
  DIVERIFIKASI: 'Sedang diverifikasi BKN',
  BTS: 'Berkas tidak sesuai (BTS), dikembalikan ke operator',
  TMS: 'Tidak memenuhi syarat (TMS)',
  MS_PERTEK_TERBIT: 'Memenuhi syarat, pertek terbit',
  MENUNGGU_KEPPRES: 'Menunggu Keputusan Presiden',
  SK_DITANDATANGANI: 'SK telah ditandatangani',
  SELESAI: 'Selesai',
  DITARIK: 'Ditarik oleh operator',
});

/**
 * Allowed moves. Withdrawal is open until BKN has decided (so also while a verifier holds the claim); after a BTS
 * the usulan is back with the operator, who may resubmit it (to the approver, or straight to BKN's queue when the
 * instansi lets fixes of files skip a second approval) or withdraw it.
 */
export const KP_TRANSITIONS: Readonly<Record<KpStatus, readonly KpStatus[]>> = Object.freeze({
  DITAHAN: ['MENUNGGU_PERSETUJUAN', 'DITARIK'],
  MENUNGGU_PERSETUJUAN: ['MENUNGGU_VERIFIKASI', 'DIKEMBALIKAN_KE_OPERATOR', 'DITOLAK_INSTANSI', 'DITARIK'],
  DIKEMBALIKAN_KE_OPERATOR: ['MENUNGGU_PERSETUJUAN', 'DITARIK'],
  DITOLAK_INSTANSI: [],
  MENUNGGU_VERIFIKASI: ['DIVERIFIKASI', 'DITARIK'],
  DIVERIFIKASI: ['MENUNGGU_VERIFIKASI', 'BTS', 'TMS', 'MS_PERTEK_TERBIT', 'DITARIK'],
  BTS: ['MENUNGGU_PERSETUJUAN', 'MENUNGGU_VERIFIKASI', 'DITARIK'],
  TMS: [],
  MS_PERTEK_TERBIT: ['SK_DITANDATANGANI', 'MENUNGGU_KEPPRES'],
  MENUNGGU_KEPPRES: ['SK_DITANDATANGANI'],
  SK_DITANDATANGANI: ['SELESAI'],
  SELESAI: [],
  DITARIK: [],
});

export function isKpStatus(value: unknown): value is KpStatus {
  return typeof value === 'string' && (KP_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: KpStatus, to: KpStatus): boolean {
  return KP_TRANSITIONS[from].includes(to);
}

export function isFinal(status: KpStatus): boolean {
  return KP_TRANSITIONS[status].length === 0;
}

export function isOpen(status: KpStatus): boolean {
  return !isFinal(status);
}

export function canWithdraw(status: KpStatus): boolean {
  return canTransition(status, 'DITARIK');
}
