import {
  allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, workflowInfo, ApplicationFailure,
} from '@temporalio/workflow';
import { stepSchedule } from '../../domain/working-days';
import { KP_CONTINUE_AS_NEW_PATCH, WORKING_DAY_SLA_PATCH } from '../patches';
import { documentsQueueOf } from '../task-queues';
import type { KpActivities, KpDocumentActivities, KpNotificationKind, TransitionInput } from './contract';
import {
  approverDecisionUpdate, verifierDecisionUpdate, resubmitUpdate, withdrawUpdate, skSignedUpdate, keppresIssuedSignal, stateQuery,
  beginSigningUpdate, abandonSigningUpdate, retryStuckStepSignal, isFinalStatus, KpStatus, SIGNING_HOLD_MS, KP_HISTORY_LIMIT,
  type ActorRef, type KpState, type KpTimelineEntry, type KpWorkflowInput, type KeppresIssued, type SkSigned, type SignedStep, type SigningHold,
} from './contract';
import { Refusal } from '../../domain/refusal';
import { KP_ACTIONS, skSignerRoles, wrongStateReason, type KpAction, type KpEventKind } from '../../domain/kp-lifecycle';
import { stopAndSurface } from '../stop-and-surface';
import { DOCUMENTS, EXTERNAL_EFFECTS, NOTIFICATIONS, READ_MODEL_WRITES, STUCK_RETRY_MS, SURFACING } from '../activity-options';

/**
 * Each kind of effect runs with its option set (workflows/activity-options.ts): read-model writes, notifications,
 * document work and effects on the person's record each have a retry budget, and a failure beyond it, or one the
 * activity marks permanent, stops that step visibly (guarded: LANGKAH_MACET) until an administrator retries it or the
 * periodic retry heals it. Only the stop-and-surface record itself retries without limit.
 */
const acts = proxyActivities<Pick<KpActivities, 'recordTransition' | 'recordEvent'>>(READ_MODEL_WRITES);
const notices = proxyActivities<Pick<KpActivities, 'notifyKp'>>(NOTIFICATIONS);
const effects = proxyActivities<Pick<KpActivities, 'applyPromotion'>>(EXTERNAL_EFFECTS);
const surfacing = proxyActivities<Pick<KpActivities, 'recordEvent'>>(SURFACING);

function refuse(message: string, type: Refusal = Refusal.INVALID): never {
  // Thrown from a validator, this refuses the update before anything is written to history.
  throw ApplicationFailure.create({ message, nonRetryable: true, type });
}

export async function kpUsulanWorkflow(input: KpWorkflowInput): Promise<KpState> {
  const docs = proxyActivities<KpDocumentActivities>({ ...DOCUMENTS, taskQueue: documentsQueueOf(workflowInfo().taskQueue) });
  const id = input.usulanId;
  // A run continuing an earlier one (continue-as-new in a long BTS loop) starts from the state it was handed.
  const carried = input.carried;
  let status = carried?.status ?? KpStatus.MENUNGGU_PERSETUJUAN as KpStatus;
  // Step 1 is the submission's own event: an update handled in the first workflow task may run before it is recorded.
  let step = carried?.step ?? 1;
  /** Counts status changes only: a reminder note must not look like the usulan moved on. */
  let transitions = 0;
  let btsCount = carried?.btsCount ?? 0;
  const timeline: KpTimelineEntry[] = carried ? [...carried.timeline] : [];
  let pertek: KpState['pertek'] = carried?.pertek;
  let sk: KpState['sk'] = carried?.sk;
  let skSigned: SkSigned | undefined;
  let keppres: KeppresIssued | undefined;
  let skSignerUserId: string | undefined = carried?.skSignerUserId;
  let hold: SigningHold | undefined;
  /** When the current step began: a deadline in hari kerja counts from that day. */
  let stepStartedMs = carried?.stepStartedMs ?? Date.now();

  const nextKey = (jenis: string) => `${id}:${++step}:${jenis}`;

  /** Changes state synchronously (so a concurrent update's validator already sees it), then records it. */
  async function transition(to: KpStatus, jenis: KpEventKind, actor?: ActorRef, catatan?: string, patch?: TransitionInput['patch'], data?: Record<string, unknown>) {
    const from = status;
    status = to;
    transitions += 1;
    stepStartedMs = Date.now();
    const eventKey = nextKey(jenis);
    timeline.push({ at: new Date().toISOString(), jenis, status: to, actor: actor?.nama, catatan });
    const input: TransitionInput = { usulanId: id, eventKey, step, jenis, from, to, actor: actor && { userId: actor.userId, nama: actor.nama }, catatan, patch, data };
    await guarded(jenis, () => acts.recordTransition(input));
  }

  /** A timeline note: its key and step are taken at once, so the order of the timeline is the order of the code. */
  function noteInput(jenis: KpEventKind, catatan?: string, patch?: TransitionInput['patch'], actor?: ActorRef, data?: Record<string, unknown>, first = false) {
    const eventKey = first ? `${id}:1:${jenis}` : nextKey(jenis);
    timeline.push({ at: new Date().toISOString(), jenis, status, actor: actor?.nama, catatan });
    return { usulanId: id, eventKey, step: first ? 1 : step, jenis, status, catatan, patch, actor: actor && { userId: actor.userId, nama: actor.nama }, data };
  }

  const surface = stopAndSurface({
    record: (jenis, catatan, stuck) => {
      const e = noteInput(jenis, catatan, { stuck });
      return surfacing.recordEvent(e).then(() => e.eventKey);
    },
    notifyStuck: (eventKey, catatan) => notices.notifyKp({ usulanId: id, eventKey, kind: 'LANGKAH_MACET', catatan }),
    retryAfterMs: STUCK_RETRY_MS,
  });
  const guarded = surface.guarded;

  async function note(jenis: KpEventKind, catatan?: string, patch?: TransitionInput['patch'], actor?: ActorRef, data?: Record<string, unknown>, first = false) {
    const input = noteInput(jenis, catatan, patch, actor, data, first);
    await guarded(jenis, () => acts.recordEvent(input));
    return input.eventKey;
  }

  async function notify(kind: KpNotificationKind, eventKey: string, catatan?: string) {
    await guarded(`NOTIFIKASI_${kind}`, () => notices.notifyKp({ usulanId: id, eventKey, kind, catatan }));
  }

  /** The lifecycle's rule for a step (domain/kp-lifecycle.ts): the actor's role, then the usulan's state. */
  const requireAction = (actor: ActorRef, action: KpAction, roles: readonly string[] = KP_ACTIONS[action].roles) => {
    if (!roles.includes(actor.role)) refuse(`Peran ${actor.role} tidak berwenang untuk langkah ini`, Refusal.FORBIDDEN);
    const from: readonly KpStatus[] = KP_ACTIONS[action].from;
    if (!from.includes(status)) refuse(wrongStateReason(action, status), Refusal.WRONG_STATE);
  };

  setHandler(stateQuery, () => ({ usulanId: id, status, btsCount, timeline, sk: sk && { ...sk, signerUserId: skSignerUserId }, pertek, stuck: surface.current() }));

  /**
   * Who may take a step now: the instansi's decision (APPROVAL), BKN's verification (PERTEK) or the SK. The decisions'
   * validators and the signing hold read the same rules, so a step that would be refused is refused before signing.
   */
  const validateSignedStep = (step: SignedStep, actor: ActorRef) => {
    if (step === 'APPROVAL') {
      requireAction(actor, 'APPROVE');
      if (actor.userId === input.submittedBy) refuse('Pengusul tidak boleh menyetujui usulannya sendiri', Refusal.FORBIDDEN);
    } else if (step === 'PERTEK') {
      requireAction(actor, 'MS');
    } else {
      requireAction(actor, 'SIGN_SK', skSignerRoles(input.penandatangan));
      if (!sk || !skSignerUserId) refuse('Draf SK belum siap untuk ditandatangani', Refusal.WRONG_STATE);
      if (skSigned) refuse('SK sudah ditandatangani', Refusal.WRONG_STATE);
      if (actor.userId !== skSignerUserId && actor.onBehalfOf !== skSignerUserId) {
        refuse('SK ini disiapkan untuk pejabat lain; hanya pejabat yang tercantum (atau Plt/Plh-nya yang sedang berlaku) yang dapat menandatangani', Refusal.FORBIDDEN);
      }
    }
  };
  const holdActive = () => hold !== undefined && hold.expiresAtMs > Date.now();
  /** The commit of a signed step: only the attempt that holds the step, by the same official. */
  const requireHold = (step: SignedStep, actor: ActorRef, attemptId: string | undefined) => {
    if (!attemptId || !hold || hold.attemptId !== attemptId || hold.step !== step || hold.userId !== actor.userId) {
      refuse('Tanda tangan ini tidak dibuat untuk langkah yang sedang berjalan; ulangi penandatanganan', Refusal.WRONG_STATE);
    }
  };

  setHandler(beginSigningUpdate, (r) => {
    if (hold?.attemptId !== r.attemptId) hold = { attemptId: r.attemptId, step: r.step, userId: r.actor.userId, expiresAtMs: Date.now() + SIGNING_HOLD_MS };
    return hold;
  }, {
    validator: (r) => {
      validateSignedStep(r.step, r.actor);
      if (hold && hold.attemptId === r.attemptId && hold.userId !== r.actor.userId) refuse('Percobaan tanda tangan milik pejabat lain', Refusal.FORBIDDEN);
      if (hold && hold.attemptId !== r.attemptId && holdActive()) refuse('Langkah ini sedang ditandatangani dalam permintaan lain; coba lagi sebentar lagi', Refusal.WRONG_STATE);
    },
  });

  setHandler(abandonSigningUpdate, (a) => {
    if (hold?.attemptId === a.attemptId && hold.userId === a.actor.userId) hold = undefined;
  });

  setHandler(retryStuckStepSignal, () => {
    surface.requestRetry();
  });

  setHandler(approverDecisionUpdate, async (d) => {
    if (d.action === 'APPROVE') hold = undefined;
    const to = d.action === 'APPROVE' ? KpStatus.MENUNGGU_VERIFIKASI : d.action === 'RETURN' ? KpStatus.DIKEMBALIKAN_KE_OPERATOR : KpStatus.DITOLAK_INSTANSI;
    const jenis = d.action === 'APPROVE' ? 'DISETUJUI_INSTANSI' : d.action === 'RETURN' ? 'DIKEMBALIKAN_INSTANSI' : 'DITOLAK_INSTANSI';
    await transition(to, jenis, d.actor, d.catatan, {
      approvedBy: d.action === 'APPROVE' ? d.actor.userId : undefined,
      dueInMs: to === KpStatus.MENUNGGU_VERIFIKASI ? dueIn('verification') : null,
      activateDocumentId: d.signed?.documentId,
    }, d.signed ? { documentId: d.signed.documentId, sha256: d.signed.sha256 } : undefined);
    if (d.action === 'RETURN') await notify('DIKEMBALIKAN', `${id}:${step}:notify`, d.catatan);
    if (d.action === 'REJECT') await notify('DITOLAK_INSTANSI', `${id}:${step}:notify`, d.catatan);
    return { status: to };
  }, {
    validator: (d) => {
      validateSignedStep('APPROVAL', d.actor);
      if (d.action === 'APPROVE' && !d.signed) refuse('Persetujuan harus ditandatangani secara elektronik');
      if (d.action === 'APPROVE') requireHold('APPROVAL', d.actor, d.signed?.attemptId);
      if (d.action !== 'APPROVE' && !d.catatan?.trim()) refuse('Alasan wajib diisi untuk mengembalikan atau menolak usulan');
    },
  });

  setHandler(verifierDecisionUpdate, async (d) => {
    if (d.action === 'MS') {
      hold = undefined;
      const p = d.pertek!;
      pertek = { nomor: p.nomor, tanggal: p.tanggal, documentId: p.documentId };
      const to = input.penandatangan === 'PRESIDEN' ? KpStatus.MENUNGGU_KEPPRES : KpStatus.MENUNGGU_TTE_SK;
      await transition(to, 'MS', d.actor, d.catatan, { pertek, releaseClaim: true, dueInMs: null, activateDocumentId: p.documentId }, { alasan: d.alasan, documentId: p.documentId });
    } else if (d.action === 'BTS') {
      btsCount += 1;
      await transition(KpStatus.BTS, 'BTS', d.actor, d.catatan, { btsCount, releaseClaim: true, dueInMs: null }, { alasan: d.alasan });
      await notify('BTS', `${id}:${step}:notify`, [...d.alasan, d.catatan ?? ''].filter(Boolean).join('; '));
    } else {
      await transition(KpStatus.TMS, 'TMS', d.actor, d.catatan, { releaseClaim: true, dueInMs: null }, { alasan: d.alasan });
      await notify('TMS', `${id}:${step}:notify`, [...d.alasan, d.catatan ?? ''].filter(Boolean).join('; '));
    }
    return { status };
  }, {
    validator: (d) => {
      validateSignedStep('PERTEK', d.actor);
      if (d.action === 'MS' && !d.pertek) refuse('Keputusan MS memerlukan Pertek yang telah ditandatangani');
      if (d.action === 'MS') requireHold('PERTEK', d.actor, d.pertek?.attemptId);
      if (d.action !== 'MS' && d.alasan.length === 0) refuse('Keputusan BTS/TMS memerlukan minimal satu alasan dari daftar referensi');
    },
  });

  setHandler(resubmitUpdate, async (r) => {
    const to = status === KpStatus.BTS ? KpStatus.MENUNGGU_VERIFIKASI : KpStatus.MENUNGGU_PERSETUJUAN;
    await transition(to, 'DIAJUKAN_ULANG', r.actor, r.catatan, { dueInMs: dueIn(to === KpStatus.MENUNGGU_VERIFIKASI ? 'verification' : 'approval') });
    return { status: to };
  }, {
    validator: (r) => {
      requireAction(r.actor, 'RESUBMIT');
      // The verifier reads what was fixed: a resubmission without the operator's own note is not one.
      if (!r.catatan?.trim()) refuse('Catatan perbaikan wajib diisi: tuliskan apa yang sudah diperbaiki sebelum mengajukan ulang');
    },
  });

  setHandler(withdrawUpdate, async (w) => {
    await transition(KpStatus.DITARIK, 'DITARIK', w.actor, w.alasan, { releaseClaim: true, dueInMs: null });
    await notify('DITARIK', `${id}:${step}:notify`, w.alasan);
    return { status };
  }, {
    validator: (w) => {
      requireAction(w.actor, 'WITHDRAW');
      if (!w.alasan?.trim()) refuse('Alasan penarikan wajib diisi');
    },
  });

  setHandler(skSignedUpdate, async (s) => {
    skSigned = s;
    hold = undefined;
    sk = { nomor: s.nomor, tanggal: s.tanggal, documentId: s.documentId };
    await note('SK_DITANDATANGANI', undefined, { activateDocumentId: s.documentId }, s.actor, { documentId: s.documentId, nomor: s.nomor, tanggal: s.tanggal });
    return { status };
  }, {
    validator: (s) => {
      validateSignedStep('SK', s.actor);
      requireHold('SK', s.actor, s.attemptId);
    },
  });

  setHandler(keppresIssuedSignal, (k) => {
    if (status === KpStatus.MENUNGGU_KEPPRES && !keppres) keppres = k;
  });

  /** A step's reminder and deadline (domain/working-days.ts); hari kerja only on the patched path. */
  function slaTimes(kind: 'approval' | 'verification'): { reminderAtMs: number; deadlineMs: number } {
    const wd = input.sla.workingDays;
    return stepSchedule({
      nowMs: Date.now(), durationMs: kind === 'approval' ? input.sla.approvalMs : input.sla.verificationMs, reminderBeforeMs: input.sla.reminderBeforeMs,
      workingDays: patched(WORKING_DAY_SLA_PATCH) && wd
        ? { startedMs: stepStartedMs, zone: kind === 'approval' ? wd.instansiZone : wd.kanregZone, days: wd[kind], reminderBefore: wd.reminderBefore }
        : undefined,
    });
  }

  /** The read model's deadline for a step beginning now. */
  function dueIn(kind: 'approval' | 'verification'): number {
    return slaTimes(kind).deadlineMs - Date.now();
  }

  /** Waits while the usulan stays in this step; a reminder before the deadline, an escalation after it. */
  async function waitWithSla(kind: 'approval' | 'verification', reminder: KpNotificationKind & KpEventKind, escalation: KpNotificationKind & KpEventKind, done: () => boolean) {
    const entered = transitions;
    const moved = () => transitions !== entered || done();
    const t = slaTimes(kind);
    if (await condition(moved, Math.max(t.reminderAtMs - Date.now(), 0))) return;
    const remKey = await note(reminder);
    await notify(reminder, `${remKey}:notify`);
    if (await condition(moved, Math.max(t.deadlineMs - Date.now(), 0))) return;
    const escKey = await note(escalation, undefined, { slaBreached: true });
    await notify(escalation, `${escKey}:notify`);
    await condition(moved);
  }

  // The deadline is set only if no decision got in first; a continued run's submission is long recorded.
  if (!carried) await note('DIAJUKAN', undefined, transitions === 0 ? { dueInMs: dueIn('approval') } : undefined, undefined, undefined, true);

  /** A long history (many BTS rounds) continues as new while the usulan waits on a return: nothing is in flight then. */
  const historyIsLong = () => patched(KP_CONTINUE_AS_NEW_PATCH)
    && (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength >= (input.historyLimit ?? KP_HISTORY_LIMIT));

  while (!isFinalStatus(status)) {
    // A decision handler records its transition before the next step's effects read it.
    await condition(allHandlersFinished);
    switch (status) {
      case KpStatus.MENUNGGU_PERSETUJUAN:
        await waitWithSla('approval', 'PENGINGAT_PERSETUJUAN', 'ESKALASI_PERSETUJUAN', () => false);
        break;
      case KpStatus.MENUNGGU_VERIFIKASI:
        await waitWithSla('verification', 'PENGINGAT_VERIFIKASI', 'ESKALASI_VERIFIKASI', () => false);
        break;
      case KpStatus.DIKEMBALIKAN_KE_OPERATOR:
      case KpStatus.BTS: {
        if (historyIsLong()) {
          await condition(allHandlersFinished);
          // A resubmission that got in meanwhile is handled here, not handed over half-done.
          if (status === KpStatus.DIKEMBALIKAN_KE_OPERATOR || status === KpStatus.BTS) {
            return continueAsNew<typeof kpUsulanWorkflow>({
              ...input,
              carried: { status, step, btsCount, timeline, pertek, sk, skSignerUserId, stepStartedMs },
            });
          }
          break;
        }
        const entered = transitions;
        await condition(() => transitions !== entered);
        break;
      }
      case KpStatus.MENUNGGU_TTE_SK: {
        if (!sk) {
          const draft = await guarded('DRAF_SK', () => docs.prepareSkDraft({ usulanId: id }));
          skSignerUserId = draft.signerUserId;
          sk = { nomor: draft.nomor, tanggal: draft.tanggal };
          // Signing the SK is a step of its own: its deadline counts from the draft.
          stepStartedMs = Date.now();
          await note('DRAF_SK_SIAP', `Nomor SK ${draft.nomor}`, { dueInMs: dueIn('approval'), skDraft: { signerUserId: draft.signerUserId, sha256: draft.draftSha256 } });
        }
        await waitWithSla('approval', 'PENGINGAT_TTE_SK', 'ESKALASI_TTE_SK', () => skSigned !== undefined);
        if (skSigned) {
          // The commit's own record (which makes the SK the standing decree) lands before the promotion reads it.
          await condition(allHandlersFinished);
          await finish(skSigned.nomor, skSigned.tanggal, skSigned.documentId);
        }
        break;
      }
      case KpStatus.MENUNGGU_KEPPRES: {
        let decree: KeppresIssued | undefined;
        while (!(decree = keppres)) {
          if (await condition(() => keppres !== undefined, input.sla.keppresReminderMs)) continue;
          const key = await note('PENGINGAT_KEPPRES');
          await notify('PENGINGAT_KEPPRES', `${key}:notify`);
        }
        sk = { nomor: decree.nomor, tanggal: decree.tanggal };
        await note('KEPPRES_TERBIT', `Keppres ${decree.nomor} tanggal ${decree.tanggal}`);
        await finish(decree.nomor, decree.tanggal);
        break;
      }
      default:
        throw ApplicationFailure.nonRetryable(`Status tidak dikenal: ${status}`);
    }
  }

  async function finish(skNomor: string, skTanggal: string, skDocumentId?: string) {
    await guarded('PENETAPAN', () => effects.applyPromotion({ usulanId: id, skNomor, skTanggal, skDocumentId }));
    await transition(KpStatus.SELESAI, 'SELESAI', undefined, `SK ${skNomor}`);
    await notify('SELESAI', `${id}:${step}:notify`);
  }

  await condition(allHandlersFinished);
  return { usulanId: id, status, btsCount, timeline, sk, pertek };
}

