import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS } from '../../db/seed';
import { plantSiasnSnapshot } from '../../bench/lib/rekon-snapshot';

jest.setTimeout(180_000);

/**
 * The reconciliation on the real engine: a run of an instansi against a SIASN snapshot with planted drift finds
 * exactly the planted differences, for that instansi only; only the instansi's operator (or the administrator naming
 * it) runs, reads and exports it; exports are whole and formula-safe; a daily Temporal Schedule can be set and paused.
 */
let engine: TestEngine;
let op: ApiClient;
const userOf = (role: string, instansiId?: string) => DEMO_USERS.find((u) => u.role === role && (!instansiId || u.instansiId === instansiId))!.username;
const INSTANSI = 'I-3404';

beforeAll(async () => {
  engine = await startTestEngine();
  op = await engine.login(userOf('OPERATOR', INSTANSI));
});
afterAll(async () => {
  await engine?.close();
});

// One sign-in per user for the file: a TOTP code is good once.
const clients = new Map<string, Promise<ApiClient>>();
const signedIn = (username: string) => clients.get(username) ?? clients.set(username, engine.login(username)).get(username)!;

async function runAndWait(client: ApiClient, body: object = {}) {
  const started = await client.post('/api/v1/rekon', body);
  expect(started.status).toBe(202);
  return eventually(async () => {
    const r = await client.get(`/api/v1/rekon/${started.body.id}`);
    return r.body.status === 'SELESAI' ? r.body : undefined;
  }, 60_000);
}
async function allRows(client: ApiClient, id: string, query = '') {
  const out: { nip: string | null; cek: string; hasil: string; nilaiKita: string | null; nilaiSiasn: string | null; tindakanLabel: string | null }[] = [];
  for (let after = 0; ;) {
    const r = await client.get(`/api/v1/rekon/${id}/baris?limit=1000&after=${after}${query}`);
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    if (r.body.berikutnya === null) return out;
    after = r.body.berikutnya;
  }
}

it('finds exactly the planted differences of the instansi, and nothing of another', async () => {
  const { planted } = await plantSiasnSnapshot(engine.db, INSTANSI, { extra: 3, perMille: { nama: 100, golongan: 100, hilang: 50 } });
  await plantSiasnSnapshot(engine.db, 'I-3515');
  expect(planted.filter((p) => p.drift === 'NAMA').length).toBeGreaterThan(3);
  const run = await runAndWait(op);
  expect(run.instansiId).toBe(INSTANSI);
  const rows = await allRows(op, run.id);
  const ownNips = new Set((await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', INSTANSI).execute()).map((e) => e.nip));
  expect(rows.filter((r) => r.nip && !ownNips.has(r.nip) && r.hasil !== 'HANYA_SIASN')).toEqual([]);
  const found = (cek: string, hasil: string) => rows.filter((r) => r.cek === cek && r.hasil === hasil).map((r) => r.nip).sort();
  const want = (d: string) => planted.filter((p) => p.drift === d).map((p) => p.nip).sort();
  expect(found('nama', 'TIDAK_SESUAI')).toEqual(want('NAMA'));
  expect(found('golongan', 'TIDAK_SESUAI')).toEqual(want('GOLONGAN'));
  expect(found('terdaftar di SIASN', 'HANYA_KITA')).toEqual(want('HILANG'));
  expect(found('terdaftar di data instansi', 'HANYA_SIASN')).toHaveLength(3);
  // Upper-cased names elsewhere are the same names.
  expect(rows.filter((r) => r.cek === 'nama')).toHaveLength(want('NAMA').length);
  expect(run.skor).toBeGreaterThan(50);
  expect(run.skor).toBeLessThan(100);
  const pegawai = run.bagian.find((b: { kode: string }) => b.kode === 'PEGAWAI');
  expect(pegawai.tidakSesuai + pegawai.hanyaKita + pegawai.hanyaSiasn).toBe(rows.filter((r) => ['nama', 'golongan', 'terdaftar di SIASN', 'terdaftar di data instansi'].includes(r.cek)).length);
  const history = await op.get('/api/v1/rekon');
  expect(history.body.items[0]).toMatchObject({ id: run.id, status: 'SELESAI' });
});

it('is the instansi operator\'s and the administrator\'s: every other role and instansi is refused', async () => {
  const run = (await op.get('/api/v1/rekon')).body.items[0];
  for (const role of ['APPROVER', 'VERIFIER', 'KANREG_HEAD']) {
    const c = await signedIn(userOf(role));
    expect((await c.post('/api/v1/rekon', {})).status).toBe(403);
    expect((await c.get(`/api/v1/rekon/${run.id}`)).status).toBe(403);
  }
  const other = await signedIn(userOf('OPERATOR', 'I-3515'));
  expect((await other.get(`/api/v1/rekon/${run.id}`)).status).toBe(404);
  expect((await other.get(`/api/v1/rekon/${run.id}/baris`)).status).toBe(404);
  expect((await other.post('/api/v1/rekon', { instansiId: INSTANSI })).status).toBe(404);
  const admin = await signedIn('admin');
  const noInstansi = await admin.post('/api/v1/rekon', {});
  expect(noInstansi.status).toBe(400);
  expect(JSON.stringify(noInstansi.body)).toMatch(/instansiId/);
  expect((await admin.get(`/api/v1/rekon/${run.id}`)).status).toBe(200);
  expect((await op.get('/api/v1/rekon/rekon_bukan-id')).status).toBe(400);
  expect((await op.get(`/api/v1/rekon/${run.id}/baris?hasil=SESUAI`)).status).toBe(400);
});

it('exports every row of a section as CSV and XLSX, formula-safe', async () => {
  // A SIASN name that a spreadsheet would run as a formula.
  const victim = (await engine.db.selectFrom('siasn_pegawai').select('nip').where('instansi_id', '=', INSTANSI).orderBy('nip').executeTakeFirstOrThrow()).nip;
  await sql`UPDATE siasn_pegawai SET nama = '=HYPERLINK("http://x","klik")' WHERE nip = ${victim}`.execute(engine.db);
  const run = await runAndWait(op);
  const rows = await allRows(op, run.id, '&bagian=PEGAWAI');
  const csv = await op.request('GET', `/api/v1/rekon/${run.id}/unduh?bagian=PEGAWAI`, undefined, { raw: true });
  expect(csv.status).toBe(200);
  const lines = (csv.body as Buffer).toString('utf8').replace(/^\ufeff/, '').trim().split('\n');
  expect(lines).toHaveLength(rows.length + 1);
  const line = lines.find((l) => l.includes(victim) && l.includes('HYPERLINK'))!;
  expect(line).toMatch(/;"'=HYPERLINK/);
  const xlsx = await op.request('GET', `/api/v1/rekon/${run.id}/unduh?bagian=PEGAWAI&format=xlsx`, undefined, { raw: true });
  expect(xlsx.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx.body as unknown as ArrayBuffer);
  const sheet = book.getWorksheet('Rekon')!;
  expect(sheet.rowCount).toBe(rows.length + 1);
  let formulas = 0;
  sheet.eachRow((r) => r.eachCell((c) => { if (c.type === ExcelJS.ValueType.Formula) formulas++; }));
  expect(formulas).toBe(0);
});

it('a daily schedule is a Temporal Schedule the operator can set and pause', async () => {
  const set = await op.request('PUT', '/api/v1/rekon/jadwal', { aktif: true, jam: 2 });
  expect(set.status).toBe(200);
  expect(set.body).toMatchObject({ instansiId: INSTANSI, aktif: true, jam: 2 });
  expect(set.body.berikutnya).not.toBeNull();
  const d = await engine.temporal.schedule.getHandle(`rekon-jadwal-${INSTANSI}`).describe();
  expect(d.spec.timezone).toBe('Asia/Jakarta');
  expect(d.state.paused).toBe(false);
  const paused = await op.request('PUT', '/api/v1/rekon/jadwal', { aktif: false, jam: 2 });
  expect(paused.body).toMatchObject({ aktif: false, berikutnya: null });
  expect((await op.get('/api/v1/rekon/jadwal')).body).toMatchObject({ aktif: false, jam: 2 });
  expect((await op.request('PUT', '/api/v1/rekon/jadwal', { aktif: 'ya' })).status).toBe(400);
  // A scheduled run (triggered now) makes a run of its own, named by its Temporal run.
  const before = (await op.get('/api/v1/rekon')).body.items.length;
  await engine.temporal.schedule.getHandle(`rekon-jadwal-${INSTANSI}`).trigger();
  await eventually(async () => ((await op.get('/api/v1/rekon')).body.items.filter((r: { status: string }) => r.status === 'SELESAI').length > before ? true : undefined), 60_000);
  await engine.temporal.schedule.getHandle(`rekon-jadwal-${INSTANSI}`).delete();
});

it('turns a name difference into a peremajaan with SIASN\'s value and its evidence, in one action; other rows and roles are refused', async () => {
  const { planted } = await plantSiasnSnapshot(engine.db, INSTANSI, { perMille: { nama: 100, golongan: 100, hilang: 0 } });
  const run = await runAndWait(op);
  const rows = await allRows(op, run.id, '&bagian=PEGAWAI') as ({ seq: number } & Awaited<ReturnType<typeof allRows>>[number])[];
  const nama = rows.find((r) => r.cek === 'nama' && r.hasil === 'TIDAK_SESUAI' && planted.some((p) => p.nip === r.nip))!;
  const golongan = rows.find((r) => r.cek === 'golongan')!;
  const path = (seq: number) => `/api/v1/rekon/${run.id}/baris/${seq}/peremajaan`;
  expect((await op.post(path(golongan.seq), {})).status).toBe(409);
  const verifier = await signedIn(userOf('VERIFIER'));
  expect((await verifier.post(path(nama.seq), {})).status).toBe(403);
  const other = await signedIn(userOf('OPERATOR', 'I-3515'));
  expect((await other.post(path(nama.seq), {})).status).toBe(404);
  expect((await op.post(`/api/v1/rekon/${run.id}/baris/9999999/peremajaan`, {})).status).toBe(404);
  // Without evidence the peremajaan's own rules refuse it, and say which document is missing.
  const bare = await op.post(path(nama.seq), {});
  expect(bare.status).toBe(422);
  const opUser = await engine.db.selectFrom('app_user').select('id').where('username', '=', userOf('OPERATOR', INSTANSI)).executeTakeFirstOrThrow();
  expect(JSON.stringify(bare.body.errors)).toMatch(/Ijazah/);
  const docId = `rekon-doc-${nama.nip}`;
  await engine.db.insertInto('document').values({
    id: docId, sha256: 'a'.repeat(64), size: 10, mime: 'application/pdf', filename: 'ijazah.pdf', kind: 'PEREMAJAAN', doc_code: 'IJAZAH',
    siasn_id: null, owner_nip: nama.nip, usulan_id: null, supersedes_id: null, uploaded_by: opUser.id, created_at: new Date(),
  }).execute();
  const docs = [docId];
  const made = await op.post(path(nama.seq), { documents: docs });
  expect(made.status).toBe(201);
  expect(made.body.changes[0]).toMatchObject({ area: 'DATA_PRIBADI', field: 'nama', newValue: nama.nilaiSiasn, oldValue: nama.nilaiKita });
});
