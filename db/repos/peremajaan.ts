import type { Db } from '../index';
import { writeOutboxIntents } from './siasn-outbox';
import type { ApplyInput, ApplyOutcome, ApplyResult, PeremajaanEventInput } from '../../workflows/peremajaan/contract';
import { isFinalPeremajaanStatus } from '../../domain/peremajaan-lifecycle';
import { currentValues, sameValue, writeValue } from './peremajaan-columns';
import { insertEventRow } from './usulan-events';

/**
 * Records one step of a peremajaan usulan: the event row (unique by event key) and the read-model change, in one
 * transaction. A retry finds the event already there and changes nothing.
 */
export async function recordPeremajaanEvent(db: Db, input: PeremajaanEventInput): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const inserted = await insertEventRow(trx, input);
    if (!inserted) return false;
    const p = input.patch ?? {};
    const final = isFinalPeremajaanStatus(input.to);
    const statusChange = input.changesStatus ? { status: input.to, is_open: !final, closed_at: final ? new Date() : null, last_step: input.step } : {};
    await trx.updateTable('usulan_peremajaan').set({
      ...statusChange,
      updated_at: new Date(),
      ...(input.catatan !== undefined ? { last_note: input.catatan } : {}),
      ...(p.dueInMs !== undefined ? { due_at: p.dueInMs === null ? null : new Date(Date.now() + p.dueInMs), sla_breached: false } : {}),
      ...(p.slaBreached ? { sla_breached: true } : {}),
      ...(p.stuck !== undefined ? { stuck_reason: p.stuck ? `${p.stuck.step}: ${p.stuck.reason}`.slice(0, 1000) : null, stuck_since: p.stuck ? new Date() : null } : {}),
    }).where('id', '=', input.usulanId)
      .$if(input.changesStatus, (qb) => qb.where('last_step', '<', input.step))
      .execute();
    if (p.change) {
      await trx.updateTable('peremajaan_change').set({
        status: p.change.status,
        decided_by: p.change.decidedBy,
        decided_by_nama: p.change.decidedByNama,
        reason: p.change.reason ?? null,
        decided_at: new Date(),
        // A rejected change no longer holds its field; an approved one does until it is applied.
        is_open: p.change.status !== 'DITOLAK',
      }).where('id', '=', p.change.id).where('usulan_id', '=', input.usulanId).execute();
    }
    if (p.closeChanges) {
      await trx.updateTable('peremajaan_change').set({ is_open: false }).where('usulan_id', '=', input.usulanId).where('is_open', '=', true).execute();
    }
    return true;
  });
}

/**
 * Applies the approved changes of one usulan in one transaction. A change whose snapshot no longer matches the
 * record is not applied: it goes back to its verifier with the current value as its new snapshot. The outcome is
 * stored on the event, so a retried activity returns the same answer without touching anything again.
 */
export async function applyApprovedChanges(db: Db, input: ApplyInput): Promise<ApplyResult> {
  return db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('usulan_event').values({
      usulan_id: input.usulanId, event_key: input.eventKey, jenis: 'PENERAPAN', actor_id: null, actor_nama: null,
      from_status: null, to_status: null, catatan: null, data: null,
    }).onConflict((oc) => oc.column('event_key').doNothing()).returning('id').executeTakeFirst();
    if (!inserted) {
      const ev = await trx.selectFrom('usulan_event').select('data').where('event_key', '=', input.eventKey).executeTakeFirstOrThrow();
      return ev.data as ApplyResult;
    }
    const u = await trx.selectFrom('usulan_peremajaan').select(['id', 'nip']).where('id', '=', input.usulanId).forUpdate().executeTakeFirstOrThrow();
    // The person's row is locked first, so two usulan applying to one person serialise here.
    await trx.selectFrom('employee').select('nip').where('nip', '=', u.nip).forUpdate().executeTakeFirstOrThrow();
    const rows = input.changeIds.length
      ? await trx.selectFrom('peremajaan_change').selectAll().where('usulan_id', '=', u.id).where('id', 'in', input.changeIds).orderBy('seq').forUpdate().execute()
      : [];
    const results: ApplyOutcome[] = [];
    for (const c of rows) {
      if (c.status === 'DITERAPKAN') {
        results.push({ changeId: c.id, outcome: 'DITERAPKAN' });
        continue;
      }
      if (c.status !== 'DISETUJUI') continue;
      const current = (await currentValues(trx, u.nip, [c])).get(`${c.area}.${c.field}`) ?? null;
      if (!sameValue(current, c.old_value)) {
        await trx.updateTable('peremajaan_change').set((eb) => ({
          status: 'KEMBALI_KE_VERIFIKATOR', old_value: JSON.stringify(current), decided_by: null, decided_by_nama: null, decided_at: null,
          reason: null, returned_count: eb('returned_count', '+', 1),
        })).where('id', '=', c.id).execute();
        results.push({ changeId: c.id, outcome: 'KEMBALI_KE_VERIFIKATOR', currentValue: current });
        continue;
      }
      await writeValue(trx, { nip: u.nip, area: c.area, field: c.field, usulanId: u.id, changeId: c.id, value: c.new_value });
      await trx.insertInto('employee_data_history').values({
        nip: u.nip, area: c.area, field: c.field, old_value: JSON.stringify(c.old_value ?? null), new_value: JSON.stringify(c.new_value),
        usulan_id: u.id, change_id: c.id, proposed_by: c.proposed_by, approved_by: c.decided_by ?? 'SISTEM',
      }).onConflict((oc) => oc.column('change_id').doNothing()).execute();
      await trx.updateTable('peremajaan_change').set({ status: 'DITERAPKAN', applied_at: new Date(), is_open: false }).where('id', '=', c.id).execute();
      // A change in the instansi's own authority that SIASN has a web service for goes to SIASN through the outbox;
      // BKN's own fields BKN already holds (it verified them).
      if (c.authority === 'INSTANSI' && SIASN_PUSHED_AREAS.has(c.area)) {
        const emp = await trx.selectFrom('employee').select('instansi_id').where('nip', '=', u.nip).executeTakeFirstOrThrow();
        await writeOutboxIntents(trx, [{ instansiId: emp.instansi_id, jenis: 'PEREMAJAAN', kunci: `PEREMAJAAN:${c.id}`, nip: u.nip, payload: { nip: u.nip, area: c.area, field: c.field, value: c.new_value, changeId: c.id } }]);
      }
      results.push({ changeId: c.id, outcome: 'DITERAPKAN' });
    }
    const result: ApplyResult = { results };
    await trx.updateTable('usulan_event').set({ data: JSON.stringify(result), to_status: null }).where('id', '=', inserted.id).execute();
    await trx.updateTable('usulan_peremajaan').set({ updated_at: new Date() }).where('id', '=', u.id).execute();
    return result;
  });
}

/** Areas SIASN takes from an agency over its web service (SIASN.md §6: data-utama-update, jabatan/save, skp22/save). */
const SIASN_PUSHED_AREAS: ReadonlySet<string> = new Set(['DATA_PRIBADI', 'JABATAN', 'SKP']);

/** The areas each person has an open peremajaan for (KP shows an open pendidikan or golongan change as a warning). */
export async function openPeremajaanAreas(db: Db, nips: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (nips.length === 0) return out;
  for (let i = 0; i < nips.length; i += 1000) {
    const rows = await db.selectFrom('peremajaan_change').select(['nip', 'area']).distinct()
      .where('is_open', '=', true).where('nip', 'in', nips.slice(i, i + 1000)).orderBy('nip').orderBy('area').execute();
    for (const r of rows) out.set(r.nip, [...(out.get(r.nip) ?? []), r.area]);
  }
  return out;
}

export interface OpenChangeRef {
  nip: string;
  area: string;
  field: string;
  usulanId: string;
}

/** The open changes touching any of these people's fields (the conflict check before an insert). */
export async function findOpenChanges(db: Db, nips: readonly string[]): Promise<OpenChangeRef[]> {
  if (nips.length === 0) return [];
  const rows = await db.selectFrom('peremajaan_change').select(['nip', 'area', 'field', 'usulan_id'])
    .where('is_open', '=', true).where('nip', 'in', [...nips]).execute();
  return rows.map((r) => ({ nip: r.nip, area: r.area, field: r.field, usulanId: r.usulan_id }));
}
