import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { buildWorkflowBundle } from '../../runtime/workflow-bundle';
import { HISTORY_DIR } from '../helpers/record-histories';

/**
 * Replays the recorded event histories of every path the lifecycle, path and decree tests drive (committed under
 * test/replay/histories, refreshed only by `npm run replay:record`) against today's workflow code: a change to the order
 * of awaited activities, timers or handlers that running workflows would not survive fails here.
 */
jest.setTimeout(120_000);

const files = fs.existsSync(HISTORY_DIR) ? fs.readdirSync(HISTORY_DIR).filter((f) => f.endsWith('.json')).sort() : [];

describe('recorded workflow histories replay on the current workflow code', () => {
  it('has recordings of the KP and peremajaan paths', () => {
    expect(files.some((f) => f.startsWith('kp-'))).toBe(true);
    expect(files.some((f) => f.startsWith('peremajaan-'))).toBe(true);
  });

  it('replays every recording without a nondeterminism error', async () => {
    const bundle = await buildWorkflowBundle(path.join(process.env.TEST_TMP_DIR ?? '/tmp', 'replay-bundle.js'));
    const histories = files.map((f) => {
      const rec = JSON.parse(fs.readFileSync(path.join(HISTORY_DIR, f), 'utf8')) as { workflowId: string; history: string };
      return { workflowId: rec.workflowId, history: temporal.api.history.v1.History.decode(Buffer.from(rec.history, 'base64')) };
    });
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: bundle } }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});
