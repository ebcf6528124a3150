import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { ApiClient } from '../helpers/http-client';
import { createApiToken } from '../../api/auth/tokens';
import { todayInJakarta } from '../../db/seed';
import { startStandInSiasn, type StandInSiasn } from '../../siasn/stand-in/server';
import { ensureOutboxDelivery } from '../../runtime/outbox-delivery';
import { siasnOutboxWorkflowId } from '../../workflows/siasn-outbox/contract';

jest.setTimeout(300_000);

/**
 * The outbox to SIASN on the real dev server against the stand-in SIASN: SKP the agency's SIMPEG pushes become intents
 * in the transaction that stores them, and the delivery workflow gets each to SIASN exactly once through an outage
 * (SUSPENDED, reset connections): nothing lost, nothing sent twice, the same push again queues nothing, a record SIASN
 * already holds is not sent, a refusal waits for an administrator, who puts it back.
 */
const INST = 'I-3404';
let standIn: StandInSiasn;
let engine: TestEngine;
let simpeg: ApiClient;
let nips: string[];
const YEAR = Number(todayInJakarta().slice(0, 4));

const saves = () => standIn.calls.filter((c) => c.path.endsWith('/skp22/save') && c.status === 200).length;
const outbox = () => engine.db.selectFrom('siasn_outbox').selectAll().where('instansi_id', '=', INST).where('jenis', '=', 'SKP').orderBy('id').execute();
// The seed queues nothing: its people are what SIASN already holds.
const push = (records: unknown[]) => simpeg.post('/api/v1/integrasi/skp?tunggu=60', { records }, { idempotencyKey: null });

beforeAll(async () => {
  standIn = await startStandInSiasn({ today: todayInJakarta() });
  const file = path.join(process.env.TEST_TMP_DIR!, `siasn-accounts-outbox-${process.pid}.json`);
  fs.writeFileSync(file, JSON.stringify(standIn.accounts), { mode: 0o600 });
  engine = await startTestEngine({ SIASN_BASE_URL: standIn.url, SIASN_ACCOUNTS_FILE: file, SIASN_THROTTLE: '1ms', SIASN_TIMEOUT: '5s' });
  const admin = await engine.db.selectFrom('app_user').select('id').where('role', '=', 'ADMIN').executeTakeFirstOrThrow();
  const inst = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', INST).executeTakeFirstOrThrow();
  const t = await createApiToken(engine.db, { name: 'SIMPEG Sleman', instansiId: INST, kanregId: inst.kanreg_id, scopes: ['integrasi:skp'], expiresAt: null, createdBy: admin.id });
  // The API process starts the drain (runtime/engine.ts); the test engine runs without those duties, so it is started here.
  await ensureOutboxDelivery(engine.temporal, engine.config.taskQueue, { idleMs: 500 });
  simpeg = new ApiClient(engine.url);
  const request = simpeg.request.bind(simpeg);
  simpeg.request = (method, p, body, opts = {}) => request(method, p, body, { ...opts, headers: { authorization: `Bearer ${t.token}`, ...opts.headers } });
  // People SIASN knows (the stand-in leaves some out on purpose) and who have no SKP of this year yet.
  const known = new Set(standIn.drifts(INST).filter((d) => d.kind === 'TIDAK_ADA_DI_SIASN').map((d) => d.nip));
  nips = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', INST).where('jenis_asn', '=', 'PNS').orderBy('nip').execute())
    .map((r) => r.nip).filter((n) => !known.has(n)).slice(0, 6);
});
afterAll(async () => {
  await engine?.temporal.workflow.getHandle(siasnOutboxWorkflowId(engine.config.taskQueue)).terminate('test over').catch(() => undefined);
  await engine?.close();
  await standIn?.stop();
});

it('delivers every SKP the SIMPEG pushed exactly once through an outage, and a repeat push queues nothing', async () => {
  expect(await outbox()).toEqual([]);
  standIn.setFaults({ suspended: { count: 2 }, reset: { after: 3, count: 2 } });
  const before = saves();
  // A rating of this year that differs from the one held: every record is a change, so every one is an intent.
  const held = new Map((await engine.db.selectFrom('employee_rating').select(['nip', 'predikat']).where('nip', 'in', nips).where('tahun', '=', YEAR).execute()).map((x) => [x.nip, x.predikat]));
  const records = nips.map((nip) => ({ nip, tahun: YEAR, predikat: held.get(nip) === 'SANGAT_BAIK' ? 'BAIK' : 'SANGAT_BAIK' }));
  const r = await push(records);
  expect(r.body.job.baru + r.body.job.berubah).toBe(nips.length);
  expect((await outbox()).map((o) => o.nip).sort()).toEqual([...nips].sort());
  await eventually(async () => ((await outbox()).every((o) => o.status === 'TERKIRIM') ? true : undefined), 200_000, 1000);
  expect(saves() - before).toBe(nips.length);
  const items = await outbox();
  expect(items.some((o) => o.percobaan > 0)).toBe(true);
  expect(items.every((o) => o.siasn_id)).toBe(true);
  // The same SKP again: SAMA, no new intent, nothing sent.
  const again = await push(records);
  expect(again.body.job).toMatchObject({ sama: nips.length });
  expect(await outbox()).toHaveLength(nips.length);
  expect(saves() - before).toBe(nips.length);
});

it('a record SIASN already holds settles as SUDAH_ADA without a save (a delivery retried after a lost answer sends nothing twice)', async () => {
  const nip = nips[0];
  const before = saves();
  // The intent of a delivery whose save reached SIASN but whose answer was lost: the record is there already.
  const sent = (await outbox()).find((o) => o.nip === nip)!.payload as { predikat: string };
  await sql`INSERT INTO siasn_outbox (instansi_id, jenis, kunci, nip, payload) VALUES (${INST}, 'SKP', ${`SKP:${nip}:${YEAR}:ulang`}, ${nip}, ${JSON.stringify({ nip, tahun: YEAR, predikat: sent.predikat })}::jsonb)`.execute(engine.db);
  await eventually(async () => ((await outbox()).find((o) => o.kunci.endsWith(':ulang'))?.status === 'SUDAH_ADA' ? true : undefined), 60_000, 500);
  expect(saves()).toBe(before);
});

it('a refusal by SIASN is given up with its reason for an administrator, who puts it back once fixed', async () => {
  standIn.setFaults({ writeRefused: { count: -1 } });
  const last = await engine.db.selectFrom('employee_rating').select('predikat').where('nip', '=', nips[1]).where('tahun', '=', YEAR - 1).executeTakeFirst();
  await push([{ nip: nips[1], tahun: YEAR - 1, predikat: last?.predikat === 'KURANG' ? 'BUTUH_PERBAIKAN' : 'KURANG' }]);
  const failed = await eventually(async () => (await outbox()).find((o) => o.nip === nips[1] && o.status === 'MENYERAH'), 60_000, 500);
  expect(failed.alasan).toMatch(/batas/);
  const op = await engine.login('op.sleman');
  const queue = await op.get('/api/v1/siasn/antrean?status=MENYERAH');
  expect(queue.status).toBe(200);
  expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(String(failed.id));
  expect(queue.body.items.every((i: { instansiId: string }) => i.instansiId === INST)).toBe(true);
  expect((await op.post(`/api/v1/siasn/antrean/${failed.id}/ulang`, {})).status).toBe(403);
  const otherOp = await engine.login('op.sidoarjo');
  expect((await otherOp.get('/api/v1/siasn/antrean')).body.items.filter((i: { instansiId: string }) => i.instansiId === INST)).toEqual([]);
  standIn.clearFaults();
  const admin = await engine.login('admin');
  const back = await admin.post(`/api/v1/siasn/antrean/${failed.id}/ulang`, {});
  expect(back.status).toBe(200);
  expect(back.body.status).toBe('MENUNGGU');
  expect((await admin.post(`/api/v1/siasn/antrean/${failed.id}/ulang`, {})).status).toBe(409);
  await eventually(async () => ((await outbox()).find((o) => o.id === failed.id)?.status === 'TERKIRIM' ? true : undefined), 60_000, 500);
});
