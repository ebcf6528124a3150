import { allHandlersFinished, condition, patched, proxyActivities, setHandler, ApplicationFailure } from '@temporalio/workflow';
import { stepSchedule } from '../../domain/working-days';
import { WORKING_DAY_SLA_PATCH } from '../patches';
import type { ChangeOutcomeNotice, PeremajaanActivities, PeremajaanEventInput, PeremajaanNotificationKind } from './contract';
import type { Verifier } from '../../domain/peremajaan';
import {
  decideChangeUpdate, withdrawPeremajaanUpdate, peremajaanStateQuery, retryPeremajaanStepSignal, isPendingChange, ChangeStatus, PeremajaanStatus,
  type ChangeState, type PeremajaanActorRef, type PeremajaanState, type PeremajaanTimelineEntry, type PeremajaanWorkflowInput,
} from './contract';
import { Refusal } from '../../domain/refusal';
import { DECIDER_ROLE, type PeremajaanEventKind } from '../../domain/peremajaan-lifecycle';
import { stopAndSurface } from '../stop-and-surface';
import { EXTERNAL_EFFECTS, NOTIFICATIONS, READ_MODEL_WRITES, STUCK_RETRY_MS, SURFACING } from '../activity-options';

/** Option sets per kind of effect (workflows/activity-options.ts); a spent budget stops the step visibly (guarded). */
const acts = proxyActivities<Pick<PeremajaanActivities, 'peremajaanRecordEvent'>>(READ_MODEL_WRITES);
const notices = proxyActivities<Pick<PeremajaanActivities, 'peremajaanNotify' | 'peremajaanNotifyOutcomes'>>(NOTIFICATIONS);
const effects = proxyActivities<Pick<PeremajaanActivities, 'peremajaanApplyApprovedChanges'>>(EXTERNAL_EFFECTS);
const surfacing = proxyActivities<Pick<PeremajaanActivities, 'peremajaanRecordEvent'>>(SURFACING);

function refuse(type: Refusal, message: string): never {
  // Thrown from a validator, this refuses the update before anything is written to history.
  throw ApplicationFailure.create({ message, nonRetryable: true, type });
}

/**
 * One usulan peremajaan: every change waits for its own verifier (the instansi or BKN, in parallel), and once all are
 * decided the approved ones are applied in one transaction. A change whose record moved meanwhile goes back to its
 * verifier, and the usulan waits again for those.
 */
export async function peremajaanWorkflow(input: PeremajaanWorkflowInput): Promise<PeremajaanState> {
  const id = input.usulanId;
  let status: PeremajaanStatus = PeremajaanStatus.MENUNGGU_VERIFIKASI;
  // Step 1 is the submission's own event: an update handled in the first workflow task may run before it is recorded.
  let step = 1;
  let decisions = 0;
  const changes: ChangeState[] = input.changes.map((c) => ({ ...c, status: ChangeStatus.MENUNGGU }));
  const timeline: PeremajaanTimelineEntry[] = [];
  const notified = new Set<string>();

  const nextKey = (jenis: string) => `${id}:${++step}:${jenis}`;
  const snapshot = (): PeremajaanState => ({ usulanId: id, status, changes: changes.map((c) => ({ ...c })), timeline: [...timeline], stuck: surface.current() });
  const actorOf = (a?: PeremajaanActorRef) => a && { userId: a.userId, nama: a.nama };

  type RecordOpts = { to?: PeremajaanStatus; actor?: PeremajaanActorRef; catatan?: string; changeId?: string; patch?: PeremajaanEventInput['patch']; data?: Record<string, unknown>; first?: boolean };
  /** An event: its status change, key and step are taken at once, so the timeline's order is the order of the code. */
  function eventInput(jenis: PeremajaanEventKind, opts: RecordOpts = {}): PeremajaanEventInput {
    const from = status;
    const to = opts.to ?? status;
    status = to;
    const eventKey = opts.first ? `${id}:1:${jenis}` : nextKey(jenis);
    const eventStep = opts.first ? 1 : step;
    timeline.push({ at: new Date().toISOString(), jenis, changeId: opts.changeId, actor: opts.actor?.nama, catatan: opts.catatan });
    return {
      usulanId: id, eventKey, step: eventStep, jenis, from, to, changesStatus: opts.to !== undefined, actor: actorOf(opts.actor), catatan: opts.catatan,
      patch: opts.patch, data: { ...(opts.changeId ? { changeId: opts.changeId } : {}), ...opts.data },
    };
  }

  const surface = stopAndSurface({
    record: (jenis, catatan, stuck) => {
      const e = eventInput(jenis, { catatan, patch: { stuck } });
      return surfacing.peremajaanRecordEvent(e).then(() => e.eventKey);
    },
    notifyStuck: (eventKey, catatan) => notices.peremajaanNotify({ usulanId: id, eventKey, kind: 'LANGKAH_MACET', catatan }),
    retryAfterMs: STUCK_RETRY_MS,
  });
  const guarded = surface.guarded;

  async function record(jenis: PeremajaanEventKind, opts: RecordOpts = {}) {
    const input = eventInput(jenis, opts);
    await guarded(jenis, () => acts.peremajaanRecordEvent(input));
    return input.eventKey;
  }

  const pendingAuthorities = (): Verifier[] => [...new Set(changes.filter((c) => isPendingChange(c.status)).map((c) => c.authority))];
  const allDecided = () => changes.every((c) => !isPendingChange(c.status));

  async function notify(kind: PeremajaanNotificationKind, eventKey: string, authorities?: Verifier[], catatan?: string) {
    await guarded(`NOTIFIKASI_${kind}`, () => notices.peremajaanNotify({ usulanId: id, eventKey, kind, authorities, catatan }));
  }

  setHandler(peremajaanStateQuery, snapshot);

  setHandler(retryPeremajaanStepSignal, () => {
    surface.requestRetry();
  });

  setHandler(decideChangeUpdate, async (d) => {
    const c = changes.find((x) => x.id === d.changeId)!;
    const approve = d.action === 'APPROVE';
    c.status = approve ? ChangeStatus.DISETUJUI : ChangeStatus.DITOLAK;
    c.decidedBy = d.actor.userId;
    c.reason = approve ? d.reason?.trim() || undefined : d.reason!.trim();
    decisions += 1;
    await record(approve ? 'PERUBAHAN_DISETUJUI' : 'PERUBAHAN_DITOLAK', {
      actor: d.actor, catatan: c.reason, changeId: c.id,
      patch: { change: { id: c.id, status: c.status, decidedBy: d.actor.userId, decidedByNama: d.actor.nama, reason: c.reason } },
    });
    return { status, change: { ...c } };
  }, {
    validator: (d) => {
      if (status !== PeremajaanStatus.MENUNGGU_VERIFIKASI) refuse(Refusal.WRONG_STATE, `Usulan berstatus ${status}; perubahan tidak dapat diputus lagi`);
      const c = changes.find((x) => x.id === d.changeId);
      if (!c) refuse(Refusal.INVALID, `Perubahan ${d.changeId} tidak ada pada usulan ${id}`);
      if (!isPendingChange(c.status)) refuse(Refusal.WRONG_STATE, `Perubahan ${c.id} sudah diputus (${c.status})`);
      if (c.authority === 'BKN') {
        if (d.actor.role !== DECIDER_ROLE.BKN) refuse(Refusal.FORBIDDEN, `Perubahan ${c.area} adalah kewenangan BKN: hanya verifikator BKN yang dapat memutusnya`);
        if (d.actor.kanregId !== input.kanregId) refuse(Refusal.FORBIDDEN, 'Usulan ini ditangani kantor regional BKN lain');
      } else {
        if (d.actor.role !== DECIDER_ROLE.INSTANSI) refuse(Refusal.FORBIDDEN, `Perubahan ${c.area} adalah kewenangan instansi: hanya verifikator instansi yang dapat memutusnya`);
        const own = d.actor.instansiId === input.instansiId || (d.actor.delegatedInstansiIds ?? []).includes(input.instansiId);
        if (!own) refuse(Refusal.FORBIDDEN, 'Usulan ini milik instansi lain');
      }
      if (d.actor.userId === input.submittedBy) refuse(Refusal.FORBIDDEN, 'Pengusul tidak boleh memutus usulannya sendiri');
      if (d.action !== 'APPROVE' && d.action !== 'REJECT') refuse(Refusal.INVALID, 'Keputusan harus APPROVE atau REJECT');
      if (d.action === 'REJECT' && !d.reason?.trim()) refuse(Refusal.INVALID, 'Alasan wajib diisi untuk menolak perubahan');
    },
  });

  setHandler(withdrawPeremajaanUpdate, async (w) => {
    const key = await record('DITARIK', { to: PeremajaanStatus.DITARIK, actor: w.actor, catatan: w.alasan?.trim() || undefined, patch: { closeChanges: true, dueInMs: null } });
    await notify('DITARIK', `${key}:notify`, undefined, w.alasan);
    return { status };
  }, {
    validator: (w) => {
      if (w.actor.userId !== input.submittedBy) refuse(Refusal.FORBIDDEN, 'Hanya pengusul yang dapat menarik usulan ini');
      if (status !== PeremajaanStatus.MENUNGGU_VERIFIKASI) refuse(Refusal.WRONG_STATE, `Usulan berstatus ${status} dan tidak dapat ditarik`);
      if (decisions > 0) refuse(Refusal.WRONG_STATE, 'Usulan tidak dapat ditarik: sudah ada perubahan yang diputus verifikator');
    },
  });

  /** When the verification (or its round after a return) began: a deadline in hari kerja counts from that day. */
  let roundStartedMs = Date.now();
  /** Reminder and deadline of the current round: hari kerja on the office calendar when so configured (patched), else durations from now. */
  function slaTimes(): { reminderAtMs: number; deadlineMs: number } {
    const wd = input.sla.workingDays;
    return stepSchedule({
      nowMs: Date.now(), durationMs: input.sla.verificationMs, reminderBeforeMs: input.sla.reminderBeforeMs,
      workingDays: patched(WORKING_DAY_SLA_PATCH) && wd ? { startedMs: roundStartedMs, zone: wd.zone, days: wd.verification, reminderBefore: wd.reminderBefore } : undefined,
    });
  }
  const dueIn = () => slaTimes().deadlineMs - Date.now();

  /** Waits until every change is decided; a reminder before the deadline, an escalation after it, to whoever still owes a decision. */
  async function waitForDecisions() {
    const done = () => allDecided() || status !== PeremajaanStatus.MENUNGGU_VERIFIKASI;
    const t = slaTimes();
    if (await condition(done, Math.max(t.reminderAtMs - Date.now(), 0))) return;
    const remKey = await record('PENGINGAT_VERIFIKASI');
    await notify('PENGINGAT_VERIFIKASI', `${remKey}:notify`, pendingAuthorities());
    if (await condition(done, Math.max(t.deadlineMs - Date.now(), 0))) return;
    const escKey = await record('ESKALASI_VERIFIKASI', { patch: { slaBreached: true } });
    await notify('ESKALASI_VERIFIKASI', `${escKey}:notify`, pendingAuthorities());
    await condition(done);
  }

  // The deadline is set only if no decision or withdrawal got in first.
  const untouched = status === PeremajaanStatus.MENUNGGU_VERIFIKASI && decisions === 0;
  await record('DIAJUKAN', { first: true, patch: untouched ? { dueInMs: dueIn() } : undefined, data: { changes: changes.length } });

  while (status === PeremajaanStatus.MENUNGGU_VERIFIKASI) {
    await waitForDecisions();
    // A decision handler records its event before the apply reads the change rows.
    await condition(allHandlersFinished);
    if (status !== PeremajaanStatus.MENUNGGU_VERIFIKASI) break;

    const approved = changes.filter((c) => c.status === ChangeStatus.DISETUJUI);
    const returned: ChangeState[] = [];
    if (approved.length > 0) {
      const key = nextKey('PENERAPAN');
      const applyStep = step;
      const { results } = await guarded('PENERAPAN', () => effects.peremajaanApplyApprovedChanges({ usulanId: id, eventKey: key, step: applyStep, changeIds: approved.map((c) => c.id) }));
      for (const r of results) {
        const c = changes.find((x) => x.id === r.changeId)!;
        if (r.outcome === 'DITERAPKAN') {
          c.status = ChangeStatus.DITERAPKAN;
          timeline.push({ at: new Date().toISOString(), jenis: 'PERUBAHAN_DITERAPKAN', changeId: c.id });
        } else {
          c.status = ChangeStatus.KEMBALI_KE_VERIFIKATOR;
          c.oldValue = r.currentValue ?? null;
          c.decidedBy = undefined;
          c.reason = undefined;
          returned.push(c);
          timeline.push({ at: new Date().toISOString(), jenis: 'KEMBALI_KE_VERIFIKATOR', changeId: c.id, catatan: 'Data pegawai berubah sejak diusulkan' });
        }
      }
    }

    const outcomes: ChangeOutcomeNotice[] = changes
      .filter((c) => (c.status === ChangeStatus.DITERAPKAN || c.status === ChangeStatus.DITOLAK) && !notified.has(c.id))
      .map((c) => ({ changeId: c.id, outcome: c.status === ChangeStatus.DITERAPKAN ? 'DITERAPKAN' as const : 'DITOLAK' as const, reason: c.reason }));
    if (outcomes.length > 0) {
      await guarded('NOTIFIKASI_HASIL', () => notices.peremajaanNotifyOutcomes({ usulanId: id, outcomes }));
      for (const o of outcomes) notified.add(o.changeId);
    }

    if (returned.length > 0) {
      const catatan = `Data pegawai berubah sejak diusulkan; perlu diputus ulang: ${returned.map((c) => `${c.area}.${c.field}`).join(', ')}`;
      roundStartedMs = Date.now();
      const key = await record('KEMBALI_KE_VERIFIKATOR', { catatan, patch: { dueInMs: dueIn() }, data: { changeIds: returned.map((c) => c.id) } });
      await notify('KEMBALI_KE_VERIFIKATOR', `${key}:notify`, [...new Set(returned.map((c) => c.authority))], catatan);
      continue;
    }
    await record('SELESAI', { to: PeremajaanStatus.SELESAI, patch: { closeChanges: true, dueInMs: null } });
  }

  await condition(allHandlersFinished);
  return snapshot();
}
