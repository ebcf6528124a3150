import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  KP_ACTIONS, KP_EVENTS, KP_NOTIFICATIONS, KP_STATES, KP_STATUSES, KP_TRANSITIONS, KP_VOCABULARY, WITHDRAWABLE, isFinal, canTransition,
} from '../../domain/kp-lifecycle';
import { CHANGE_STATES, PEREMAJAAN_ACTIONS, PEREMAJAAN_EVENTS, PEREMAJAAN_STATES, PEREMAJAAN_VOCABULARY } from '../../domain/peremajaan-lifecycle';
import { ROLES } from '../../domain/identity';
import { GOLONGAN_LADDER } from '../../domain/golongan';

const STATIC = path.join(__dirname, '../../web/static');
const browserScripts = readdirSync(STATIC).filter((f) => f.endsWith('.js')).map((f) => ({ f, text: readFileSync(path.join(STATIC, f), 'utf8') }));

describe('the lifecycle modules', () => {
  it('KP: every state has a label and a tone, every move stays inside the table, finals have no way out', () => {
    for (const s of KP_STATUSES) {
      expect(KP_STATES[s].label.length).toBeGreaterThan(3);
      expect(['ok', 'bad', 'warn', 'info']).toContain(KP_STATES[s].tone);
      for (const to of KP_TRANSITIONS[s]) expect(KP_STATUSES).toContain(to);
    }
    expect(KP_STATUSES.filter(isFinal).sort()).toEqual(['DITARIK', 'DITOLAK_INSTANSI', 'SELESAI', 'TMS']);
    expect(WITHDRAWABLE.every((s) => canTransition(s, 'DITARIK'))).toBe(true);
  });

  it('KP: every step names known roles and is taken only from open states', () => {
    for (const [name, a] of Object.entries(KP_ACTIONS)) {
      expect(a.roles.length).toBeGreaterThan(0);
      for (const r of a.roles) expect(ROLES).toContain(r);
      for (const s of a.from) expect(isFinal(s)).toBe(false);
      expect(a.from.length).toBeGreaterThan(0);
      expect(name).toMatch(/^[A-Z_]+$/);
    }
    // A decision leads somewhere the table allows from every state it is taken from.
    for (const s of KP_ACTIONS.APPROVE.from) expect(canTransition(s, 'MENUNGGU_VERIFIKASI')).toBe(true);
    for (const s of KP_ACTIONS.RESUBMIT.from) expect(KP_TRANSITIONS[s].some((t) => t === 'MENUNGGU_PERSETUJUAN' || t === 'MENUNGGU_VERIFIKASI')).toBe(true);
    for (const s of KP_ACTIONS.MS.from) expect(canTransition(s, 'MENUNGGU_TTE_SK')).toBe(true);
  });

  it('peremajaan: states, change states and steps are complete', () => {
    for (const d of [...Object.values(PEREMAJAAN_STATES), ...Object.values(CHANGE_STATES)]) expect(d.label.length).toBeGreaterThan(3);
    for (const a of Object.values(PEREMAJAAN_ACTIONS)) for (const r of a.roles) expect(ROLES).toContain(r);
    expect(PEREMAJAAN_VOCABULARY.statusPerubahan.filter((c) => c.menunggu).map((c) => c.kode).sort()).toEqual(['KEMBALI_KE_VERIFIKATOR', 'MENUNGGU']);
  });

  it('the served vocabulary is the module, whole: every state, step, event and notification', () => {
    expect(KP_VOCABULARY.status.map((s) => s.kode)).toEqual(KP_STATUSES);
    expect(KP_VOCABULARY.peristiwa.map((e) => e.kode)).toEqual(Object.keys(KP_EVENTS));
    expect(KP_VOCABULARY.peristiwa.map((e) => e.kode)).toEqual(expect.arrayContaining(['DRAF_SK_SIAP', 'LANGKAH_MACET', 'LANGKAH_DILANJUTKAN']));
    expect(KP_VOCABULARY.notifikasi.map((n) => n.kode)).toEqual(Object.keys(KP_NOTIFICATIONS));
    expect(KP_VOCABULARY.tindakan.find((t) => t.kode === 'SIGN_SK')).toMatchObject({ peran: ['APPROVER', 'BKN_HEAD'], dari: ['MENUNGGU_TTE_SK'] });
    expect(PEREMAJAAN_VOCABULARY.peristiwa.map((e) => e.kode)).toEqual(Object.keys(PEREMAJAAN_EVENTS));
  });
});

describe('the browser keeps no copy of the vocabulary', () => {
  // Words a person reads, defined once on the server: none of them may be typed again in a page script.
  // (Labels of one word, like "Ditolak", are ordinary words too; BTS/TMS/MS also name the verifier's decisions.)
  const labels = [
    ...Object.values(KP_STATES).map((s) => s.label), ...Object.values(KP_EVENTS),
    ...Object.values(PEREMAJAAN_STATES).map((s) => s.label), ...Object.values(CHANGE_STATES).map((s) => s.label), ...Object.values(PEREMAJAAN_EVENTS),
  ].filter((l) => l.includes(' '));
  const codes = [...KP_STATUSES, ...Object.keys(CHANGE_STATES), ...Object.keys(KP_EVENTS)].filter((k) => !['MS', 'BTS', 'TMS'].includes(k));

  it.each(browserScripts.map((s) => [s.f, s]))('%s has no status or event label, no status code and no golongan table', (_f, s) => {
    for (const label of labels) expect(s.text).not.toContain(label);
    for (const code of codes) expect(s.text).not.toMatch(new RegExp(`['"\`]${code}['"\`]`));
    for (const g of GOLONGAN_LADDER.filter((x) => x.band !== 'I')) expect(s.text).not.toContain(`'${g.pangkat}'`);
    expect(s.text).not.toMatch(/\['I', 'II', 'III', 'IV'\]/);
  });
});
