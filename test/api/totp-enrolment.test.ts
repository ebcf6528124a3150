import { randomUUID } from 'node:crypto';
import { hashPassword } from '../../identity/passwords';
import { totpNow, totpStep } from '../../identity/totp';
import { DEMO_USERS } from '../../db/seed';
import { ApiClient } from '../helpers/http-client';
import { startTestEngine, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';

jest.setTimeout(120_000);

let engine: TestEngine;
const PASSWORD = 'Pejabat#Baru2026';
const operator = DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!;

beforeAll(async () => {
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.close();
});

/** A new official as an admin creates one: an approver of I-3300 with a password and no TOTP yet. */
async function newOfficial(): Promise<{ id: string; username: string }> {
  const username = `pejabat.${randomUUID().slice(0, 8)}`;
  const row = await engine.db.insertInto('app_user').values({
    id: `u_${randomUUID()}`, username, nama: 'Pejabat Baru Uji', nip: null, jabatan: 'Kepala Bidang', role: 'APPROVER',
    instansi_id: 'I-3300', kanreg_id: (await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', 'I-3300').executeTakeFirstOrThrow()).kanreg_id,
    password_hash: await hashPassword(PASSWORD), totp_secret: null, signer_id: null, superior_user_id: null, email: null,
  }).returning(['id', 'username']).executeTakeFirstOrThrow();
  return row;
}

async function signIn(username: string, password = PASSWORD): Promise<{ c: ApiClient; body: any }> {
  const c = new ApiClient(engine.url);
  const r = await c.post('/api/v1/auth/login', { username, password }, { idempotencyKey: null });
  expect(r.status).toBe(200);
  c.csrfToken = r.body.csrfToken;
  return { c, body: r.body };
}

/** A code of a step no other call in this test has used (the replay guard refuses a step twice). */
async function freshCode(secret: string, after: number): Promise<{ code: string; step: number }> {
  while (totpStep() <= after) await new Promise((r) => setTimeout(r, 500));
  return { code: totpNow(secret), step: totpStep() };
}

describe('TOTP enrolment by a new official', () => {
  it('signs in, can do nothing but enrol, enrols with a QR secret, gets ten recovery codes, and works', async () => {
    const u = await newOfficial();
    const { c, body } = await signIn(u.username);
    expect(body).toMatchObject({ mfaRequired: true, totpEnrolmentRequired: true });
    const blocked = await c.get('/api/v1/kp/usulan');
    expect(blocked.status).toBe(403);
    expect(blocked.body.mfaRequired).toBe(true);
    expect((await c.post('/api/v1/auth/totp', { code: '123456' }, { idempotencyKey: null })).status).toBe(401);
    expect((await c.get('/api/v1/auth/totp/status')).body).toEqual({ enrolled: false, enrolledAt: null, pending: false, recoveryCodesLeft: 0 });

    const first = await c.post('/api/v1/auth/totp/pendaftaran', {}, { idempotencyKey: null });
    expect(first.status).toBe(200);
    expect(first.body.qrSvg).toMatch(/^<svg/);
    expect(first.body.otpauthUri).toContain(`secret=${first.body.secret}`);
    // A second start replaces the secret: a code of the first no longer confirms.
    const second = await c.post('/api/v1/auth/totp/pendaftaran', {}, { idempotencyKey: null });
    expect(second.body.secret).not.toBe(first.body.secret);
    expect((await c.post('/api/v1/auth/totp/pendaftaran/konfirmasi', { code: totpNow(first.body.secret) }, { idempotencyKey: null })).status).toBe(401);
    expect((await c.post('/api/v1/auth/totp/pendaftaran/konfirmasi', { code: 'abcdef' }, { idempotencyKey: null })).status).toBe(400);

    const { code, step } = await freshCode(second.body.secret, 0);
    const before = c.cookieHeader();
    const ok = await c.post('/api/v1/auth/totp/pendaftaran/konfirmasi', { code }, { idempotencyKey: null });
    expect(ok.status).toBe(200);
    // A new session id once the second factor is in: the cookie from before it is dead (no fixation).
    expect(c.cookieHeader()).not.toBe(before);
    const oldCookie = await fetch(`${engine.url}/api/v1/auth/me`, { headers: { cookie: before, accept: 'application/json' } });
    expect(oldCookie.status).toBe(401);
    expect(ok.body.recoveryCodes).toHaveLength(10);
    expect(new Set(ok.body.recoveryCodes).size).toBe(10);
    c.csrfToken = ok.body.csrfToken;
    expect((await c.get('/api/v1/kp/usulan')).status).toBe(200);
    expect((await c.get('/api/v1/auth/totp/status')).body).toMatchObject({ enrolled: true, pending: false, recoveryCodesLeft: 10 });
    // Enrolled: a new start is refused (moving the TOTP takes an admin reset), and the enrolment's code is spent.
    expect((await c.post('/api/v1/auth/totp/pendaftaran', {}, { idempotencyKey: null })).status).toBe(409);
    const again = await signIn(u.username);
    expect(again.body).toMatchObject({ mfaRequired: true, totpEnrolmentRequired: false });
    if (totpStep() === step) expect((await again.c.post('/api/v1/auth/totp', { code }, { idempotencyKey: null })).status).toBe(401);
    const next = await freshCode(second.body.secret, step);
    expect((await again.c.post('/api/v1/auth/totp', { code: next.code }, { idempotencyKey: null })).status).toBe(200);

    // A recovery code stands in once, for a pending session only.
    const lost = await signIn(u.username);
    const rc = ok.body.recoveryCodes[3];
    const used = await lost.c.post('/api/v1/auth/totp/pemulihan', { code: rc.toUpperCase() }, { idempotencyKey: null });
    expect(used.status).toBe(200);
    expect(used.body.recoveryCodesLeft).toBe(9);
    lost.c.csrfToken = used.body.csrfToken;
    expect((await lost.c.get('/api/v1/kp/usulan')).status).toBe(200);
    expect((await lost.c.post('/api/v1/auth/totp/pemulihan', { code: ok.body.recoveryCodes[4] }, { idempotencyKey: null })).status).toBe(409);
    const twice = await signIn(u.username);
    expect((await twice.c.post('/api/v1/auth/totp/pemulihan', { code: rc }, { idempotencyKey: null })).status).toBe(401);
    expect((await twice.c.post('/api/v1/auth/totp/pemulihan', { code: 'bukan kode' }, { idempotencyKey: null })).status).toBe(400);

    // New codes replace the old ones (a verified session only).
    const fresh = await lost.c.post('/api/v1/auth/totp/kode-pemulihan', {}, { idempotencyKey: null });
    expect(fresh.status).toBe(200);
    expect((await twice.c.post('/api/v1/auth/totp/pemulihan', { code: ok.body.recoveryCodes[5] }, { idempotencyKey: null })).status).toBe(401);
    const viaNew = await twice.c.post('/api/v1/auth/totp/pemulihan', { code: fresh.body.recoveryCodes[0] }, { idempotencyKey: null });
    expect(viaNew.status).toBe(200);
    twice.c.csrfToken = viaNew.body.csrfToken;
    expect((await twice.c.post('/api/v1/auth/totp/kode-pemulihan', {}, { idempotencyKey: null })).status).toBe(200);
    const pending = await signIn(u.username);
    expect((await pending.c.post('/api/v1/auth/totp/kode-pemulihan', {}, { idempotencyKey: null })).status).toBe(403);

    const audit = (await engine.db.selectFrom('audit_log').select('action').where('object_id', '=', u.id).execute()).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['auth.totp_enrol_started', 'auth.totp_enrol_failed', 'auth.totp_enrolled', 'auth.recovery_code_used', 'auth.recovery_code_failed', 'auth.recovery_codes_replaced']));
  });

  it('two confirmations at once with the same code: one enrols, the other is refused', async () => {
    const u = await newOfficial();
    const a = await signIn(u.username);
    const b = await signIn(u.username);
    const start = await a.c.post('/api/v1/auth/totp/pendaftaran', {}, { idempotencyKey: null });
    const code = totpNow(start.body.secret);
    const [x, y] = await Promise.all([a.c, b.c].map((c) => c.post('/api/v1/auth/totp/pendaftaran/konfirmasi', { code }, { idempotencyKey: null })));
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    expect((await engine.db.selectFrom('totp_recovery_code').select('code_hash').where('user_id', '=', u.id).execute())).toHaveLength(10);
  });

  it('an admin resets a lost TOTP: the official\u2019s sessions end and the next sign-in enrols again; nobody else may reset', async () => {
    const u = await newOfficial();
    const { c } = await signIn(u.username);
    const start = await c.post('/api/v1/auth/totp/pendaftaran', {}, { idempotencyKey: null });
    const ok = await c.post('/api/v1/auth/totp/pendaftaran/konfirmasi', { code: totpNow(start.body.secret) }, { idempotencyKey: null });
    expect(ok.status).toBe(200);
    c.csrfToken = ok.body.csrfToken;

    const op = await engine.login(operator.username);
    expect((await op.post(`/api/v1/admin/pengguna/${u.id}/reset-totp`, {}, { idempotencyKey: null })).status).toBe(403);
    const admin = await engine.login('admin');
    expect((await admin.post('/api/v1/admin/pengguna/u_tidak-ada/reset-totp', {}, { idempotencyKey: null })).status).toBe(404);
    const adminId = (await admin.get('/api/v1/auth/me')).body.user.id;
    expect((await admin.post(`/api/v1/admin/pengguna/${adminId}/reset-totp`, {}, { idempotencyKey: null })).status).toBe(403);
    const reset = await admin.post(`/api/v1/admin/pengguna/${u.id}/reset-totp`, {}, { idempotencyKey: null });
    expect(reset.status).toBe(200);
    expect((await c.get('/api/v1/auth/me')).status).toBe(401);
    const back = await signIn(u.username);
    expect(back.body).toMatchObject({ mfaRequired: true, totpEnrolmentRequired: true });
    expect((await back.c.post('/api/v1/auth/totp/pemulihan', { code: ok.body.recoveryCodes[0] }, { idempotencyKey: null })).status).toBe(401);
    const audit = await engine.db.selectFrom('audit_log').select(['action', 'actor_id']).where('object_id', '=', u.id).where('action', '=', 'auth.totp_reset').execute();
    expect(audit).toEqual([{ action: 'auth.totp_reset', actor_id: adminId }]);
  });

  it('an enrolment needs a signed-in person: not a token, not nobody', async () => {
    expect((await new ApiClient(engine.url).post('/api/v1/auth/totp/pendaftaran', {}, { idempotencyKey: null })).status).toBe(401);
    const r = await fetch(`${engine.url}/api/v1/auth/totp/pendaftaran`, { method: 'POST', headers: { authorization: 'Bearer usl_' + 'a'.repeat(43), 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(401);
  });

  it('leaves every invariant the consistency auditor checks intact', () => expectConsistent(engine));
});
