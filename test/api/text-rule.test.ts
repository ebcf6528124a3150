import type { Db } from '../../db';
import { forbiddenCharacters } from '../../domain/text';
import { Client, login, NIP, type Fixtures, type RunningApp } from './fixtures';
import { useFullApiApp } from './full-app';
import { storedState } from './openapi-fuzz';

let db: Db;
let fx: Fixtures;
let app: RunningApp;
const as: Record<string, Client> = {};

useFullApiApp(async (env) => {
  ({ db, fx, app } = env);
  for (const u of ['admin', 'op_a', 'appr_a', 'ver_1', 'emp_a']) as[u] = await login(app.url, fx.users[u]);
});

/** Every kind the rule refuses, slipped into otherwise ordinary text. */
const HIDDEN: [string, string][] = [
  ['right-to-left override', '\u202e'],
  ['zero-width space', '\u200b'],
  ['left-to-right isolate', '\u2066'],
  ['bell (C0)', '\u0007'],
  ['next line (C1)', '\u0085'],
  ['byte order mark', '\ufeff'],
  ['tag letter A', '\u{e0041}'],
];

type Where = { user: string; method: 'GET' | 'POST'; path: (text: string) => string; body?: (text: string) => unknown; field: string; pdf?: boolean };
const q = encodeURIComponent;

/** Every free-text field of every route: notes, reasons, decree numbers, names, search terms. */
const FIELDS: Record<string, Where> = {
  'KP approver note': { user: 'appr_a', method: 'POST', path: () => '/api/v1/kp/usulan/kp-a/keputusan-instansi', body: (t) => ({ action: 'RETURN', catatan: t }), field: 'body.catatan' },
  'KP verifier note': { user: 'ver_1', method: 'POST', path: () => '/api/v1/kp/usulan/kp-a/verifikasi', body: (t) => ({ action: 'BTS', alasan: [], catatan: t }), field: 'body.catatan' },
  'KP resubmission note': { user: 'op_a', method: 'POST', path: () => '/api/v1/kp/usulan/kp-a/ajukan-ulang', body: (t) => ({ catatan: t }), field: 'body.catatan' },
  'KP withdrawal reason': { user: 'op_a', method: 'POST', path: () => '/api/v1/kp/usulan/kp-a/tarik', body: (t) => ({ alasan: t }), field: 'body.alasan' },
  'Keppres nomor': { user: 'admin', method: 'POST', path: () => '/api/v1/kp/usulan/kp-a/keppres', body: (t) => ({ nomor: t, tanggal: '2026-04-01' }), field: 'body.nomor' },
  'peremajaan decision reason': { user: 'ver_1', method: 'POST', path: () => '/api/v1/peremajaan/p-1/changes/c-1/decision', body: (t) => ({ action: 'REJECT', reason: t }), field: 'body.reason' },
  'peremajaan withdrawal reason': { user: 'op_a', method: 'POST', path: () => '/api/v1/peremajaan/p-1/withdraw', body: (t) => ({ alasan: t }), field: 'body.alasan' },
  'document withdrawal reason': { user: 'admin', method: 'POST', path: () => '/api/v1/documents/d-1/status', body: (t) => ({ status: 'DICABUT', alasan: t }), field: 'body.alasan' },
  'API token name': { user: 'admin', method: 'POST', path: () => '/api/v1/admin/tokens', body: (t) => ({ name: t, instansiId: 'ia', scopes: ['kp:read'] }), field: 'body.name' },
  'berkas file name': { user: 'op_a', method: 'POST', path: (t) => `/api/v1/pegawai/${NIP.a}/berkas?kode=SKP&tahun=2025&nama=${q(t)}`, field: 'query.nama', pdf: true },
  'KP search by name': { user: 'op_a', method: 'GET', path: (t) => `/api/v1/kp/usulan?nama=${q(t)}`, field: 'query.nama' },
  'peremajaan search': { user: 'op_a', method: 'GET', path: (t) => `/api/v1/peremajaan?q=${q(t)}`, field: 'query.q' },
  'employee search': { user: 'admin', method: 'GET', path: (t) => `/web-api/pegawai?q=${q(t)}`, field: 'query.q' },
  'audit search': { user: 'admin', method: 'GET', path: (t) => `/api/v1/admin/audit?action=${q(t)}`, field: 'query.action' },
  'login username': { user: 'anonymous', method: 'POST', path: () => '/api/v1/auth/login', body: (t) => ({ username: t, password: 'x' }), field: 'body.username' },
};

async function send(w: Where, text: string) {
  const c = w.user === 'anonymous' ? new Client(app.url) : as[w.user];
  if (w.pdf) return c.request('POST', w.path(text), { body: Buffer.from('%PDF-1.7\n'), headers: { 'content-type': 'application/pdf' } });
  if (w.method === 'GET') return c.get(w.path(text));
  return c.post(w.path(text), w.body!(text), w.user === 'anonymous' ? { idempotencyKey: null } : {});
}

describe('one text rule for every free-text field', () => {
  describe.each(Object.entries(FIELDS))('%s', (_name, w) => {
    const label = w.field.split('.').pop()!;
    it.each(HIDDEN)('a %s is refused with 400 naming the field and the code point, and nothing is stored', async (_what, ch) => {
      const before = await storedState(db);
      const r = await send(w, `Catatan ${ch}baru`);
      expect(r.status).toBe(400);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const cp = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      expect(r.body.errors).toContainEqual({ field: w.field, reason: `${label} mengandung karakter kendali atau tak terlihat (${cp})` });
      expect(forbiddenCharacters(r.text)).toEqual([]);
      expect(await storedState(db)).toBe(before);
    });
  });

  it.each([
    ['Keppres nomor', 'a\nb', 'U+000A'],
    ['API token name', 'Nama\tIntegrasi', 'U+0009'],
    ['login username', 'admin\r\n', 'U+000D'],
  ])('single-line fields refuse line breaks and tabs too (%s)', async (name, text, cp) => {
    const w = FIELDS[name];
    const r = await send(w, text);
    expect(r.status).toBe(400);
    expect(r.body.errors).toContainEqual({ field: w.field, reason: expect.stringContaining(cp) });
  });

  it('an API token name is stored in NFC with single spaces', async () => {
    const r = await as.admin.post('/api/v1/admin/tokens', { name: '  SIMPEG  Jose\u0301  ', instansiId: 'ia', scopes: ['kp:read'] });
    expect(r.status).toBe(201);
    expect(r.body.name).toBe('SIMPEG Jos\u00e9');
  });

  it('a peremajaan value follows the same rule (refused by the field check, 422)', async () => {
    const r = await as.emp_a.post('/api/v1/peremajaan', { nip: NIP.a, changes: [{ area: 'DATA_PRIBADI', field: 'nama', value: 'Budi\u202eSantoso' }] });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body.errors)).toContain('U+202E');
    expect(forbiddenCharacters(r.text)).toEqual([]);
  });
});
