import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { sql } from 'kysely';
import { appendAudit, auditHashInput, toAuditRecord, verifyAuditChain } from '../../db/repos/audit-log';
import { sha256Hex } from '../../db/canonical-json';
import type { Db } from '../../db';
import { createTestDb, login, seedFixtures, startApp } from './fixtures';

const ROOT = path.resolve(__dirname, '../..');

function runAuditVerify(databaseUrl: string): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), 'scripts/audit-verify.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** What an attacker with database access does: switch the guard off, change history, switch it back on. */
async function asAttacker(db: Db, change: (db: Db) => Promise<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(db);
  try {
    await change(db);
  } finally {
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(db);
  }
}

describe('audit chain', () => {
  let t: Awaited<ReturnType<typeof createTestDb>>;
  beforeAll(async () => {
    t = await createTestDb();
  });
  afterAll(async () => {
    await t.drop();
  });

  it('each entry links to the previous hash and the chain verifies', async () => {
    const a = await appendAudit(t.db, { actorId: 'u1', action: 'kp.approve', objectType: 'usulan_kp', objectId: 'kp-1', ip: '10.0.0.1', data: { catatan: 'ok', z: 1, a: [1, { y: 2, x: 1 }] } });
    const b = await appendAudit(t.db, { actorId: null, action: 'document.download', objectType: 'document', objectId: 'doc-1' });
    expect(a.prevHash).toBe('0'.repeat(64));
    expect(b.prevHash).toBe(a.hash);
    expect(b.id).toBe(String(Number(a.id) + 1));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, entries: 2 });
  });

  it('concurrent appends never fork the chain', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(t.db, { actorId: `u${i % 5}`, action: 'test.concurrent', data: { i } })));
    const v = await verifyAuditChain(t.db);
    expect(v).toMatchObject({ ok: true, entries: 42 });
  });

  it('data a database cannot hold (NUL, lone surrogates) is stored as hashed and still verifies', async () => {
    await appendAudit(t.db, { actorId: 'u\u0000x', action: 'test.odd', data: { s: 'a\u0000b\ud800c', n: 0.1 + 0.2, big: 12345678901234567890, nested: { k: undefined, d: new Date(0) } } });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('an append inside a rolled-back transaction leaves no trace and no gap', async () => {
    await expect(
      t.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actorId: 'u1', action: 'kp.decide' });
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    await appendAudit(t.db, { actorId: 'u1', action: 'after.rollback' });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('UPDATE, DELETE and TRUNCATE are refused by the trigger', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x' WHERE id = 1`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log WHERE id = 1`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_head SET last_id = 1`.execute(t.db)).rejects.toThrow(/audit_head/);
    await expect(sql`DELETE FROM audit_head`.execute(t.db)).rejects.toThrow(/audit_head/);
  });

  it('an insert that does not continue the chain is refused by the database', async () => {
    await expect(
      sql`INSERT INTO audit_log (id, at, action, prev_hash, hash) VALUES (9999, now(), 'forged', ${'0'.repeat(64)}, ${'f'.repeat(64)})`.execute(t.db),
    ).rejects.toThrow(/does not continue the chain/);
  });

  it('npm run audit:verify exits 0 on an intact chain', () => {
    const r = runAuditVerify(t.url);
    expect(r.out).toMatch(/intact/);
    expect(r.status).toBe(0);
  });
});

describe('tampering', () => {
  let t: Awaited<ReturnType<typeof createTestDb>>;
  beforeEach(async () => {
    t = await createTestDb();
    for (let i = 1; i <= 6; i++) await appendAudit(t.db, { actorId: 'u1', action: 'kp.approve', objectType: 'usulan_kp', objectId: `kp-${i}`, data: { i } });
  });
  afterEach(async () => {
    await t.drop();
  });

  it('a changed entry is named by verifyAuditChain and by audit:verify (exit 1)', async () => {
    await asAttacker(t.db, (db) => sql`UPDATE audit_log SET data = '{"i": 99}' WHERE id = 4`.execute(db));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenId: '4', entries: 3 });
    const r = runAuditVerify(t.url);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/entry 4\b/);
  });

  it('a changed entry whose hash was recomputed breaks the link of the next one', async () => {
    const row = await t.db.selectFrom('audit_log').selectAll().where('id', '=', '3').executeTakeFirstOrThrow();
    const forged = { ...toAuditRecord(row), action: 'kp.reject' };
    const hash = sha256Hex(auditHashInput(forged));
    await asAttacker(t.db, (db) => sql`UPDATE audit_log SET action = 'kp.reject', hash = ${hash} WHERE id = 3`.execute(db));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenId: '4' });
  });

  it('a deleted entry in the middle is named', async () => {
    await asAttacker(t.db, (db) => sql`DELETE FROM audit_log WHERE id = 2`.execute(db));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenId: '3' });
  });

  it('a deleted tail is detected through the head row', async () => {
    await asAttacker(t.db, (db) => sql`DELETE FROM audit_log WHERE id >= 5`.execute(db));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenId: '5' });
  });
});

describe('audit over HTTP', () => {
  let t: Awaited<ReturnType<typeof createTestDb>>;
  let fx: Awaited<ReturnType<typeof seedFixtures>>;
  let app: Awaited<ReturnType<typeof startApp>>;
  beforeAll(async () => {
    t = await createTestDb();
    fx = await seedFixtures(t.db);
    app = await startApp(t.db);
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
  });

  it('an admin lists entries newest first, filters by action and verifies the chain', async () => {
    const admin = await login(app.url, fx.users.admin);
    await login(app.url, fx.users.op_a);
    await login(app.url, fx.users.op_c);
    const all = await admin.get('/api/v1/admin/audit?limit=2');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.nextBeforeId).toBe(all.body.items[1].id);
    expect(Number(all.body.items[0].id)).toBeGreaterThan(Number(all.body.items[1].id));
    const next = await admin.get(`/api/v1/admin/audit?limit=2&beforeId=${all.body.nextBeforeId}`);
    expect(Number(next.body.items[0].id)).toBeLessThan(Number(all.body.items[1].id));
    const logins = await admin.get(`/api/v1/admin/audit?action=auth.login&actorId=${fx.users.op_a.id}`);
    expect(logins.body.items.length).toBeGreaterThan(0);
    expect(logins.body.items.every((e: any) => e.action === 'auth.login' && e.actorId === fx.users.op_a.id)).toBe(true);
    const v = await admin.get('/api/v1/admin/audit/verify');
    expect(v.body).toMatchObject({ ok: true });
  });

  it('a non-admin is refused (403) and the refusal is itself recorded', async () => {
    const op = await login(app.url, fx.users.op_a);
    const r = await op.get('/api/v1/admin/audit');
    expect(r.status).toBe(403);
    const denied = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'access.denied').where('actor_id', '=', fx.users.op_a.id).execute();
    expect(denied.length).toBe(1);
    expect(denied[0].object_id).toBe('GET /api/v1/admin/audit');
  });
});
