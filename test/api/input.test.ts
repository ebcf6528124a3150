import express from 'express';
import { z } from 'zod';
import { requireAuth } from '../../api/auth/middleware';
import { defineRoute } from '../../api/openapi';
import { freeText, nipSchema, parseBody, parseQuery, requireJson } from '../../api/validate';
import { forbiddenCharacters } from '../../domain/text';
import type { Db } from '../../db';
import { Client, login, type Fixtures, type RunningApp, useApiTestApp } from './fixtures';

let db: Db;
let fx: Fixtures;
let app: RunningApp;
let admin: Client;

/** A route shaped like the KP routes (mounted the way they are), taking a NIP and free text. */
function testRouter(): express.Router {
  const router = express.Router();
  const body = z.strictObject({ nip: nipSchema, catatan: freeText({ max: 2000, multiline: true }), nomor: freeText({ max: 20 }) });
  const query = z.strictObject({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    status: z.enum(['MENUNGGU', 'SELESAI']).optional(),
    nama: freeText({ max: 100 }),
  });
  defineRoute(
    router,
    { method: 'post', path: '/api/v1/test/pegawai', summary: 'uji', tags: ['uji'], request: { body }, responses: { 200: { description: 'ok' } } },
    requireJson,
    requireAuth(),
    (req, res) => {
      res.json(parseBody(body, req));
    },
  );
  defineRoute(
    router,
    { method: 'get', path: '/api/v1/test/daftar', summary: 'uji', tags: ['uji'], request: { query }, responses: { 200: { description: 'ok' } } },
    requireAuth(),
    (req, res) => {
      res.json(parseQuery(query, req));
    },
  );
  router.get('/api/v1/test/boom', () => {
    throw new Error('internal detail: connection string postgres://secret@db');
  });
  return router;
}

useApiTestApp(async (env) => {
  ({ db, fx, app } = env);
  admin = await login(app.url, fx.users.admin);
}, () => ({ deps: { extraRouters: [{ path: '/', router: testRouter() }] } }));

function expectProblem(r: { status: number; headers: Headers; body: any; text: string }, status: number): void {
  expect(r.status).toBe(status);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), instance: expect.any(String) });
  expect(Array.isArray(r.body.errors)).toBe(true);
  expect(r.text).not.toMatch(/\bat .+\.(ts|js):\d+/);
  expect(r.text).not.toMatch(/node_modules|SyntaxError|stack/i);
}

const raw = (c: Client, path: string, body: string, contentType = 'application/json') =>
  c.request('POST', path, { body, headers: { 'content-type': contentType } });

describe('NIP on the wire', () => {
  it('a NIP sent as a JSON number is refused with a reason saying to send it as text', async () => {
    const r = await raw(admin, '/api/v1/test/pegawai', '{"nip": 197001131989032002}');
    expectProblem(r, 400);
    expect(r.body.errors).toEqual([{ field: 'body.nip', reason: 'NIP harus dikirim sebagai teks (string), bukan angka: angka JSON kehilangan digit' }]);
  });

  it.each([
    ['17 digits', '19700113198903200', /tepat 18 digit.*17 digit/],
    ['19 digits', '1970011319890320021', /tepat 18 digit.*19 digit/],
    ['letters', '19700113198903200X', /hanya boleh berisi 18 digit/],
    ['spaces', '19700113 198903 2 002', /hanya boleh berisi 18 digit/],
  ])('a NIP of %s is refused with a reason per field', async (_what, nip, reason) => {
    const r = await admin.post('/api/v1/test/pegawai', { nip });
    expectProblem(r, 400);
    expect(r.body.errors[0].field).toBe('body.nip');
    expect(r.body.errors[0].reason).toMatch(reason);
  });

  it('an 18-digit NIP as text is accepted', async () => {
    const r = await admin.post('/api/v1/test/pegawai', { nip: '197001131989032002' });
    expect(r.status).toBe(200);
    expect(r.body.nip).toBe('197001131989032002');
  });
});

describe('hostile JSON', () => {
  it.each([
    ['__proto__ at the top', '{"__proto__": {"isAdmin": true}, "nip": "197001131989032002"}', 'body.__proto__'],
    ['constructor nested', '{"nip": "197001131989032002", "catatan": "x", "a": {"constructor": {"prototype": {"x": 1}}}}', 'body.a.constructor'],
    ['prototype in an array', '{"nip": "197001131989032002", "list": [{"prototype": 1}]}', 'body.list.0.prototype'],
  ])('%s is refused with 400 (also on routes that never look at the key)', async (_what, body, field) => {
    const r = await raw(admin, '/api/v1/test/pegawai', body);
    expectProblem(r, 400);
    expect(r.body.errors.map((e: any) => e.field)).toContain(field);
    expect(({} as any).isAdmin).toBeUndefined();
  });

  it('a __proto__ key is refused before authentication too (login)', async () => {
    const r = await raw(new Client(app.url), '/api/v1/auth/login', '{"username": "admin", "password": "x", "__proto__": {"role": "ADMIN"}}');
    expectProblem(r, 400);
  });

  it('NUL bytes in strings are refused with 400', async () => {
    const r = await admin.post('/api/v1/test/pegawai', { nip: '197001131989032002', catatan: 'a\u0000b' });
    expectProblem(r, 400);
    expect(r.body.errors[0]).toMatchObject({ field: 'body.catatan' });
    expect(r.body.errors[0].reason).toMatch(/NUL/);
    const login = await new Client(app.url).post('/api/v1/auth/login', { username: 'admin\u0000', password: 'x' }, { idempotencyKey: null });
    expectProblem(login, 400);
  });

  it('absurdly deep nesting is refused with 400', async () => {
    const deep = '{"nip":"197001131989032002","a":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    expectProblem(await raw(admin, '/api/v1/test/pegawai', deep), 400);
  });

  it('unknown fields are named (scope fields are never taken from a body)', async () => {
    const r = await admin.post('/api/v1/delegations', { toUserId: 'u-plt_a', jenis: 'PLT', mulai: '2999-01-01', selesai: '2999-01-02', fromUserId: 'u-appr_a', instansiId: 'ic' });
    expectProblem(r, 400);
    expect(r.body.errors).toContainEqual({ field: 'body.instansiId', reason: 'Kolom tidak dikenal; hapus kolom ini' });
  });

  it('SQL-injection strings are stored and returned as plain text', async () => {
    const name = "Robert'); DROP TABLE app_user; -- \" OR 1=1";
    const r = await admin.post('/api/v1/admin/tokens', { name, instansiId: 'ia', scopes: ['kp:read'] });
    expect(r.status).toBe(201);
    expect(r.body.name).toBe(name);
    const list = await admin.get('/api/v1/admin/tokens');
    expect(list.body.items.map((x: any) => x.name)).toContain(name);
    expect(await db.selectFrom('app_user').select('id').where('id', '=', 'u-admin').executeTakeFirst()).toBeTruthy();
    const q = await admin.get(`/api/v1/admin/audit?action=${encodeURIComponent("' OR '1'='1")}`);
    expect(q.status).toBe(200);
    expect(q.body.items).toEqual([]);
    const probe = await admin.delete(`/api/v1/delegations/${encodeURIComponent('1 OR 1=1')}`);
    expectProblem(probe, 400);
    expect(probe.body.errors[0]).toMatchObject({ field: 'params.id', reason: 'Harus nomor delegasi (angka); diterima "1 OR 1=1"' });
  });
});

describe('transport-level refusals are problem documents too', () => {
  it('a body over 1 MB answers 413', async () => {
    const big = JSON.stringify({ nip: '197001131989032002', catatan: 'x'.repeat(1_100_000) });
    const r = await raw(admin, '/api/v1/test/pegawai', big);
    expectProblem(r, 413);
    expect(r.body.detail).toMatch(/1 MB/);
  });

  it('a wrong content type answers 415 with the type to use', async () => {
    const r = await raw(admin, '/api/v1/test/pegawai', 'nip=197001131989032002', 'text/plain');
    expectProblem(r, 415);
    expect(r.body.detail).toMatch(/application\/json/);
    const form = await raw(new Client(app.url), '/api/v1/auth/login', 'username=admin&password=x', 'application/x-www-form-urlencoded');
    expectProblem(form, 415);
  });

  it('a charset other than UTF-8 answers 415', async () => {
    expectProblem(await raw(admin, '/api/v1/test/pegawai', '{"nip":"197001131989032002"}', 'application/json; charset=latin1'), 415);
  });

  it('malformed JSON answers 400 with a readable reason', async () => {
    const r = await raw(admin, '/api/v1/test/pegawai', '{"nip": "197001131989032002",');
    expectProblem(r, 400);
    expect(r.body.detail).toMatch(/bukan JSON yang sah/);
    expectProblem(await raw(admin, '/api/v1/test/pegawai', '"just a string"'), 400);
  });

  it('a missing body where one is required names the body', async () => {
    const r = await admin.request('POST', '/api/v1/test/pegawai');
    expectProblem(r, 400);
    expect(r.body.errors[0].field).toBe('body');
  });

  it('an unknown route answers 404 as a problem document', async () => {
    for (const r of [await admin.get('/api/v1/tidak-ada'), await admin.request('PATCH', '/api/v1/auth/login'), await new Client(app.url).get('/x')]) {
      expectProblem(r, 404);
    }
  });

  it('an unexpected error answers 500 with a generic message and the request id, never internals', async () => {
    const r = await admin.request('GET', '/api/v1/test/boom', { headers: { 'x-request-id': 'req-boom-12345' } });
    expectProblem(r, 500);
    expect(r.text).not.toContain('postgres://');
    expect(r.text).not.toContain('internal detail');
    expect(r.body.requestId).toBe('req-boom-12345');
    expect(r.body.detail).toContain('req-boom-12345');
  });
});

describe('free text (api/validate.ts freeText)', () => {
  const post = (fields: Record<string, unknown>) => admin.post('/api/v1/test/pegawai', { nip: '197001131989032002', ...fields });

  it.each([
    ['right-to-left override', '\u202e', 'U+202E'],
    ['left-to-right embedding', '\u202a', 'U+202A'],
    ['first strong isolate', '\u2068', 'U+2068'],
    ['zero-width joiner', '\u200d', 'U+200D'],
    ['soft hyphen', '\u00ad', 'U+00AD'],
    ['escape (C0)', '\u001b', 'U+001B'],
    ['DEL', '\u007f', 'U+007F'],
    ['line separator', '\u2028', 'U+2028'],
    ['unpaired surrogate', '\ud800', 'U+D800'],
  ])('a note with a %s is refused naming the field and the code point', async (_what, ch, cp) => {
    const r = await post({ catatan: `Berkas ${ch}lengkap` });
    expectProblem(r, 400);
    expect(r.body.errors).toEqual([{ field: 'body.catatan', reason: `catatan mengandung karakter kendali atau tak terlihat (${cp})` }]);
    expect(forbiddenCharacters(r.text)).toEqual([]);
  });

  it('every hidden character is named once, in order', async () => {
    const r = await post({ catatan: 'a\u200bb\u202ec\u200bd' });
    expect(r.body.errors[0].reason).toBe('catatan mengandung karakter kendali atau tak terlihat (U+200B, U+202E)');
  });

  it('a multi-line note keeps its line breaks and tabs (CRLF becomes LF), is NFC and trimmed', async () => {
    const r = await post({ catatan: '  Jose\u0301:\r\n\t- ijazah   \r\n- SKP  ' });
    expect(r.status).toBe(200);
    expect(r.body.catatan).toBe('Jos\u00e9:\n\t- ijazah\n- SKP');
  });

  it('a single-line field refuses line breaks and tabs, and collapses spaces', async () => {
    expect((await post({ nomor: 'KEP\n12' })).body.errors).toEqual([{ field: 'body.nomor', reason: 'nomor mengandung karakter kendali atau tak terlihat (U+000A)' }]);
    expect((await post({ nomor: 'KEP\t12' })).body.errors[0].reason).toMatch(/U\+0009/);
    expect((await post({ nomor: '  KEP   12 ' })).body.nomor).toBe('KEP 12');
  });

  it('length is counted in characters after normalisation, and the reason says how long it was', async () => {
    expect((await post({ nomor: 'e\u0301'.repeat(20) })).status).toBe(200);
    const r = await post({ nomor: 'x'.repeat(21) });
    expect(r.body.errors).toEqual([{ field: 'body.nomor', reason: 'nomor paling panjang 20 karakter; diterima 21 karakter' }]);
  });

  it('text of the wrong type says what was sent', async () => {
    const r = await post({ catatan: 5, nomor: ['a'] });
    expect(r.body.errors).toEqual(expect.arrayContaining([
      { field: 'body.catatan', reason: 'Harus berupa teks; diterima angka 5' },
      { field: 'body.nomor', reason: 'Harus berupa teks; diterima daftar (array) berisi 1 item' },
    ]));
  });

  it('the document marks free-text fields and their limits', async () => {
    const doc = (await admin.get('/openapi.json')).body;
    const props = doc.paths['/api/v1/test/pegawai'].post.requestBody.content['application/json'].schema.properties;
    expect(props.catatan).toMatchObject({ type: 'string', maxLength: 2000, 'x-free-text': 'multiline' });
    expect(props.nomor).toMatchObject({ type: 'string', maxLength: 20, 'x-free-text': 'single-line' });
  });
});

describe('refusals say what was sent', () => {
  const reasons = async (qs: string) => {
    const r = await admin.get(`/api/v1/test/daftar?${qs}`);
    expectProblem(r, 400);
    return r.body.errors as { field: string; reason: string }[];
  };

  it.each([
    ['limit=abc', { field: 'query.limit', reason: 'Harus berupa bilangan bulat; diterima "abc"' }],
    ['limit=1.5', { field: 'query.limit', reason: 'Harus berupa bilangan bulat; diterima "1.5"' }],
    ['limit=9999', { field: 'query.limit', reason: 'Maksimal 500; diterima "9999"' }],
    ['limit=0', { field: 'query.limit', reason: 'Minimal 1; diterima "0"' }],
    ['limit=1&limit=2', { field: 'query.limit', reason: 'Harus berupa bilangan bulat; diterima daftar (array) berisi 2 item' }],
    ['status=BATAL', { field: 'query.status', reason: 'Harus salah satu dari: MENUNGGU, SELESAI; diterima "BATAL"' }],
    ['urut=nama', { field: 'query.urut', reason: 'Kolom tidak dikenal; hapus kolom ini' }],
  ])('%s', async (qs, expected) => {
    expect(await reasons(qs)).toEqual([expected]);
  });

  it('long input is cut, and hidden characters are quoted as escapes, never raw', async () => {
    const [long] = await reasons(`status=${'X'.repeat(300)}`);
    expect(long.reason).toBe(`Harus salah satu dari: MENUNGGU, SELESAI; diterima "${'X'.repeat(40)}…" (300 karakter)`);
    const r = await admin.get(`/api/v1/test/daftar?status=${encodeURIComponent('SELESAI\u202e')}&${encodeURIComponent('\u202ekunci')}=1`);
    expect(r.body.errors).toEqual(expect.arrayContaining([
      { field: 'query.status', reason: 'Harus salah satu dari: MENUNGGU, SELESAI; diterima "SELESAI\\u{202E}"' },
      { field: 'query.\\u{202E}kunci', reason: 'Kolom tidak dikenal; hapus kolom ini' },
    ]));
    expect(forbiddenCharacters(r.text)).toEqual([]);
  });

  it('a NUL in a query is refused before it reaches the database', async () => {
    expect((await reasons(`nama=${encodeURIComponent('a\u0000b')}`))[0]).toMatchObject({ field: 'query.nama', reason: expect.stringMatching(/NUL/) });
  });

  it('query values are parsed, not just checked', async () => {
    const r = await admin.get('/api/v1/test/daftar?limit=7&nama=%20Jose%CC%81%20');
    expect(r.body).toEqual({ limit: 7, nama: 'Jos\u00e9' });
  });
});
