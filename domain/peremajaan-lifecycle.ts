import { STEP_EVENTS, labelsOf, vocabularyOf, type ActionDef, type StateDef } from './lifecycle';
import type { Role } from './identity';
import type { Verifier } from './peremajaan';

/**
 * The lifecycle of one peremajaan usulan, defined once: the usulan's states, each proposed change's states, who may
 * take each step, the timeline's events and the notifications. Read by the workflow's validators, the routes and
 * their OpenAPI entries, the notifiers and the pages (GET /web-api/peremajaan/referensi).
 */
export const PeremajaanStatus = {
  MENUNGGU_VERIFIKASI: 'MENUNGGU_VERIFIKASI',
  SELESAI: 'SELESAI',
  DITARIK: 'DITARIK',
} as const;
export type PeremajaanStatus = (typeof PeremajaanStatus)[keyof typeof PeremajaanStatus];

export const PEREMAJAAN_STATES: Readonly<Record<PeremajaanStatus, StateDef>> = Object.freeze({
  MENUNGGU_VERIFIKASI: { label: 'Menunggu verifikasi', tone: 'info' },
  SELESAI: { label: 'Selesai: setiap perubahan telah diputus', tone: 'ok' },
  DITARIK: { label: 'Ditarik oleh pengusul', tone: 'bad' },
} satisfies Record<PeremajaanStatus, StateDef>);

export const PEREMAJAAN_STATUS_LABEL = labelsOf(PEREMAJAAN_STATES);

export const isFinalPeremajaanStatus = (s: string): boolean => s === PeremajaanStatus.SELESAI || s === PeremajaanStatus.DITARIK;

export const ChangeStatus = {
  MENUNGGU: 'MENUNGGU',
  DISETUJUI: 'DISETUJUI',
  DITOLAK: 'DITOLAK',
  DITERAPKAN: 'DITERAPKAN',
  /** The record changed after the proposal: the verifier decides again against the new current value. */
  KEMBALI_KE_VERIFIKATOR: 'KEMBALI_KE_VERIFIKATOR',
} as const;
export type ChangeStatus = (typeof ChangeStatus)[keyof typeof ChangeStatus];

export const CHANGE_STATES: Readonly<Record<ChangeStatus, StateDef>> = Object.freeze({
  MENUNGGU: { label: 'Menunggu keputusan verifikator', tone: 'info' },
  DISETUJUI: { label: 'Disetujui, menunggu diterapkan', tone: 'info' },
  DITOLAK: { label: 'Ditolak', tone: 'bad' },
  DITERAPKAN: { label: 'Diterapkan pada data pegawai', tone: 'ok' },
  KEMBALI_KE_VERIFIKATOR: { label: 'Data berubah sejak diusulkan: menunggu keputusan ulang verifikator', tone: 'warn' },
} satisfies Record<ChangeStatus, StateDef>);

export const CHANGE_STATUS_LABEL = labelsOf(CHANGE_STATES);

/** A change waiting for its verifier: new, or sent back because the record moved meanwhile. */
export const isPendingChange = (s: ChangeStatus): boolean => s === ChangeStatus.MENUNGGU || s === ChangeStatus.KEMBALI_KE_VERIFIKATOR;

/** Who decides a change: the field's authority (DOMAIN.md) names the verifier, BKN's or the instansi's. */
export const DECIDER_ROLE: Readonly<Record<Verifier, Role>> = Object.freeze({ BKN: 'VERIFIER', INSTANSI: 'APPROVER' });

export const PEREMAJAAN_ACTIONS = Object.freeze({
  PROPOSE: { label: 'Usulkan perubahan data', roles: ['EMPLOYEE', 'OPERATOR'], from: [] },
  PROPOSE_COLLECTIVE: { label: 'Usulkan satu perubahan untuk banyak pegawai', roles: ['OPERATOR'], from: [] },
  DECIDE_CHANGE: { label: 'Setujui atau tolak satu perubahan', roles: [DECIDER_ROLE.INSTANSI, DECIDER_ROLE.BKN], from: ['MENUNGGU_VERIFIKASI'] },
  /** Only the proposer, and only before any change is decided. */
  WITHDRAW: { label: 'Tarik usulan', roles: ['EMPLOYEE', 'OPERATOR'], from: ['MENUNGGU_VERIFIKASI'] },
  RETRY_STEP: { label: 'Ulangi langkah yang terhenti', roles: ['ADMIN'], from: ['MENUNGGU_VERIFIKASI'] },
} satisfies Record<string, ActionDef<PeremajaanStatus>>);

export const PEREMAJAAN_EVENTS = Object.freeze({
  DIAJUKAN: 'Diusulkan',
  PERUBAHAN_DISETUJUI: 'Perubahan disetujui',
  PERUBAHAN_DITOLAK: 'Perubahan ditolak',
  PERUBAHAN_DITERAPKAN: 'Perubahan diterapkan pada data pegawai',
  PENERAPAN: 'Perubahan yang disetujui diterapkan',
  KEMBALI_KE_VERIFIKATOR: 'Data berubah sejak diusulkan: kembali ke verifikator',
  PENGINGAT_VERIFIKASI: 'Pengingat: menunggu verifikasi',
  ESKALASI_VERIFIKASI: 'Eskalasi: verifikasi melewati batas waktu',
  DITARIK: 'Ditarik pengusul',
  SELESAI: 'Selesai: setiap perubahan telah diputus',
  ...STEP_EVENTS,
});
export type PeremajaanEventKind = keyof typeof PEREMAJAAN_EVENTS;

export const PEREMAJAAN_NOTIFICATIONS = Object.freeze({
  DITARIK: 'Usulan peremajaan data ditarik',
  PENGINGAT_VERIFIKASI: 'Pengingat: usulan peremajaan data menunggu verifikasi Anda',
  ESKALASI_VERIFIKASI: 'Eskalasi: verifikasi usulan peremajaan data melewati batas waktu',
  KEMBALI_KE_VERIFIKATOR: 'Perubahan data perlu diputus ulang: data pegawai berubah sejak diusulkan',
  LANGKAH_MACET: 'Perhatian: langkah usulan peremajaan data terhenti dan perlu ditangani',
});
export type PeremajaanNotificationKind = keyof typeof PEREMAJAAN_NOTIFICATIONS;

export const PEREMAJAAN_VOCABULARY = {
  ...vocabularyOf({
    states: PEREMAJAAN_STATES, isFinal: isFinalPeremajaanStatus, actions: PEREMAJAAN_ACTIONS,
    events: PEREMAJAAN_EVENTS, notifications: PEREMAJAAN_NOTIFICATIONS,
  }),
  statusPerubahan: Object.entries(CHANGE_STATES).map(([kode, d]) => ({ kode, label: d.label, nada: d.tone, menunggu: isPendingChange(kode as ChangeStatus) })),
};
