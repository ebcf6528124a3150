import fs from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import type { TestEngine } from './harness';

export const HISTORY_DIR = path.resolve(__dirname, '..', 'replay', 'histories');

/**
 * With RECORD_HISTORIES=1 (npm run replay:record), writes one event history per distinct path the file's workflows
 * took (the path = the sequence of timeline event kinds), for the replay test to keep deterministic. Without it, does
 * nothing: recordings change only on purpose.
 */
export async function recordHistories(engine: Pick<TestEngine, 'db' | 'temporal'>, prefix: string, table: 'usulan_kp' | 'usulan_peremajaan' = 'usulan_kp'): Promise<number> {
  if (process.env.RECORD_HISTORIES !== '1') return 0;
  fs.mkdirSync(HISTORY_DIR, { recursive: true });
  const rows = await engine.db.selectFrom(table).select(['id']).where('workflow_started_at', 'is not', null).orderBy('id').execute();
  const seen = new Set<string>();
  let written = 0;
  for (const { id } of rows) {
    const events = await engine.db.selectFrom('usulan_event').select('jenis').where('usulan_id', '=', id).orderBy('seq').orderBy('id').execute();
    const shape = events.map((e) => e.jenis).join('>');
    if (seen.has(shape)) continue;
    seen.add(shape);
    const history = await engine.temporal.workflow.getHandle(id).fetchHistory();
    const name = `${prefix}-${String(seen.size).padStart(2, '0')}`;
    // Binary protobuf (base64): byte-exact, whatever copy of the proto classes the test process loaded.
    const bytes = temporal.api.history.v1.History.encode(history as temporal.api.history.v1.IHistory).finish();
    fs.writeFileSync(path.join(HISTORY_DIR, `${name}.json`), JSON.stringify({ workflowId: id, path: shape, events: history.events?.length ?? 0, history: Buffer.from(bytes).toString('base64') }, null, 1));
    written += 1;
  }
  return written;
}
