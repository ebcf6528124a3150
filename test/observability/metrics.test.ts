import { sql } from 'kysely';
import { startPeremajaanEnv, TODAY, type PeremajaanTestEnv } from '../peremajaan/setup';
import { submitPeremajaan } from '../../api/peremajaan/service';
import { startPeremajaanWorkflows } from '../../api/peremajaan/starter';
import { retryStuckPeremajaanStep } from '../../api/peremajaan/retry-step';
import { metricsRegistry, observeReadModel } from '../../observability/metrics';
import { countUsulan } from '../../db/repos/usulan-counts';
import { peremajaanStateQuery } from '../../workflows/peremajaan/contract';
import { eventually } from '../helpers/harness';

jest.setTimeout(120_000);

let env: PeremajaanTestEnv;
let unobserve: () => void;

beforeAll(async () => {
  // Seconds: the reminder comes after 2 s, the escalation after 3 s.
  env = await startPeremajaanEnv({ verificationMs: 3_000, reminderBeforeMs: 1_000 });
  unobserve = observeReadModel(() => countUsulan(env.db));
});
afterAll(async () => {
  unobserve?.();
  await sql`DROP TRIGGER IF EXISTS refuse_escalation ON usulan_event`.execute(env.db).catch(() => undefined);
  await env?.close();
});

/** The value of one sample in the exposition text, 0 when the series is not there yet. */
async function sample(name: string, labels: Record<string, string>): Promise<number> {
  const text = await metricsRegistry.metrics();
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m && m[1] === name && want.every((w) => (m[2] ?? '').split(',').includes(w))) return Number(m[3]);
  }
  return 0;
}

describe('a failure no retry heals, on the metrics', () => {
  it('a refused escalation stops the step (event, notification, flag) and moves every usulan metric; after the fix and an admin retry it goes on', async () => {
    const before = {
      failures: await sample('activity_failures_total', { activity: 'peremajaanRecordEvent' }),
      stuckSteps: await sample('usulan_steps_stuck_total', { kind: 'peremajaan', step: 'ESKALASI_VERIFIKASI' }),
      breaches: await sample('usulan_sla_breaches_total', { kind: 'peremajaan', step: 'MENUNGGU_VERIFIKASI' }),
    };
    // The database refuses the escalation's row as a broken constraint would: a failure no retry can heal.
    await sql`
      CREATE FUNCTION refuse_escalation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.jenis = 'ESKALASI_VERIFIKASI' THEN RAISE EXCEPTION 'escalation refused by the test' USING ERRCODE = 'check_violation'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_escalation BEFORE INSERT ON usulan_event FOR EACH ROW EXECUTE FUNCTION refuse_escalation();
    `.execute(env.db);

    const { nips, actors } = env;
    const u = await submitPeremajaan(env.db, actors.employee, { nip: nips.a, changes: [{ area: 'DATA_PRIBADI', field: 'alamat', value: 'Jl. Metrik 1', documents: [await env.doc('KTP', nips.a)] }] }, TODAY);
    await startPeremajaanWorkflows(env.deps, [u.usulanId]);
    expect(await sample('usulan_total', { kind: 'peremajaan', status: 'MENUNGGU_VERIFIKASI' })).toBeGreaterThanOrEqual(1);

    const row = await eventually(async () => {
      const r = await env.db.selectFrom('usulan_peremajaan').select(['stuck_reason', 'stuck_since']).where('id', '=', u.usulanId).executeTakeFirstOrThrow();
      return r.stuck_reason ? r : undefined;
    });
    expect(row.stuck_reason).toMatch(/^ESKALASI_VERIFIKASI: .*escalation refused by the test/);
    const events = await env.db.selectFrom('usulan_event').select(['jenis', 'catatan']).where('usulan_id', '=', u.usulanId).orderBy('seq').execute();
    expect(events.map((e) => e.jenis)).toEqual(['DIAJUKAN', 'PENGINGAT_VERIFIKASI', 'LANGKAH_MACET']);
    // The admins' notice is the step after the stuck flag's event: under load it lands a moment later.
    const notes = await eventually(async () => {
      const ns = await env.db.selectFrom('notification').select(['recipient_user_id', 'subject']).where('usulan_id', '=', u.usulanId).execute();
      return ns.some((n) => /terhenti/.test(n.subject)) ? ns : undefined;
    });
    expect(notes).toEqual(expect.arrayContaining([expect.objectContaining({ recipient_user_id: actors.admin.userId, subject: expect.stringMatching(/terhenti/) })]));
    expect((await env.temporal.workflow.getHandle(u.usulanId).query(peremajaanStateQuery)).stuck).toMatchObject({ step: 'ESKALASI_VERIFIKASI' });

    // One failed attempt, and no budget spent on it: the failure is permanent.
    expect(await sample('activity_failures_total', { activity: 'peremajaanRecordEvent' })).toBe(before.failures + 1);
    expect(await sample('usulan_steps_stuck_total', { kind: 'peremajaan', step: 'ESKALASI_VERIFIKASI' })).toBe(before.stuckSteps + 1);
    expect(await sample('usulan_stuck', { kind: 'peremajaan' })).toBeGreaterThanOrEqual(1);
    expect(await sample('usulan_sla_breaches_total', { kind: 'peremajaan', step: 'MENUNGGU_VERIFIKASI' })).toBe(before.breaches);

    await sql`DROP TRIGGER refuse_escalation ON usulan_event; DROP FUNCTION refuse_escalation()`.execute(env.db);
    await retryStuckPeremajaanStep(env, actors.admin, u.usulanId);
    await eventually(async () => {
      const r = await env.db.selectFrom('usulan_peremajaan').select('stuck_reason').where('id', '=', u.usulanId).executeTakeFirstOrThrow();
      return r.stuck_reason === null;
    });
    const after = await env.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', u.usulanId).orderBy('seq').execute();
    // The escalation keeps the step it was given before it stopped (its key must not change between attempts).
    expect(after.map((e) => e.jenis)).toEqual(['DIAJUKAN', 'PENGINGAT_VERIFIKASI', 'ESKALASI_VERIFIKASI', 'LANGKAH_MACET', 'LANGKAH_DILANJUTKAN']);
    expect(await sample('usulan_sla_breaches_total', { kind: 'peremajaan', step: 'MENUNGGU_VERIFIKASI' })).toBe(before.breaches + 1);
    expect(await sample('usulan_stuck', { kind: 'peremajaan' })).toBe(0);
    // A retry asked for when nothing is stopped is refused.
    await expect(retryStuckPeremajaanStep(env, actors.admin, u.usulanId)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
