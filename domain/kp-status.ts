/**
 * The lifecycle of one KP usulan as the workflow, the read model and the pages share it. String values, so a status
 * read from the database or a Temporal query is readable without a lookup table. An NIP held back at submission
 * never becomes an usulan: its reasons are in the submission's answer.
 */
export const KpStatus = {
  MENUNGGU_PERSETUJUAN: 'MENUNGGU_PERSETUJUAN',
  DIKEMBALIKAN_KE_OPERATOR: 'DIKEMBALIKAN_KE_OPERATOR',
  DITOLAK_INSTANSI: 'DITOLAK_INSTANSI',
  MENUNGGU_VERIFIKASI: 'MENUNGGU_VERIFIKASI',
  BTS: 'BTS',
  TMS: 'TMS',
  MENUNGGU_TTE_SK: 'MENUNGGU_TTE_SK',
  MENUNGGU_KEPPRES: 'MENUNGGU_KEPPRES',
  SELESAI: 'SELESAI',
  DITARIK: 'DITARIK',
} as const;

export type KpStatus = (typeof KpStatus)[keyof typeof KpStatus];

export const KP_STATUSES: readonly KpStatus[] = Object.values(KpStatus);

export const KP_STATUS_LABELS: Readonly<Record<KpStatus, string>> = Object.freeze({
  MENUNGGU_PERSETUJUAN: 'Menunggu persetujuan instansi',
  DIKEMBALIKAN_KE_OPERATOR: 'Dikembalikan ke operator',
  DITOLAK_INSTANSI: 'Ditolak instansi',
  MENUNGGU_VERIFIKASI: 'Menunggu verifikasi BKN',
  BTS: 'Berkas tidak sesuai (BTS), dikembalikan ke operator',
  TMS: 'Tidak memenuhi syarat (TMS)',
  MENUNGGU_TTE_SK: 'Pertek terbit, menunggu tanda tangan SK',
  MENUNGGU_KEPPRES: 'Pertek terbit, menunggu Keputusan Presiden',
  SELESAI: 'Selesai: SK ditetapkan',
  DITARIK: 'Ditarik oleh operator',
});

/**
 * Allowed moves. Withdrawal is open until BKN has decided (MS or TMS); after a BTS the operator fixes the files and
 * resubmits straight to BKN's queue. MS leads to the SK signer (PPK or Head of BKN) or to the presidential decree.
 */
export const KP_TRANSITIONS: Readonly<Record<KpStatus, readonly KpStatus[]>> = Object.freeze({
  MENUNGGU_PERSETUJUAN: ['MENUNGGU_VERIFIKASI', 'DIKEMBALIKAN_KE_OPERATOR', 'DITOLAK_INSTANSI', 'DITARIK'],
  DIKEMBALIKAN_KE_OPERATOR: ['MENUNGGU_PERSETUJUAN', 'DITARIK'],
  DITOLAK_INSTANSI: [],
  MENUNGGU_VERIFIKASI: ['BTS', 'TMS', 'MENUNGGU_TTE_SK', 'MENUNGGU_KEPPRES', 'DITARIK'],
  BTS: ['MENUNGGU_VERIFIKASI', 'DITARIK'],
  TMS: [],
  MENUNGGU_TTE_SK: ['SELESAI'],
  MENUNGGU_KEPPRES: ['SELESAI'],
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

export const WITHDRAWABLE: readonly KpStatus[] = KP_STATUSES.filter(canWithdraw);
