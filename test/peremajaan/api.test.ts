import express, { type NextFunction, type Request, type Response } from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { AppError, HTTP_STATUS } from '../../api/errors';
import type { Actor } from '../../domain/identity';
import type { GuardFactory } from '../../api/guarded-route';
import { createPeremajaanRouter } from '../../api/peremajaan/routes';
import { startPeremajaanEnv, TODAY, type PeremajaanTestEnv } from './setup';
import path from 'node:path';
import { FsBlobStore } from '../../dms/blob-store';
import { expectConsistent } from '../helpers/audit';
import { recordHistories } from '../helpers/record-histories';
import { eventually } from '../helpers/harness';

/**
 * The router on a bare app. TEST FIXTURE: the actor comes from an x-test-actor header and roles are checked the way
 * requireAuth() checks them; idempotency is skipped. The real app mounts the router behind requireAuth().
 */
let env: PeremajaanTestEnv;
let server: Server;
let base: string;

beforeAll(async () => {
  env = await startPeremajaanEnv({ verificationMs: 1500, reminderBeforeMs: 1000 });
  const app = express();
  app.use(express.json());
  const testAuth: GuardFactory = ({ roles }) => (req: Request, _res: Response, next: NextFunction) => {
    const actor = (env.actors as Record<string, Actor>)[String(req.headers['x-test-actor'])];
    if (!actor) throw new AppError('UNAUTHENTICATED', 'no test actor');
    if (roles && !roles.includes(actor.role)) throw new AppError('FORBIDDEN', `Peran ${actor.role} tidak berwenang untuk operasi ini`);
    req.actor = actor;
    next();
  };
  app.use('/api/v1', createPeremajaanRouter({
    db: env.db, temporal: env.temporal, config: { taskQueue: env.deps.taskQueue, sla: { verificationMs: env.deps.sla.verificationMs, reminderBeforeMs: env.deps.sla.reminderBeforeMs, approvalMs: 0, keppresReminderMs: 0, claimLeaseMs: 0 } },
    auth: testAuth, idempotency: () => (_req, _res, next) => next(), today: () => TODAY,
  }));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof AppError) {
      res.status(HTTP_STATUS[err.code]).json({ ...(err.extra ?? {}), status: HTTP_STATUS[err.code], detail: err.message, errors: err.details ?? [] });
      return;
    }
    res.status(500).json({ detail: String(err) });
  });
  server = app.listen(0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await env?.close();
});

async function call(actor: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(base + path, {
    method, headers: { 'x-test-actor': actor, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const reasons = (r: { body: any }): string[] => r.body.errors.map((e: { field: string; reason: string }) => `${e.field}: ${e.reason}`);

describe('POST /peremajaan refuses with a reason per change', () => {
  const propose = (changes: unknown[], nip = env.nips.a, actor = 'employee') => call(actor, 'POST', '/peremajaan', { nip, changes });

  test('malformed bodies are 400 with field reasons', async () => {
    expect(reasons(await call('employee', 'POST', '/peremajaan', { changes: [] }))).toEqual(expect.arrayContaining(['body.nip: NIP wajib diisi', 'body.changes: Minimal 1 item']));
    expect(reasons(await call('employee', 'POST', '/peremajaan', { nip: 199001012015011901, changes: [{ area: 'X', field: 'y', value: 1 }] }))[0]).toMatch(/NIP harus dikirim sebagai teks/);
    const extra = await propose([{ area: 'DATA_PRIBADI', field: 'alamat', value: 'x', documents: [], sneaky: 1 }]);
    expect(extra.status).toBe(400);
    expect(reasons(extra)).toEqual(['body.changes.0.sneaky: Kolom tidak dikenal; hapus kolom ini']);
    const missing = await propose([{ area: 'DATA_PRIBADI', field: 'alamat' }]);
    expect(reasons(missing)).toEqual(['body.changes.0.value: Nilai baru wajib diisi']);
  });

  test.each([
    ['an unknown area', { area: 'HOBI', field: 'x', value: 'y' }, /changes\.0\.area: Area "HOBI" tidak dikenal/],
    ['an unknown field', { area: 'DATA_PRIBADI', field: 'hobi', value: 'y' }, /changes\.0\.field: Kolom "hobi" tidak dikenal pada area Data Pribadi/],
    ['a date in another format', { area: 'DATA_PRIBADI', field: 'tanggalLahir', value: '01-02-1990' }, /tanggal lahir harus berformat YYYY-MM-DD/],
    ['a date that does not exist', { area: 'DATA_PRIBADI', field: 'tanggalLahir', value: '1990-02-30' }, /bukan tanggal yang ada/],
    ['a birth date in the future', { area: 'DATA_PRIBADI', field: 'tanggalLahir', value: '2027-01-01' }, /tidak boleh sesudah hari ini \(2026-11-23\)/],
    ['a name with a zero-width space', { area: 'DATA_PRIBADI', field: 'nama', value: 'Budi\u200bSantoso' }, /karakter kendali atau tak terlihat \(U\+200B\)/],
    ['a name with a control character', { area: 'DATA_PRIBADI', field: 'nama', value: 'Budi\u0007' }, /U\+0007/],
    ['a name with digits', { area: 'DATA_PRIBADI', field: 'nama', value: 'Budi 2' }, /karakter yang tidak diizinkan: "2"/],
    ['an unknown education level', { area: 'PENDIDIKAN', field: 'tingkatPendidikan', value: 'S9' }, /tingkat pendidikan "S9" tidak dikenal; pilihan:/],
    ['an unknown golongan', { area: 'GOLONGAN', field: 'golongan', value: 'V/a' }, /golongan "V\/a" tidak dikenal/],
    ['an unknown religion', { area: 'DATA_PRIBADI', field: 'agama', value: 'JEDI' }, /agama "JEDI" tidak dikenal/],
    ['an integer out of range', { area: 'GOLONGAN', field: 'mkgBulan', value: 12 }, /masa kerja golongan \(bulan\) harus antara 0 dan 11/],
    ['text for a number', { area: 'GOLONGAN', field: 'mkgTahun', value: 'lima' }, /harus bilangan bulat/],
    ['a unit of another instansi', { area: 'UNIT_KERJA', field: 'unorId', value: 'FOREIGN' }, /Unit organisasi .* tidak ada pada instansi pegawai/],
    ['the current value', { area: 'DATA_PRIBADI', field: 'tempatLahir', value: 'Bandung' }, /Nilai baru sama dengan data saat ini/],
    ['no supporting document', { area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. X' }, /Dokumen pendukung wajib: Kartu Tanda Penduduk belum diunggah/],
  ])('%s is refused (422)', async (_label, change, reason) => {
    const c = { ...change, value: change.value === 'FOREIGN' ? env.unor.foreign : change.value };
    const r = await propose([c]);
    expect(r.status).toBe(422);
    expect(reasons(r).join('\n')).toMatch(reason);
  });

  test('another person\'s document, and the same field twice, are refused', async () => {
    const r = await propose([
      { area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. X', documents: [await env.doc('KTP', env.nips.b)] },
      { area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. Y', documents: [] },
    ]);
    expect(r.status).toBe(422);
    expect(reasons(r)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^changes\.0\.documents: Dokumen .* bukan milik pegawai ini/),
      expect.stringMatching(/^changes\.1\.field: alamat \(Data Pribadi\) sudah diusulkan pada perubahan ke-1/),
    ]));
  });

  test('names are stored in NFC', async () => {
    const r = await propose([{ area: 'DATA_PRIBADI', field: 'nama', value: 'Jose\u0301 Mari\u0301a', documents: [await env.doc('AKTA_KELAHIRAN', env.nips.a)] }]);
    expect(r.status).toBe(201);
    expect(r.body.changes[0].newValue).toBe('Jos\u00e9 Mar\u00eda');
    const w = await call('employee', 'POST', `/peremajaan/${r.body.usulanId}/withdraw`, {});
    expect(w.body).toEqual({ status: 'DITARIK' });
  });
});

describe('who may propose, see and decide', () => {
  test('a self-service employee can touch only their own record', async () => {
    const other = await call('employee', 'POST', '/peremajaan', { nip: env.nips.b, changes: [{ area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. X', documents: [] }] });
    expect(other.status).toBe(404);
    expect(other.body.detail).toBe('Pegawai tidak ditemukan');
    const own = await call('employee2', 'POST', '/peremajaan', { nip: env.nips.b, changes: [{ area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. Kedua', documents: [await env.doc('KTP', env.nips.b)] }] });
    expect(own.status).toBe(201);
    expect((await call('employee', 'GET', `/peremajaan/${own.body.usulanId}`)).status).toBe(404);
    expect((await call('employee', 'POST', `/peremajaan/${own.body.usulanId}/withdraw`, {})).status).toBe(404);
    const list = await call('employee', 'GET', '/peremajaan');
    expect(list.body.items.every((i: { nip: string }) => i.nip === env.nips.a)).toBe(true);
    const list2 = await call('employee2', 'GET', '/peremajaan?status=MENUNGGU_VERIFIKASI&area=DATA_PRIBADI');
    expect(list2.body.items.map((i: { id: string }) => i.id)).toEqual([own.body.usulanId]);
  });

  test('an operator proposes for their instansi only; other roles may not propose', async () => {
    const foreign = await call('operator', 'POST', '/peremajaan', { nip: env.nips.foreign, changes: [{ area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. X', documents: [] }] });
    expect(foreign.status).toBe(404);
    const verifier = await call('verifier', 'POST', '/peremajaan', { nip: env.nips.a, changes: [{ area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. X', documents: [] }] });
    expect(verifier.status).toBe(403);
  });

  test('a second usulan on an open field answers 409 with openUsulanId; decisions go through the update validators', async () => {
    const change = { area: 'PENDIDIKAN', field: 'tingkatPendidikan', value: 'S2', documents: [await env.doc('IJAZAH', env.nips.c), await env.doc('TRANSKRIP', env.nips.c)] };
    const first = await call('operator', 'POST', '/peremajaan', { nip: env.nips.c, changes: [change] });
    expect(first.status).toBe(201);
    const second = await call('operator', 'POST', '/peremajaan', { nip: env.nips.c, changes: [change] });
    expect(second.status).toBe(409);
    expect(second.body.openUsulanId).toBe(first.body.usulanId);
    const id = first.body.usulanId;
    const changeId = first.body.changes[0].id;
    expect((await call('otherVerifier', 'GET', `/peremajaan/${id}`)).status).toBe(404);
    const byApprover = await call('approver', 'POST', `/peremajaan/${id}/changes/${changeId}/decision`, { action: 'APPROVE' });
    expect(byApprover.status).toBe(403);
    expect(byApprover.body.detail).toMatch(/kewenangan BKN/);
    const noReason = await call('verifier', 'POST', `/peremajaan/${id}/changes/${changeId}/decision`, { action: 'REJECT' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.detail).toBe('Alasan wajib diisi untuk menolak perubahan');
    const bad = await call('verifier', 'POST', `/peremajaan/${id}/changes/${changeId}/decision`, { action: 'MAYBE' });
    expect(bad.status).toBe(400);
    const ok = await call('verifier', 'POST', `/peremajaan/${id}/changes/${changeId}/decision`, { action: 'REJECT', reason: 'Ijazah belum dilegalisir' });
    expect(ok.status).toBe(200);
    expect(ok.body.change).toMatchObject({ status: 'DITOLAK', reason: 'Ijazah belum dilegalisir' });
    const detail = await eventually(async () => {
      const d = await call('operator', 'GET', `/peremajaan/${id}`);
      return d.body.status === 'SELESAI' ? d.body : undefined;
    });
    expect(detail.changes[0]).toMatchObject({ status: 'DITOLAK', reason: 'Ijazah belum dilegalisir', decidedBy: 'verifier uji' });
    expect(detail.timeline.map((t: { jenis: string }) => t.jenis)).toEqual(['DIAJUKAN', 'PERUBAHAN_DITOLAK', 'SELESAI']);
    const late = await call('verifier', 'POST', `/peremajaan/${id}/changes/${changeId}/decision`, { action: 'APPROVE' });
    expect(late.status).toBe(409);
  });

  test('the collective endpoint answers per NIP', async () => {
    const sk = await env.doc('SK_JABATAN', null, env.actors.operator.userId);
    const sp = await env.doc('SURAT_PELANTIKAN', null, env.actors.operator.userId);
    const r = await call('operator', 'POST', '/peremajaan/kolektif', { nips: [env.nips.a, env.nips.foreign], change: { area: 'JABATAN', field: 'jenisJabatan', value: 'fungsional', documents: [sk, sp] } });
    expect(r.status).toBe(201);
    expect(r.body.items.map((i: { status: string }) => i.status)).toEqual(['DITERIMA', 'DITAHAN']);
    expect((await call('employee', 'POST', '/peremajaan/kolektif', { nips: [env.nips.a], change: { area: 'JABATAN', field: 'jenisJabatan', value: 'STRUKTURAL' } })).status).toBe(403);
  });

  test('an undecided usulan gets a reminder before the deadline and an escalation after it', async () => {
    const r = await call('employee', 'POST', '/peremajaan', { nip: env.nips.a, changes: [{ area: 'DATA_PRIBADI', field: 'jenisKelamin', value: 'P', documents: [await env.doc('AKTA_KELAHIRAN', env.nips.a)] }] });
    expect(r.status).toBe(201);
    const row = await eventually(async () => {
      const u = await env.db.selectFrom('usulan_peremajaan').selectAll().where('id', '=', r.body.usulanId).executeTakeFirstOrThrow();
      return u.sla_breached ? u : undefined;
    });
    expect(row.status).toBe('MENUNGGU_VERIFIKASI');
    const n = await env.db.selectFrom('notification').selectAll().where('usulan_id', '=', r.body.usulanId).execute();
    expect(n.some((x) => x.recipient_user_id === env.actors.approver.userId && /Pengingat/.test(x.subject))).toBe(true);
  });
});

describe('asking a stopped step to try again', () => {
  test('only an administrator may, only for an usulan that is stopped, and an unknown id is not found', async () => {
    const r = await call('employee', 'POST', '/peremajaan', { nip: env.nips.a, changes: [{ area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. Ulang', documents: [await env.doc('KTP', env.nips.a)] }] });
    expect(r.status).toBe(201);
    const id = r.body.usulanId;
    for (const who of ['operator', 'approver', 'verifier', 'employee', 'otherOperator', 'otherApprover', 'otherVerifier']) {
      expect((await call(who, 'POST', `/peremajaan/${id}/ulangi-langkah`, {})).status).toBe(403);
    }
    const notStopped = await call('admin', 'POST', `/peremajaan/${id}/ulangi-langkah`, {});
    expect(notStopped.status).toBe(409);
    expect(notStopped.body.detail).toBe('Langkah usulan ini tidak sedang terhenti');
    expect((await call('admin', 'POST', '/peremajaan/00000000-0000-4000-8000-000000000000/ulangi-langkah', {})).status).toBe(404);
    // Nothing was asked of the workflow: its timeline has no retry event.
    const events = await env.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', id).execute();
    expect(events.map((e) => e.jenis)).not.toContain('LANGKAH_DILANJUTKAN');
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent({
      db: env.db, temporal: env.temporal, keysDir: path.join(process.env.TEST_TMP_DIR!, 'keys'), blobs: new FsBlobStore(path.join(process.env.TEST_TMP_DIR!, 'blobs')),
    });
    await recordHistories(env, 'peremajaan-api', 'usulan_peremajaan');
  });
});
