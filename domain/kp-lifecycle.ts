import { STEP_EVENTS, labelsOf, vocabularyOf, type ActionDef, type StateDef } from './lifecycle';
import type { Role } from './identity';
import type { SkSigner } from './signer-routing';

/**
 * The lifecycle of one KP usulan, defined once: its states, the moves between them, who may take each step, the
 * events its timeline records and the notifications it sends. The workflow's validators, the route guards and the
 * OpenAPI document, the notifiers and the pages (GET /api/v1/kp/referensi) read it. String values, so a status read
 * from the database or a Temporal query is readable without a lookup table. An NIP held back at submission never
 * becomes an usulan: its reasons are in the submission's answer.
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

export const KP_STATES: Readonly<Record<KpStatus, StateDef>> = Object.freeze({
  MENUNGGU_PERSETUJUAN: { label: 'Menunggu persetujuan instansi', tone: 'info' },
  DIKEMBALIKAN_KE_OPERATOR: { label: 'Dikembalikan ke operator', tone: 'warn' },
  DITOLAK_INSTANSI: { label: 'Ditolak instansi', tone: 'bad' },
  MENUNGGU_VERIFIKASI: { label: 'Menunggu verifikasi BKN', tone: 'info' },
  BTS: { label: 'Berkas tidak sesuai (BTS), dikembalikan ke operator', tone: 'warn' },
  TMS: { label: 'Tidak memenuhi syarat (TMS)', tone: 'bad' },
  MENUNGGU_TTE_SK: { label: 'Pertek terbit, menunggu tanda tangan SK', tone: 'ok' },
  MENUNGGU_KEPPRES: { label: 'Pertek terbit, menunggu Keputusan Presiden', tone: 'ok' },
  SELESAI: { label: 'Selesai: SK ditetapkan', tone: 'ok' },
  DITARIK: { label: 'Ditarik oleh operator', tone: 'bad' },
} satisfies Record<KpStatus, StateDef>);

export const KP_STATUS_LABELS = labelsOf(KP_STATES);

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
export const OPEN_KP_STATUSES: readonly KpStatus[] = KP_STATUSES.filter(isOpen);

/**
 * Who may take each step, and from where. The workflow checks these (and scope, claim, own usulan, the named signer);
 * the routes guard with the same roles, and the OpenAPI document prints them.
 */
export const KP_ACTIONS = Object.freeze({
  APPROVE: { label: 'Setujui dan tandatangani', roles: ['APPROVER'], from: ['MENUNGGU_PERSETUJUAN'] },
  RETURN: { label: 'Kembalikan ke operator', roles: ['APPROVER'], from: ['MENUNGGU_PERSETUJUAN'] },
  REJECT: { label: 'Tolak', roles: ['APPROVER'], from: ['MENUNGGU_PERSETUJUAN'] },
  CLAIM: { label: 'Klaim dari antrean verifikasi', roles: ['VERIFIER'], from: ['MENUNGGU_VERIFIKASI'] },
  MS: { label: 'Memenuhi syarat (MS), terbitkan Pertek', roles: ['VERIFIER'], from: ['MENUNGGU_VERIFIKASI'] },
  BTS: { label: 'Berkas tidak sesuai (BTS)', roles: ['VERIFIER'], from: ['MENUNGGU_VERIFIKASI'] },
  TMS: { label: 'Tidak memenuhi syarat (TMS)', roles: ['VERIFIER'], from: ['MENUNGGU_VERIFIKASI'] },
  RESUBMIT: { label: 'Ajukan ulang', roles: ['OPERATOR'], from: ['DIKEMBALIKAN_KE_OPERATOR', 'BTS'] },
  WITHDRAW: { label: 'Tarik usulan', roles: ['OPERATOR'], from: WITHDRAWABLE },
  /** The PPK's approver signs SKs routed to the PPK, the Head of BKN those routed to BKN (skSignerRoles). */
  SIGN_SK: { label: 'Tandatangani SK', roles: ['APPROVER', 'BKN_HEAD'], from: ['MENUNGGU_TTE_SK'] },
  RECORD_KEPPRES: { label: 'Catat Keputusan Presiden', roles: ['ADMIN', 'BKN_HEAD'], from: ['MENUNGGU_KEPPRES'] },
  RETRY_STEP: { label: 'Ulangi langkah yang terhenti', roles: ['ADMIN'], from: OPEN_KP_STATUSES },
} satisfies Record<string, ActionDef<KpStatus>>);
export type KpAction = keyof typeof KP_ACTIONS;

/**
 * How an operator's list groups the states: what waits for the operator (sent back to be fixed), what is under way
 * elsewhere, what ended with an SK, and what ended without one. Every state is in exactly one group.
 */
export const KP_STATUS_GROUPS = Object.freeze({
  TINDAKAN: { label: 'Perlu tindakan operator', statuses: KP_ACTIONS.RESUBMIT.from },
  PROSES: { label: 'Sedang diproses', statuses: OPEN_KP_STATUSES.filter((s) => !(KP_ACTIONS.RESUBMIT.from as readonly KpStatus[]).includes(s)) },
  TERBIT: { label: 'Selesai dengan SK', statuses: [KpStatus.SELESAI] },
  BERAKHIR: { label: 'Berakhir tanpa SK', statuses: KP_STATUSES.filter((s) => isFinal(s) && s !== KpStatus.SELESAI) },
} satisfies Record<string, { label: string; statuses: readonly KpStatus[] }>);
export type KpStatusGroup = keyof typeof KP_STATUS_GROUPS;
export const KP_STATUS_GROUP_LIST = Object.entries(KP_STATUS_GROUPS).map(([kode, g]) => ({ kode, label: g.label, status: g.statuses }));

/** Why a step cannot be taken in a state, in the words the person reads (the state's label and the states it is for). */
export function wrongStateReason(action: KpAction, status: KpStatus): string {
  const from: readonly KpStatus[] = KP_ACTIONS[action].from;
  return `${KP_ACTIONS[action].label} tidak dapat dilakukan: usulan berstatus "${KP_STATES[status].label}" (${status}); langkah ini hanya untuk usulan `
    + from.map((s) => `"${KP_STATES[s].label}"`).join(', ');
}

/** Verifier decisions by their action code. */
export const VERIFIER_ACTIONS = ['MS', 'BTS', 'TMS'] as const satisfies readonly KpAction[];
export const APPROVER_ACTIONS = ['APPROVE', 'RETURN', 'REJECT'] as const satisfies readonly KpAction[];

/** Who signs an SK routed to this signer. */
export function skSignerRoles(route: SkSigner): readonly Role[] {
  return route === 'KEPALA_BKN' ? ['BKN_HEAD'] : ['APPROVER'];
}

/** Every event the KP timeline records, with the words a person reads. */
export const KP_EVENTS = Object.freeze({
  DIAJUKAN: 'Diusulkan operator',
  DIAJUKAN_ULANG: 'Diajukan ulang',
  DISETUJUI_INSTANSI: 'Disetujui & ditandatangani instansi',
  DIKEMBALIKAN_INSTANSI: 'Dikembalikan instansi ke operator',
  DITOLAK_INSTANSI: 'Ditolak instansi',
  MS: 'Memenuhi syarat (MS), Pertek terbit',
  BTS: 'Berkas tidak sesuai (BTS)',
  TMS: 'Tidak memenuhi syarat (TMS)',
  DRAF_SK_SIAP: 'Draf SK siap untuk pejabat penandatangan',
  SK_DITANDATANGANI: 'SK ditandatangani',
  KEPPRES_TERBIT: 'Keputusan Presiden terbit',
  DITARIK: 'Ditarik operator',
  PENGINGAT_PERSETUJUAN: 'Pengingat: menunggu persetujuan',
  PENGINGAT_VERIFIKASI: 'Pengingat: menunggu verifikasi',
  PENGINGAT_TTE_SK: 'Pengingat: menunggu TTE SK',
  PENGINGAT_KEPPRES: 'Pengingat: menunggu Keppres',
  ESKALASI_PERSETUJUAN: 'Eskalasi: persetujuan melewati batas waktu',
  ESKALASI_VERIFIKASI: 'Eskalasi: verifikasi melewati batas waktu',
  ESKALASI_TTE_SK: 'Eskalasi: TTE SK melewati batas waktu',
  SELESAI: 'Selesai: SK ditetapkan dan dicatat',
  ...STEP_EVENTS,
  // Written when imported data changes a fact the usulan was judged on (db/repos/eligibility-recheck.ts).
  KELAYAKAN_BERUBAH: 'Data pegawai berubah: tidak lagi memenuhi syarat',
  KELAYAKAN_PULIH: 'Data pegawai berubah: kembali memenuhi syarat',
});
export type KpEventKind = keyof typeof KP_EVENTS;

/** Every notification the KP workflow sends, with its subject line. Who receives it is the notifier's (activities/kp.ts). */
export const KP_NOTIFICATIONS = Object.freeze({
  DIKEMBALIKAN: 'Usulan kenaikan pangkat dikembalikan ke operator',
  DITOLAK_INSTANSI: 'Usulan kenaikan pangkat ditolak instansi',
  BTS: 'Usulan kenaikan pangkat dikembalikan BKN: berkas tidak sesuai (BTS)',
  TMS: 'Usulan kenaikan pangkat tidak memenuhi syarat (TMS)',
  SELESAI: 'SK kenaikan pangkat telah ditetapkan',
  DITARIK: 'Usulan kenaikan pangkat ditarik',
  PENGINGAT_PERSETUJUAN: 'Pengingat: usulan kenaikan pangkat menunggu persetujuan Anda',
  ESKALASI_PERSETUJUAN: 'Eskalasi: persetujuan usulan kenaikan pangkat melewati batas waktu',
  PENGINGAT_VERIFIKASI: 'Pengingat: usulan kenaikan pangkat menunggu verifikasi',
  ESKALASI_VERIFIKASI: 'Eskalasi: verifikasi usulan kenaikan pangkat melewati batas waktu',
  PENGINGAT_TTE_SK: 'Pengingat: SK kenaikan pangkat menunggu tanda tangan elektronik',
  ESKALASI_TTE_SK: 'Eskalasi: tanda tangan SK kenaikan pangkat melewati batas waktu',
  PENGINGAT_KEPPRES: 'Pengingat: usulan menunggu Keputusan Presiden',
  LANGKAH_MACET: 'Perhatian: langkah usulan kenaikan pangkat terhenti dan perlu ditangani',
});
export type KpNotificationKind = keyof typeof KP_NOTIFICATIONS;

export const KP_VOCABULARY = vocabularyOf({ states: KP_STATES, isFinal, actions: KP_ACTIONS, events: KP_EVENTS, notifications: KP_NOTIFICATIONS });
