import express from 'express';
import { requireAuth } from '../../api/auth/middleware';
import { totpNow } from '../../identity/totp';
import { hashSessionId } from '../../api/auth/sessions';
import type { Db } from '../../db';
import { Client, PASSWORD, captureLogs, freshTotp, login, sleep, startApp, type Fixtures, type RunningApp, useApiTestApp } from './fixtures';

let db: Db;
let fx: Fixtures;
let app: RunningApp;

useApiTestApp(async (env) => {
  ({ db, fx, app } = env);
});

const auditOf = (action: string) => db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

describe('login', () => {
  it('answers the user, csrfToken and an HttpOnly SameSite session cookie, and records the login', async () => {
    const c = new Client(app.url);
    const r = await c.post('/api/v1/auth/login', { username: 'op_a', password: PASSWORD }, { idempotencyKey: null });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'op_a', role: 'OPERATOR', instansiId: 'ia' });
    expect(r.body.mfaRequired).toBe(false);
    expect(r.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(JSON.stringify(r.body)).not.toMatch(/argon2|password_hash/);
    const cookie = r.headers.getSetCookie()[0];
    expect(cookie).toMatch(/^sid=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; SameSite=Lax/);
    // Plain http: no Secure flag (browsers would drop it), hence the name without the __Host- prefix.
    expect(cookie).not.toMatch(/Secure/);
    const me = await c.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('op_a');
    const logins = await auditOf('auth.login');
    expect(logins.some((e) => e.actor_id === fx.users.op_a.id)).toBe(true);
  });

  it('without an identity provider, "Keluar" is the plain logout (no keluarUrl)', async () => {
    const c = await login(app.url, fx.users.op_a);
    const me = await c.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.keluarUrl).toBeUndefined();
  });

  it('stores only the SHA-256 of the session id', async () => {
    const c = await login(app.url, fx.users.op_a);
    const sid = c.cookies.get('sid')!;
    const rows = await db.selectFrom('auth_session').select('id_hash').execute();
    expect(rows.map((r) => r.id_hash)).toContain(hashSessionId(sid));
    expect(rows.map((r) => r.id_hash)).not.toContain(sid);
  });

  it('a wrong password or unknown user answers 401 with the same reason, and both are recorded as failed logins', async () => {
    const c = new Client(app.url);
    const wrong = await c.post('/api/v1/auth/login', { username: 'emp_a', password: 'salah' }, { idempotencyKey: null });
    const unknown = await c.post('/api/v1/auth/login', { username: 'tidak_ada', password: 'salah' }, { idempotencyKey: null });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({ status: 401, title: 'Perlu masuk (login)', detail: 'Nama pengguna atau kata sandi salah' });
      expect(r.headers.getSetCookie()).toHaveLength(0);
    }
    const failed = await auditOf('auth.login_failed');
    expect(failed.find((e) => e.actor_id === fx.users.emp_a.id)?.data).toMatchObject({ reason: 'wrong_password', username: 'emp_a' });
    expect(failed.find((e) => e.actor_id === null && (e.data as any).username === 'tidak_ada')?.data).toMatchObject({ reason: 'unknown_user' });
  });

  it('a new session id is issued at every login and the previous one ends', async () => {
    const c = await login(app.url, fx.users.op_a);
    const first = c.cookies.get('sid')!;
    const r = await c.post('/api/v1/auth/login', { username: 'op_a', password: PASSWORD }, { idempotencyKey: null });
    expect(r.status).toBe(200);
    const second = c.cookies.get('sid')!;
    expect(second).not.toBe(first);
    const old = await new Client(app.url).request('GET', '/api/v1/auth/me', { headers: { cookie: `sid=${first}` } });
    expect(old.status).toBe(401);
  });

  it('logging in as a service principal of an API token is impossible', async () => {
    const r = await new Client(app.url).post('/api/v1/auth/login', { username: 'svc.anything', password: '!' }, { idempotencyKey: null });
    expect(r.status).toBe(401);
  });
});

describe('sessions', () => {
  it('logout ends the session on the server: the old cookie no longer works', async () => {
    const c = await login(app.url, fx.users.op_a);
    const sid = c.cookies.get('sid')!;
    const out = await c.post('/api/v1/auth/logout', undefined, { idempotencyKey: null });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    const replay = await new Client(app.url).request('GET', '/api/v1/auth/me', { headers: { cookie: `sid=${sid}` } });
    expect(replay.status).toBe(401);
    const row = await db.selectFrom('auth_session').selectAll().where('id_hash', '=', hashSessionId(sid)).executeTakeFirstOrThrow();
    expect(row.end_reason).toBe('logout');
    expect((await auditOf('auth.logout')).length).toBeGreaterThan(0);
  });

  it('a session idle for longer than the idle timeout ends, while activity keeps it alive', async () => {
    const short = await startApp(db, { env: { SESSION_IDLE: '1500ms' } });
    try {
      const busy = await login(short.url, fx.users.op_a);
      const idle = await login(short.url, fx.users.emp_a);
      for (let i = 0; i < 4; i++) {
        await sleep(600);
        expect((await busy.get('/api/v1/auth/me')).status).toBe(200);
      }
      const r = await idle.get('/api/v1/auth/me');
      expect(r.status).toBe(401);
      expect(r.body.detail).toMatch(/tidak ada aktivitas/);
    } finally {
      await short.close();
    }
  });

  it('a session ends at the absolute timeout even when active', async () => {
    const short = await startApp(db, { env: { SESSION_ABSOLUTE: '1200ms' } });
    try {
      const c = await login(short.url, fx.users.op_a);
      expect((await c.get('/api/v1/auth/me')).status).toBe(200);
      await sleep(700);
      expect((await c.get('/api/v1/auth/me')).status).toBe(200);
      await sleep(700);
      const r = await c.get('/api/v1/auth/me');
      expect(r.status).toBe(401);
      expect(r.body.detail).toMatch(/batas waktu maksimum/);
    } finally {
      await short.close();
    }
  });

  it('over https the cookie is __Host-sid with Secure', async () => {
    const tls = await startApp(db, { env: { PUBLIC_BASE_URL: 'https://usulan.example.go.id' } });
    try {
      const r = await new Client(tls.url).post('/api/v1/auth/login', { username: 'op_a', password: PASSWORD }, { idempotencyKey: null });
      expect(r.status).toBe(200);
      const cookie = r.headers.getSetCookie()[0];
      expect(cookie).toMatch(/^__Host-sid=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; Path=\//);
      expect(cookie).not.toMatch(/Domain=/);
      expect(r.headers.get('strict-transport-security')).toMatch(/max-age=/);
    } finally {
      await tls.close();
    }
  });
});

describe('TOTP second factor', () => {
  it('an approver is refused (403) until the TOTP code is sent, then gets a new session id', async () => {
    const c = new Client(app.url);
    const r = await c.post('/api/v1/auth/login', { username: 'appr_a', password: PASSWORD }, { idempotencyKey: null });
    expect(r.status).toBe(200);
    expect(r.body.mfaRequired).toBe(true);
    c.csrfToken = r.body.csrfToken;
    const pendingSid = c.cookies.get('sid');
    const blocked = await c.get('/api/v1/delegations');
    expect(blocked.status).toBe(403);
    expect(blocked.body).toMatchObject({ mfaRequired: true });
    expect(blocked.body.detail).toMatch(/TOTP/);
    const me = await c.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.mfaPending).toBe(true);

    const ok = await c.post('/api/v1/auth/totp', { code: await freshTotp(fx.users.appr_a) }, { idempotencyKey: null });
    expect(ok.status).toBe(200);
    expect(c.cookies.get('sid')).not.toBe(pendingSid);
    c.csrfToken = ok.body.csrfToken;
    expect((await c.get('/api/v1/delegations')).status).toBe(200);
    expect((await auditOf('auth.totp_ok')).some((e) => e.actor_id === fx.users.appr_a.id)).toBe(true);
  });

  it('a wrong code answers 401 and is recorded; the same code cannot be used twice', async () => {
    const user = fx.users.ver_1;
    const c1 = new Client(app.url);
    const r1 = await c1.post('/api/v1/auth/login', { username: user.username, password: PASSWORD }, { idempotencyKey: null });
    c1.csrfToken = r1.body.csrfToken;
    const now = totpNow(user.totpSecret!);
    const wrong = now === '000000' ? '111111' : '000000';
    const bad = await c1.post('/api/v1/auth/totp', { code: wrong }, { idempotencyKey: null });
    expect(bad.status).toBe(401);
    expect((await auditOf('auth.totp_failed')).some((e) => e.actor_id === user.id)).toBe(true);

    const code = await freshTotp(user);
    expect((await c1.post('/api/v1/auth/totp', { code }, { idempotencyKey: null })).status).toBe(200);
    const c2 = new Client(app.url);
    const r2 = await c2.post('/api/v1/auth/login', { username: user.username, password: PASSWORD }, { idempotencyKey: null });
    c2.csrfToken = r2.body.csrfToken;
    const replay = await c2.post('/api/v1/auth/totp', { code }, { idempotencyKey: null });
    expect(replay.status).toBe(401);
    expect(replay.body.detail).toMatch(/sudah pernah dipakai/);
  });

  it('an approver without an enrolled TOTP secret gets a session that can only enrol one', async () => {
    const c = new Client(app.url);
    const r = await c.post('/api/v1/auth/login', { username: 'approver_no_totp', password: PASSWORD }, { idempotencyKey: null });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ mfaRequired: true, totpEnrolmentRequired: true });
    const blocked = await c.get('/api/v1/delegations');
    expect(blocked.status).toBe(403);
    expect(blocked.body.detail).toMatch(/TOTP/);
    expect((await c.get('/api/v1/auth/totp/status')).body).toMatchObject({ enrolled: false });
  });
});

describe('CSRF', () => {
  it('a state-changing cookie request without the CSRF token is refused with 403 and recorded', async () => {
    const c = await login(app.url, fx.users.admin);
    const token = c.csrfToken;
    c.csrfToken = undefined;
    const r = await c.post('/api/v1/admin/tokens', { name: 'Tanpa CSRF', instansiId: 'ia', scopes: ['kp:read'] });
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatch(/CSRF/);
    const wrong = await c.post('/api/v1/admin/tokens', { name: 'CSRF salah', instansiId: 'ia', scopes: ['kp:read'] }, { headers: { 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.status).toBe(403);
    c.csrfToken = token;
    expect((await c.post('/api/v1/admin/tokens', { name: 'Dengan CSRF', instansiId: 'ia', scopes: ['kp:read'] })).status).toBe(201);
    const denied = await auditOf('access.denied');
    expect(denied.some((e) => e.actor_id === fx.users.admin.id && /CSRF/.test((e.data as any).reason))).toBe(true);
  });

  it('the CSRF token may come as the _csrf form field (web forms)', async () => {
    const router = express.Router();
    router.post('/web/simpan', requireAuth(), (_req, res) => {
      res.json({ ok: true });
    });
    const web = await startApp(db, { deps: { extraRouters: [{ path: '/', router }] } });
    try {
      const c = await login(web.url, fx.users.op_a);
      const token = c.csrfToken!;
      c.csrfToken = undefined;
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      const ok = await c.request('POST', '/web/simpan', { body: `_csrf=${encodeURIComponent(token)}&x=1`, headers: form, idempotencyKey: null });
      expect(ok.status).toBe(200);
      const missing = await c.request('POST', '/web/simpan', { body: 'x=1', headers: form, idempotencyKey: null });
      expect(missing.status).toBe(403);
    } finally {
      await web.close();
    }
  });

  it('a cookie request from another origin is refused', async () => {
    const c = await login(app.url, fx.users.admin);
    const r = await c.post('/api/v1/admin/tokens', { name: 'Lintas situs', instansiId: 'ia', scopes: ['kp:read'] }, { headers: { origin: 'https://evil.example' } });
    expect(r.status).toBe(403);
  });
});

describe('API tokens', () => {
  it('an admin creates a token shown once; it authenticates as Bearer and needs the right scope', async () => {
    const admin = await login(app.url, fx.users.admin);
    const created = await admin.post('/api/v1/admin/tokens', { name: 'SIMPEG Kab. A', instansiId: 'ia', scopes: ['kp:read'] });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^usl_/);
    const stored = await db.selectFrom('api_token').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(created.body.token);

    const integ = new Client(app.url);
    integ.bearer = created.body.token;
    const me = await integ.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ via: 'token', scopes: ['kp:read'], user: { role: 'OPERATOR', instansiId: 'ia' } });
    // Routes that name no scope are closed to tokens; a token never needs CSRF.
    const wrongScope = await integ.get('/api/v1/delegations');
    expect(wrongScope.status).toBe(403);
    const adminOnly = await integ.get('/api/v1/admin/audit');
    expect(adminOnly.status).toBe(403);

    const revoked = await admin.delete(`/api/v1/admin/tokens/${created.body.id}`);
    expect(revoked.status).toBe(200);
    expect((await integ.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('a token lacking the scope a route requires is refused with 403 naming the scope', async () => {
    const router = express.Router();
    router.get('/api/v1/test/kp-only', requireAuth({ roles: ['OPERATOR'], scopes: ['kp:submit'] }), (_req, res) => {
      res.json({ ok: true });
    });
    const withRouter = await startApp(db, { deps: { extraRouters: [{ path: '/', router }] } });
    try {
      const admin = await login(withRouter.url, fx.users.admin);
      const mk = async (scopes: string[]) => (await admin.post('/api/v1/admin/tokens', { name: `T ${scopes.join(' ')}`, instansiId: 'ia', scopes })).body.token as string;
      const readOnly = new Client(withRouter.url);
      readOnly.bearer = await mk(['kp:read']);
      const r = await readOnly.get('/api/v1/test/kp-only');
      expect(r.status).toBe(403);
      expect(r.body.detail).toMatch(/kp:submit/);
      const submit = new Client(withRouter.url);
      submit.bearer = await mk(['kp:submit']);
      expect((await submit.get('/api/v1/test/kp-only')).status).toBe(200);
      const bogus = new Client(withRouter.url);
      bogus.bearer = 'usl_' + 'A'.repeat(43);
      expect((await bogus.get('/api/v1/test/kp-only')).status).toBe(401);
    } finally {
      await withRouter.close();
    }
  });

  it('replaying the token-creating request does not show the token again', async () => {
    const admin = await login(app.url, fx.users.admin);
    const key = 'token-replay-1';
    const body = { name: 'Replay', instansiId: 'ia', scopes: ['kp:read'] };
    const first = await admin.post('/api/v1/admin/tokens', body, { idempotencyKey: key });
    const again = await admin.post('/api/v1/admin/tokens', body, { idempotencyKey: key });
    expect(first.body.token).toMatch(/^usl_/);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.token).toBeUndefined();
    expect(again.text).not.toContain(first.body.token);
  });
});

describe('rate limits', () => {
  it('repeated failed logins for one account answer 429 with Retry-After, even with the right password', async () => {
    const limited = await startApp(db, { deps: { rateLimits: { loginPerAccount: { max: 3, windowMs: 60_000 } } } });
    try {
      const c = new Client(limited.url);
      for (let i = 0; i < 3; i++) expect((await c.post('/api/v1/auth/login', { username: 'op_c', password: 'salah' }, { idempotencyKey: null })).status).toBe(401);
      const r = await c.post('/api/v1/auth/login', { username: 'op_c', password: PASSWORD }, { idempotencyKey: null });
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(r.body.detail).toMatch(/Coba lagi dalam \d+ detik/);
      // Other accounts are unaffected.
      expect((await c.post('/api/v1/auth/login', { username: 'op_a', password: PASSWORD }, { idempotencyKey: null })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('login attempts per address are limited too', async () => {
    const limited = await startApp(db, { deps: { rateLimits: { loginPerAddress: { max: 2, windowMs: 60_000 } } } });
    try {
      const c = new Client(limited.url);
      await c.post('/api/v1/auth/login', { username: 'a1', password: 'x' }, { idempotencyKey: null });
      await c.post('/api/v1/auth/login', { username: 'a2', password: 'x' }, { idempotencyKey: null });
      const r = await c.post('/api/v1/auth/login', { username: 'op_a', password: PASSWORD }, { idempotencyKey: null });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBeTruthy();
    } finally {
      await limited.close();
    }
  });

  it('the API in general is limited per actor', async () => {
    const limited = await startApp(db, { deps: { rateLimits: { apiPerActor: { max: 3, windowMs: 60_000 } } } });
    try {
      const c = await login(limited.url, fx.users.op_a);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await c.get('/api/v1/auth/me')).status);
      expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
      expect(statuses[4]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe('logs', () => {
  it('passwords, cookies, CSRF tokens and authorization headers never reach the logs', async () => {
    const { logger, lines } = captureLogs();
    const logged = await startApp(db, { deps: { logger } });
    try {
      const c = await login(logged.url, fx.users.op_a);
      await c.get('/api/v1/auth/me');
      const integ = new Client(logged.url);
      integ.bearer = 'usl_' + 'B'.repeat(43);
      await integ.get('/api/v1/auth/me');
      await new Client(logged.url).post('/api/v1/auth/login', { username: 'op_a', password: 'kata-sandi-rahasia-xyz' }, { idempotencyKey: null });
      const all = lines.join('');
      expect(lines.length).toBeGreaterThan(2);
      expect(all).not.toContain(PASSWORD);
      expect(all).not.toContain('kata-sandi-rahasia-xyz');
      expect(all).not.toContain(c.cookies.get('sid')!);
      expect(all).not.toContain(c.csrfToken!);
      expect(all).not.toContain('B'.repeat(43));
      expect(all).toMatch(/"reqId"|"req":\{"id"/);
    } finally {
      await logged.close();
    }
  });
});
