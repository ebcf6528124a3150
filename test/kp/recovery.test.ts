import { startTestEngine, eventually, type TestEngine } from '../helpers/harness';
import { expectConsistent } from '../helpers/audit';
import { DEMO_USERS, DEMO_CASES } from '../../db/seed';
import { submitCollective } from '../../api/kp/submit';
import { findUserByUsername, toActor } from '../../db/repos/users';
import { currentOpenPeriods } from '../../domain/periods';
import { metricsRegistry } from '../../observability/metrics';
import { kpWorkflowId } from '../../workflows/kp/contract';

jest.setTimeout(120_000);

let engine: TestEngine;

beforeAll(async () => {
  engine = await startTestEngine({}, { housekeeping: { everyMs: 500, olderThanMs: 1000 } });
});
afterAll(async () => {
  await engine?.close();
});

describe('a crash between commit and workflow start', () => {
  it('the housekeeping loop starts every committed usulan whose workflow was never started, once', async () => {
    // Commit the rows the way the API does, but never start their workflows: the process "died" right after.
    const user = await findUserByUsername(engine.db, DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === 'I-3300')!.username);
    const actor = toActor(user!, { via: 'session' });
    const nips = DEMO_CASES.filter((c) => c.instansiId === 'I-3300' && c.expectedEligible && c.kpType === 'REGULER' && c.missingDocuments.length === 0).map((c) => c.nip);
    const today = new Date().toISOString().slice(0, 10);
    const result = await submitCollective(engine.db, actor, { periode: currentOpenPeriods(today)[0], jenisKp: 101, nips }, today);
    const ids = result.items.flatMap((i) => (i.usulanId ? [i.usulanId] : []));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    await eventually(async () => {
      const rows = await engine.db.selectFrom('usulan_kp').select('workflow_started_at').where('id', 'in', ids).execute();
      return rows.every((r) => r.workflow_started_at !== null);
    }, 30_000);
    for (const id of ids) {
      const d = await engine.temporal.workflow.getHandle(kpWorkflowId(id)).describe();
      expect(d.status.name).toBe('RUNNING');
    }
    const events = await eventually(async () => {
      const rows = await engine.db.selectFrom('usulan_event').select('usulan_id').where('usulan_id', 'in', ids).where('jenis', '=', 'DIAJUKAN').execute();
      return rows.length === ids.length ? rows : undefined;
    });
    expect(new Set(events.map((e) => e.usulan_id)).size).toBe(ids.length);
    const metrics = await metricsRegistry.metrics();
    expect(metrics).toMatch(/usulan_total\{kind="kp",status="MENUNGGU_PERSETUJUAN"\} \d+/);
  });
});

describe('afterwards', () => {
  it('leaves every invariant the consistency auditor checks intact', () => expectConsistent(engine));
});
