import type { Actor } from '../../domain/identity';
import type { Db } from '../../db';
import { findUserById, officeToday, toActor } from '../../db/repos/users';
import { canActOnInstansi, canApproveFor, instansiInScope, scopeEmployees, scopeUsulanKp } from '../../db/scope';
import { Client, NIP, PASSWORD, freshTotp, login, type Fixtures, type RunningApp, useApiTestApp } from './fixtures';

let db: Db;
let fx: Fixtures;
let app: RunningApp;

useApiTestApp(async (env) => {
  ({ db, fx, app } = env);
});

async function actor(username: string, extra: Partial<Actor> = {}): Promise<Actor> {
  const u = await findUserById(db, fx.users[username].id);
  return { ...toActor(u!, { via: 'session' }), ...extra };
}

const usulanIds = async (a: Actor) => (await scopeUsulanKp(db.selectFrom('usulan_kp').select('usulan_kp.id'), a).orderBy('usulan_kp.id').execute()).map((r) => r.id);
const employeeNips = async (a: Actor) => (await scopeEmployees(db.selectFrom('employee').select('employee.nip'), a).orderBy('employee.nip').execute()).map((r) => r.nip);

describe('scopeUsulanKp and scopeEmployees', () => {
  it.each([
    ['admin', ['kp-a', 'kp-b', 'kp-c']],
    ['op_a', ['kp-a']],
    ['appr_a', ['kp-a']],
    ['appr_c', ['kp-c']],
    ['ver_1', ['kp-a', 'kp-b']],
    ['kakanreg_2', ['kp-c']],
    ['emp_a', ['kp-a']],
    ['bkn_head', ['kp-b']],
  ])('%s sees usulan %j', async (username, expected) => {
    expect(await usulanIds(await actor(username))).toEqual(expected);
  });

  it.each([
    ['admin', [NIP.a, NIP.b, NIP.c]],
    ['op_a', [NIP.a]],
    ['ver_1', [NIP.a, NIP.b]],
    ['kakanreg_2', [NIP.c]],
    ['emp_a', [NIP.a]],
    ['bkn_head', [NIP.b]],
  ])('%s sees employees %j', async (username, expected) => {
    expect(await employeeNips(await actor(username))).toEqual([...expected].sort());
  });

  it('an approver also sees the instansi of delegations in force', async () => {
    expect(await usulanIds(await actor('appr_a', { delegatedInstansiIds: ['ib'] }))).toEqual(['kp-a', 'kp-b']);
  });

  it('a user without instansi or kanreg sees nothing rather than everything', async () => {
    const a = await actor('op_a', { instansiId: null });
    expect(await usulanIds(a)).toEqual([]);
    expect(await usulanIds({ ...(await actor('ver_1')), kanregId: null })).toEqual([]);
    expect(await usulanIds({ ...(await actor('emp_a')), nip: null })).toEqual([]);
  });

  it('scopes an UPDATE too, so a write outside scope touches nothing', async () => {
    const res = await scopeUsulanKp(db.updateTable('usulan_kp').set({ last_note: 'x' }).where('id', '=', 'kp-c'), await actor('op_a')).executeTakeFirst();
    expect(Number(res.numUpdatedRows)).toBe(0);
  });

  it('canActOnInstansi follows the same rules', async () => {
    const op = await actor('op_a');
    expect(canActOnInstansi(op, 'ia')).toBe(true);
    expect(canActOnInstansi(op, 'ib')).toBe(false);
    const ver = await actor('ver_1');
    expect(canActOnInstansi(ver, 'ib', 'kr1')).toBe(true);
    expect(canActOnInstansi(ver, 'ic', 'kr2')).toBe(false);
    expect(await instansiInScope(db, ver, 'ib')).toBe(true);
    expect(await instansiInScope(db, ver, 'ic')).toBe(false);
    expect(canActOnInstansi(await actor('admin'), 'ic')).toBe(true);
    expect(canActOnInstansi(await actor('emp_a'), 'ia')).toBe(false);
    expect(canApproveFor(await actor('appr_a'), 'ia')).toBe(true);
    expect(canApproveFor(await actor('plt_a', { delegatedInstansiIds: ['ia'] }), 'ia')).toBe(true);
    expect(canApproveFor(await actor('op_a'), 'ia')).toBe(false);
  });
});

describe('delegations', () => {
  const today = officeToday();
  const inAWeek = officeToday(new Date(Date.now() + 7 * 86_400_000));
  // Each official logs in once: every login spends one TOTP step, and only three are valid at a time.
  let appr: Client;
  beforeAll(async () => {
    appr = await login(app.url, fx.users.appr_a);
  });

  it('an approver delegates to a user of the same instansi; the delegate holds the instansi after TOTP', async () => {
    const r = await appr.post('/api/v1/delegations', { toUserId: fx.users.plt_a.id, jenis: 'PLT', mulai: today, selesai: inAWeek });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ instansiId: 'ia', fromUserId: fx.users.appr_a.id, toUserId: fx.users.plt_a.id, jenis: 'PLT', revokedAt: null });
    expect(r.headers.get('location')).toBe(`/api/v1/delegations/${r.body.id}`);

    // plt_a is an operator, but while the delegation is in force logging in asks for the second factor.
    const c = new Client(app.url);
    const l = await c.post('/api/v1/auth/login', { username: 'plt_a', password: PASSWORD }, { idempotencyKey: null });
    expect(l.body.mfaRequired).toBe(true);
    c.csrfToken = l.body.csrfToken;
    const t2 = await c.post('/api/v1/auth/totp', { code: await freshTotp(fx.users.plt_a) }, { idempotencyKey: null });
    c.csrfToken = t2.body.csrfToken;
    const me = await c.get('/api/v1/auth/me');
    expect(me.body.delegatedInstansiIds).toEqual(['ia']);

    const mine = await c.get('/api/v1/delegations');
    expect(mine.body.items.map((d: any) => d.id)).toContain(r.body.id);

    const revoke = await appr.delete(`/api/v1/delegations/${r.body.id}`);
    expect(revoke.status).toBe(200);
    expect(revoke.body.revokedAt).not.toBeNull();
    expect((await c.get('/api/v1/auth/me')).body.delegatedInstansiIds).toEqual([]);
    const audit = await db.selectFrom('audit_log').select('action').where('object_type', '=', 'delegation').where('object_id', '=', r.body.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['delegation.create', 'delegation.revoke']);
  });

  it('a delegate from another instansi is refused with 422 (the instansi comes from the approver, not the body)', async () => {
    const r = await appr.post('/api/v1/delegations', { toUserId: fx.users.appr_c.id, jenis: 'PLH', mulai: today, selesai: today });
    expect(r.status).toBe(422);
    expect(r.body.errors[0].field).toBe('body.toUserId');
  });

  it('dates are checked: end before start, start in the past, a non-date', async () => {
    const base = { toUserId: fx.users.plt_a.id, jenis: 'PLH' };
    expect((await appr.post('/api/v1/delegations', { ...base, mulai: inAWeek, selesai: today })).status).toBe(422);
    expect((await appr.post('/api/v1/delegations', { ...base, mulai: '2020-01-01', selesai: inAWeek })).status).toBe(422);
    const bad = await appr.post('/api/v1/delegations', { ...base, mulai: '2026-02-30', selesai: inAWeek });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'body.mulai' });
  });

  it('operators may not create delegations (403), and an admin must name the approver', async () => {
    const op = await login(app.url, fx.users.op_a);
    expect((await op.post('/api/v1/delegations', { toUserId: fx.users.plt_a.id, jenis: 'PLH', mulai: today, selesai: today })).status).toBe(403);
    const admin = await login(app.url, fx.users.admin);
    const missing = await admin.post('/api/v1/delegations', { toUserId: fx.users.plt_a.id, jenis: 'PLH', mulai: today, selesai: today });
    expect(missing.status).toBe(400);
    const ok = await admin.post('/api/v1/delegations', { fromUserId: fx.users.appr_a.id, toUserId: fx.users.plt_a.id, jenis: 'PLH', mulai: inAWeek, selesai: inAWeek });
    expect(ok.status).toBe(201);
  });

  it("another instansi's delegation is not found (404), and the refusal is recorded", async () => {
    const apprC = await login(app.url, fx.users.appr_c);
    const created = await appr.post('/api/v1/delegations', { toUserId: fx.users.plt_a.id, jenis: 'PLH', mulai: '2998-01-01', selesai: '2998-01-02' });
    const r = await apprC.delete(`/api/v1/delegations/${created.body.id}`);
    expect(r.status).toBe(404);
    const notThere = await apprC.delete('/api/v1/delegations/987654');
    expect(notThere.status).toBe(404);
    expect(notThere.body.detail).toBe(r.body.detail);
    const denied = await db.selectFrom('audit_log').selectAll().where('action', '=', 'access.denied').where('object_id', '=', created.body.id).execute();
    expect(denied).toHaveLength(1);
    expect(denied[0].actor_id).toBe(fx.users.appr_c.id);
    const list = await apprC.get('/api/v1/delegations');
    expect(list.body.items.map((d: any) => d.id)).not.toContain(created.body.id);
  });
});
