import express from 'express';
import { requireAuth } from '../../api/auth/middleware';
import { idempotent } from '../../api/idempotency';
import { purgeExpiredAuthState } from '../../api/maintenance';
import type { Db } from '../../db';
import { Client, login, sleep, type Fixtures, type RunningApp, useApiTestApp } from './fixtures';

let db: Db;
let fx: Fixtures;
let app: RunningApp;
let op: Client;

let created = 0;
let gate: Promise<void> | undefined;
let flakyFailures = 0;

function testRouter(): express.Router {
  const router = express.Router();
  router.post('/api/v1/test/things', requireAuth(), idempotent(), async (req, res) => {
    if (gate) await gate;
    created += 1;
    res.status(201).location(`/api/v1/test/things/${created}`).json({ n: created, echo: req.body });
  });
  router.post('/api/v1/test/flaky', requireAuth(), idempotent(), (_req, res) => {
    if (flakyFailures > 0) {
      flakyFailures -= 1;
      throw new Error('database went away');
    }
    created += 1;
    res.status(201).json({ n: created });
  });
  router.post('/api/v1/test/empty', requireAuth(), idempotent(), (_req, res) => {
    created += 1;
    res.status(204).end();
  });
  return router;
}

useApiTestApp(async (env) => {
  ({ db, fx, app } = env);
  op = await login(app.url, fx.users.op_a);
}, () => ({ deps: { extraRouters: [{ path: '/', router: testRouter() }] } }));

describe('idempotent()', () => {
  it('a POST without Idempotency-Key is refused with 400 and a reason', async () => {
    const r = await op.post('/api/v1/test/things', { a: 1 }, { idempotencyKey: null });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].field).toBe('header.Idempotency-Key');
    expect(r.body.detail).toMatch(/Idempotency-Key wajib/);
  });

  it('the same key with the same body replays the first answer without running the handler again', async () => {
    const before = created;
    const first = await op.post('/api/v1/test/things', { a: 1, b: [1, 2] }, { idempotencyKey: 'k-replay' });
    // Same content, other key order: the canonical body is the same.
    const again = await op.post('/api/v1/test/things', { b: [1, 2], a: 1 }, { idempotencyKey: 'k-replay' });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(created).toBe(before + 1);
  });

  it('the same key with another body is refused with 422', async () => {
    await op.post('/api/v1/test/things', { a: 1 }, { idempotencyKey: 'k-other-body' });
    const r = await op.post('/api/v1/test/things', { a: 2 }, { idempotencyKey: 'k-other-body' });
    expect(r.status).toBe(422);
    expect(r.body.detail).toMatch(/sudah dipakai untuk permintaan lain/);
  });

  it('a key whose first request is still running answers 409, and the first answer is replayed afterwards', async () => {
    let release!: () => void;
    gate = new Promise<void>((r) => (release = r));
    const first = op.post('/api/v1/test/things', { slow: true }, { idempotencyKey: 'k-in-progress' });
    await sleep(200);
    const during = await op.post('/api/v1/test/things', { slow: true }, { idempotencyKey: 'k-in-progress' });
    expect(during.status).toBe(409);
    expect(during.headers.get('retry-after')).toBe('1');
    gate = undefined;
    release();
    const done = await first;
    expect(done.status).toBe(201);
    const after = await op.post('/api/v1/test/things', { slow: true }, { idempotencyKey: 'k-in-progress' });
    expect(after.status).toBe(201);
    expect(after.body).toEqual(done.body);
  });

  it('a 5xx failure deletes the record so a retry with the same key proceeds', async () => {
    flakyFailures = 1;
    const failed = await op.post('/api/v1/test/flaky', { x: 1 }, { idempotencyKey: 'k-flaky' });
    expect(failed.status).toBe(500);
    const retried = await op.post('/api/v1/test/flaky', { x: 1 }, { idempotencyKey: 'k-flaky' });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    const replay = await op.post('/api/v1/test/flaky', { x: 1 }, { idempotencyKey: 'k-flaky' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });

  it('an answer without a body (204) is replayed too', async () => {
    const before = created;
    expect((await op.post('/api/v1/test/empty', {}, { idempotencyKey: 'k-empty' })).status).toBe(204);
    await sleep(50);
    const again = await op.post('/api/v1/test/empty', {}, { idempotencyKey: 'k-empty' });
    expect(again.status).toBe(204);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(created).toBe(before + 1);
  });

  it('keys belong to one user: another user with the same key is a new request', async () => {
    const other = await login(app.url, fx.users.op_c);
    const mine = await op.post('/api/v1/test/things', { a: 'shared' }, { idempotencyKey: 'k-shared' });
    const theirs = await other.post('/api/v1/test/things', { a: 'shared' }, { idempotencyKey: 'k-shared' });
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.n).not.toBe(mine.body.n);
  });

  it('a key with spaces or control characters is refused', async () => {
    const r = await op.post('/api/v1/test/things', {}, { idempotencyKey: 'a b' });
    expect(r.status).toBe(400);
  });

  it('an abandoned claim (process crashed mid-request) can be taken over after the lock expires', async () => {
    await db
      .insertInto('idempotency_key')
      .values({ user_id: fx.users.op_a.id, key: 'k-abandoned', method: 'POST', path: '/api/v1/test/things', request_hash: 'x', locked_until: new Date(Date.now() - 1000) })
      .execute();
    const r = await op.post('/api/v1/test/things', { a: 1 }, { idempotencyKey: 'k-abandoned' });
    expect(r.status).toBe(201);
  });

  it('creating a delegation is idempotent through the real endpoint', async () => {
    const appr = await login(app.url, fx.users.appr_a);
    const body = { toUserId: 'u-plt_a', jenis: 'PLH', mulai: '2999-01-01', selesai: '2999-01-10' };
    const a = await appr.post('/api/v1/delegations', body, { idempotencyKey: 'deleg-1' });
    const b = await appr.post('/api/v1/delegations', body, { idempotencyKey: 'deleg-1' });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
    const rows = await db.selectFrom('delegation').select('id').where('from_user_id', '=', 'u-appr_a').where('mulai', '=', '2999-01-01').execute();
    expect(rows).toHaveLength(1);
  });
});

describe('purgeExpiredAuthState', () => {
  it('deletes idempotency records past their replay period and long-ended sessions, nothing fresh', async () => {
    const before = await db.selectFrom('idempotency_key').select('key').execute();
    const later = new Date(Date.now() + 40 * 24 * 60 * 60_000);
    const none = await purgeExpiredAuthState(db);
    expect(none.idempotencyKeys).toBe(0);
    const all = await purgeExpiredAuthState(db, later);
    expect(all.idempotencyKeys).toBe(before.length);
    expect(all.sessions).toBeGreaterThan(0);
  });
});
