import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import { recordHistories } from '../helpers/record-histories';
import type { ApiClient } from '../helpers/http-client';
import { DEMO_USERS, DEMO_SIGNERS, DEMO_CASES } from '../../db/seed';
import { zoneOf } from '../../db/repos/office-dates';
import { workingDaySchedule } from '../../domain/working-days';
import { WORKING_DAY_SLA_PATCH } from '../../workflows/patches';

/**
 * A KP usulan under SLAs counted in hari kerja: the workflow takes the patched path (its history carries the patch
 * marker), its reminder timer and the read model's deadline follow the office calendar. The recorded histories of
 * test/replay, made before the patch, still replay (replay.test.ts): there patched() answers false.
 */
jest.setTimeout(180_000);

let engine: TestEngine;
let operator: ApiClient;
let approver: ApiClient;
const ap = DEMO_USERS.find((u) => u.username === 'pyb.jateng')!;
const passphrase = DEMO_SIGNERS.find((s) => s.username === ap.username)!.passphrase;
const TOLERANCE_MS = 20_000;

beforeAll(async () => {
  engine = await startTestEngine({ SLA_APPROVAL: '3hk', SLA_VERIFICATION: '2hk', SLA_REMINDER_BEFORE: '1hk' });
  [operator, approver] = await Promise.all([engine.login(DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!.username), engine.login(ap.username)]);
});
afterAll(async () => {
  await engine?.close();
});

/** The timers the workflow started, in order, as milliseconds. */
async function timersOf(id: string): Promise<number[]> {
  const history = await engine.temporal.workflow.getHandle(id).fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const t = e.timerStartedEventAttributes?.startToFireTimeout;
    return t ? [Number(t.seconds ?? 0) * 1000 + Math.round((t.nanos ?? 0) / 1e6)] : [];
  });
}

const dueOf = async (id: string) => (await engine.db.selectFrom('usulan_kp').select(['due_at', 'status']).where('id', '=', id).executeTakeFirstOrThrow());

describe('deadlines in hari kerja', () => {
  it('a new usulan takes the patched path: timers and deadlines on the office calendar, approval in the instansi zone and verification in the Kanreg zone', async () => {
    const c = DEMO_CASES.find((x) => x.key === 'REGULER_MEMENUHI_SYARAT')!;
    const periode = (await operator.get('/api/v1/kp/referensi')).body.periodeTerbuka[0];
    const res = await operator.post('/api/v1/kp/usulan', { periode, jenisKp: 101, nips: [c.nip] });
    const id = res.body.items[0].usulanId as string;
    const handle = engine.temporal.workflow.getHandle(id);
    await eventually(async () => (await dueOf(id)).due_at);
    const started = (await handle.describe()).startTime.getTime();

    const instansi = await engine.db.selectFrom('instansi').select('kanreg_id').where('id', '=', c.instansiId).executeTakeFirstOrThrow();
    const approval = workingDaySchedule(started, await zoneOf(engine.db, { instansiId: c.instansiId }), 3, 1);
    expect(Math.abs((await dueOf(id)).due_at!.getTime() - approval.deadlineMs)).toBeLessThan(TOLERANCE_MS);
    const markers = ((await handle.fetchHistory()).events ?? []).flatMap((e) => (e.markerRecordedEventAttributes ? [e.markerRecordedEventAttributes] : []));
    const patches = markers.flatMap((m) => Object.values(m.details ?? {}).flatMap((p) => (p.payloads ?? []).map((x) => Buffer.from(x.data ?? []).toString('utf8'))));
    expect(patches.join('\n')).toContain(WORKING_DAY_SLA_PATCH);
    const [reminderTimer] = await eventually(async () => ((await timersOf(id)).length ? timersOf(id) : undefined));
    expect(Math.abs(started + reminderTimer - approval.reminderAtMs)).toBeLessThan(TOLERANCE_MS);

    const ok = await approver.post(`/api/v1/kp/usulan/${id}/keputusan-instansi`, { action: 'APPROVE', passphrase });
    expect(ok.status).toBe(200);
    const approvedAt = Date.now();
    const verification = workingDaySchedule(approvedAt, await zoneOf(engine.db, { kanregId: instansi.kanreg_id }), 2, 1);
    const row = await eventually(async () => {
      const r = await dueOf(id);
      return r.status === 'MENUNGGU_VERIFIKASI' && r.due_at ? r : undefined;
    });
    expect(Math.abs(row.due_at!.getTime() - verification.deadlineMs)).toBeLessThan(TOLERANCE_MS);
    const timers = await eventually(async () => {
      const t = await timersOf(id);
      return t.length >= 2 ? t : undefined;
    });
    expect(Math.abs(approvedAt + timers[1] - verification.reminderAtMs)).toBeLessThan(TOLERANCE_MS);
    // Days away: no reminder or escalation has been recorded.
    const events = await engine.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', id).execute();
    expect(events.map((e) => e.jenis).filter((j) => /PENGINGAT|ESKALASI/.test(j))).toEqual([]);
  });

  it('a peremajaan counts its verification in hari kerja too', async () => {
    const nip = (await engine.db.selectFrom('employee').select('nip').where('instansi_id', '=', 'I-3300').orderBy('nip', 'desc').executeTakeFirstOrThrow()).nip;
    const opId = (await engine.db.selectFrom('app_user').select('id').where('role', '=', 'OPERATOR').where('instansi_id', '=', 'I-3300').orderBy('username').executeTakeFirstOrThrow()).id;
    const docId = `doc-hk-${nip}`;
    await engine.db.insertInto('document').values({
      id: docId, sha256: 'a'.repeat(64), size: 10, mime: 'application/pdf', filename: 'sertifikat.pdf', kind: 'BERKAS', doc_code: 'SERTIFIKAT_DIKLAT',
      siasn_id: 874, owner_nip: nip, usulan_id: null, supersedes_id: null, uploaded_by: opId, created_at: new Date(),
    }).execute();
    const r = await operator.post('/api/v1/peremajaan', { nip, changes: [{ area: 'DIKLAT', field: 'namaDiklat', value: 'Latsar CPNS', documents: [docId] }] });
    expect(r.status).toBe(201);
    const id = r.body.usulanId as string;
    const row = await eventually(async () => (await engine.db.selectFrom('usulan_peremajaan').select('due_at').where('id', '=', id).executeTakeFirstOrThrow()).due_at);
    const started = (await engine.temporal.workflow.getHandle(id).describe()).startTime.getTime();
    const s = workingDaySchedule(started, await zoneOf(engine.db, { instansiId: 'I-3300' }), 2, 1);
    expect(Math.abs(row.getTime() - s.deadlineMs)).toBeLessThan(TOLERANCE_MS);
    const [reminderTimer] = await eventually(async () => ((await timersOf(id)).length ? timersOf(id) : undefined));
    expect(Math.abs(started + reminderTimer - s.reminderAtMs)).toBeLessThan(TOLERANCE_MS);
  });

  it('leaves every invariant the consistency auditor checks intact', async () => {
    await expectConsistent(engine);
    await recordHistories(engine, 'kp-hari-kerja');
    await recordHistories(engine, 'peremajaan-hari-kerja', 'usulan_peremajaan');
  });
});
