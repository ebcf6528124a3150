import { allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities, setHandler, ApplicationFailure } from '@temporalio/workflow';
import type { BaselineActivities } from '../activities/baseline';

/**
 * Benchmark baseline (bench/lifecycle.ts): the shape of kpUsulanWorkflow on the happy path, without its work. The same
 * three updates with validators (approver decision, verifier decision, SK signed), the same durable timers
 * (condition(pred, timeout) per waiting step), the same nine activity calls (3 transitions, 3 events, the SK draft,
 * the promotion, one notification), every activity a no-op. Throughput of the real lifecycle over this one is the
 * share of the machine that Temporal orchestration alone leaves to the application.
 */
export const BASELINE_WORKFLOW_TYPE = 'baselineUsulanWorkflow';

export interface BaselineInput {
  usulanId: string;
  /** Same order of size as KpWorkflowInput, so payloads cost alike. */
  payload: Record<string, unknown>;
  slaMs: number;
}
export interface BaselineActor { userId: string; nama: string; role: string }
export interface BaselineDecision { actor: BaselineActor; action: string; catatan?: string; signatureSha256?: string; pertek?: { nomor: string; tanggal: string; documentId: string } }
export interface BaselineSkSigned { actor: BaselineActor; documentId: string; nomor: string; tanggal: string }
export interface BaselineResult { status: string }

export const baselineApproverUpdate = defineUpdate<BaselineResult, [BaselineDecision]>('baselineApproverDecision');
export const baselineVerifierUpdate = defineUpdate<BaselineResult, [BaselineDecision]>('baselineVerifierDecision');
export const baselineSkSignedUpdate = defineUpdate<BaselineResult, [BaselineSkSigned]>('baselineSkSigned');
export const baselineStateQuery = defineQuery<{ status: string; step: number }>('baselineState');

const acts = proxyActivities<BaselineActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '500 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export async function baselineUsulanWorkflow(input: BaselineInput): Promise<BaselineResult> {
  const id = input.usulanId;
  let status = 'MENUNGGU_PERSETUJUAN';
  let step = 0;
  let transitions = 0;
  let sk: { nomor: string; tanggal: string } | undefined;
  let signed: BaselineSkSigned | undefined;

  async function transition(to: string, jenis: string, actor?: BaselineActor) {
    const from = status;
    status = to;
    transitions += 1;
    step += 1;
    await acts.baselineRecordTransition({ usulanId: id, eventKey: `${id}:${step}:${jenis}`, step, jenis, from, to, actor });
  }
  async function note(jenis: string, actor?: BaselineActor) {
    step += 1;
    await acts.baselineRecordEvent({ usulanId: id, eventKey: `${id}:${step}:${jenis}`, step, jenis, status, actor });
  }
  const requireStatus = (s: string) => {
    if (status !== s) throw ApplicationFailure.create({ message: `status ${status}`, nonRetryable: true, type: 'WrongState' });
  };

  setHandler(baselineStateQuery, () => ({ status, step }));
  setHandler(baselineApproverUpdate, async (d) => {
    await transition('MENUNGGU_VERIFIKASI', 'DISETUJUI_INSTANSI', d.actor);
    return { status };
  }, { validator: (_d: BaselineDecision) => requireStatus('MENUNGGU_PERSETUJUAN') });
  setHandler(baselineVerifierUpdate, async (d) => {
    await transition('MENUNGGU_TTE_SK', 'MS', d.actor);
    return { status };
  }, { validator: (_d: BaselineDecision) => requireStatus('MENUNGGU_VERIFIKASI') });
  setHandler(baselineSkSignedUpdate, async (s) => {
    signed = s;
    await note('SK_DITANDATANGANI', s.actor);
    return { status };
  }, {
    validator: (_s: BaselineSkSigned) => {
      requireStatus('MENUNGGU_TTE_SK');
      // Like the KP workflow: refused until the draft exists (the bench client retries, as the real one polls).
      if (!sk) throw ApplicationFailure.create({ message: 'draft not ready', nonRetryable: true, type: 'WrongState' });
      if (signed) throw ApplicationFailure.create({ message: 'signed', nonRetryable: true, type: 'WrongState' });
    },
  });

  /** The KP workflow's SLA wait: reminder timer, then escalation timer; never fires with the bench's long SLAs. */
  async function waitWithSla(done: () => boolean) {
    const entered = transitions;
    const moved = () => transitions !== entered || done();
    if (await condition(moved, input.slaMs)) return;
    await condition(moved);
  }

  await note('DIAJUKAN');
  while (status !== 'SELESAI') {
    await condition(allHandlersFinished);
    if (status === 'MENUNGGU_PERSETUJUAN' || status === 'MENUNGGU_VERIFIKASI') {
      await waitWithSla(() => false);
    } else if (status === 'MENUNGGU_TTE_SK') {
      if (!sk) {
        sk = await acts.baselinePrepareSkDraft({ usulanId: id });
        await note('DRAF_SK_SIAP');
      }
      await waitWithSla(() => signed !== undefined);
      if (signed) {
        await condition(allHandlersFinished);
        await acts.baselineApplyPromotion({ usulanId: id, skNomor: sk.nomor, skTanggal: sk.tanggal });
        await transition('SELESAI', 'SELESAI');
        await acts.baselineNotify({ usulanId: id, eventKey: `${id}:${step}:notify`, kind: 'SELESAI' });
      }
    }
  }
  await condition(allHandlersFinished);
  return { status };
}
