import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import { READ_MODEL_WRITES } from '../activity-options';
import type { SiasnOutboxActivities, SiasnOutboxInput } from './contract';

const acts = proxyActivities<SiasnOutboxActivities>({ ...READ_MODEL_WRITES, startToCloseTimeout: '2 minutes' });

/** Rounds before the history is handed to a fresh run. */
const ROUNDS_PER_RUN = 200;

export async function siasnOutboxWorkflow(input: SiasnOutboxInput = {}): Promise<void> {
  for (let round = 0; round < ROUNDS_PER_RUN; round++) {
    const due = await acts.outboxDue({ limit: 50 });
    if (due.length === 0) {
      await sleep(input.idleMs ?? 10_000);
      continue;
    }
    for (const id of due) await acts.outboxDeliver({ id });
  }
  await continueAsNew<typeof siasnOutboxWorkflow>(input);
}
