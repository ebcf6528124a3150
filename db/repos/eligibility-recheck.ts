import { sql, type Kysely } from 'kysely';
import { checkKpEligibility } from '../../domain/eligibility';
import { kpRuleVersionOfUsulan } from '../../domain/kp-rule-versions';
import { golonganById } from '../../domain/golongan';
import type { Database } from '../types';
import { loadEmployeeFacts } from './employee-facts';
import { loadKpRuleBook } from './kp-rule-versions';
import { insertEventRow } from './usulan-events';

/**
 * When a fact an open KP usulan was judged on changes (an import, later a SIASN pull), the usulan is judged again by
 * the version it runs under. A change that breaks it is written on the usulan (kelayakan_peringatan) and on its
 * timeline, where the operator and the verifier see it; a later change that mends it clears the warning, also on the
 * timeline. Nothing is decided automatically: the verifier still decides, now knowing.
 */
export interface KelayakanPeringatan { sejak: string; sumber: string; alasan: string[]; golonganTujuan: number | null }

export interface RecheckResult { checked: number; broken: number; mended: number }

export async function recheckOpenUsulan(db: Kysely<Database>, nips: readonly string[], cause: { key: string; sumber: string }): Promise<RecheckResult> {
  const out: RecheckResult = { checked: 0, broken: 0, mended: 0 };
  if (nips.length === 0) return out;
  const open = await db.selectFrom('usulan_kp').select(['id', 'nip', 'jenis_kp', 'periode', 'golongan_baru', 'rule_version', 'status', 'kelayakan_peringatan'])
    .where('nip', '=', sql<string>`ANY(${[...new Set(nips)]}::text[])`).where('is_open', '=', true).execute();
  if (open.length === 0) return out;
  const [facts, book] = await Promise.all([loadEmployeeFacts(db, open.map((u) => u.nip)), loadKpRuleBook(db)]);
  for (const u of open) {
    out.checked++;
    const f = facts.get(u.nip);
    const version = kpRuleVersionOfUsulan(u.rule_version, u.periode, book, true);
    const r = f ? checkKpEligibility(f, u.jenis_kp, u.periode, { ruleVersion: version }) : null;
    const alasan = !r ? ['Data pegawai tidak lagi lengkap untuk dinilai']
      : [...r.failures.map((x) => x.message), ...(r.eligible && r.targetGolonganId !== u.golongan_baru
        ? [`Golongan tujuan menurut data baru ${golonganById(r.targetGolonganId ?? 0)?.code ?? '-'}, usulan untuk ${golonganById(u.golongan_baru)?.code ?? u.golongan_baru}`] : [])];
    const before = u.kelayakan_peringatan as KelayakanPeringatan | null;
    await db.transaction().execute(async (trx) => {
      if (alasan.length > 0) {
        const same = before && JSON.stringify(before.alasan) === JSON.stringify(alasan);
        if (same) return;
        const peringatan: KelayakanPeringatan = { sejak: new Date().toISOString(), sumber: cause.sumber, alasan, golonganTujuan: r?.targetGolonganId ?? null };
        await trx.updateTable('usulan_kp').set({ kelayakan_peringatan: JSON.stringify(peringatan), updated_at: new Date() }).where('id', '=', u.id).execute();
        await insertEventRow(trx, {
          usulanId: u.id, eventKey: `kelayakan:${u.id}:${cause.key}`, jenis: 'KELAYAKAN_BERUBAH', from: u.status, to: u.status,
          catatan: `Data pegawai berubah (${cause.sumber}); usulan ini tidak lagi memenuhi syarat: ${alasan.join('; ')}`.slice(0, 2000),
          data: { alasan, sumber: cause.sumber },
        });
        out.broken++;
      } else if (before) {
        await trx.updateTable('usulan_kp').set({ kelayakan_peringatan: null, updated_at: new Date() }).where('id', '=', u.id).execute();
        await insertEventRow(trx, {
          usulanId: u.id, eventKey: `kelayakan-pulih:${u.id}:${cause.key}`, jenis: 'KELAYAKAN_PULIH', from: u.status, to: u.status,
          catatan: `Data pegawai berubah (${cause.sumber}); usulan ini kembali memenuhi syarat`,
        });
        out.mended++;
      }
    });
  }
  return out;
}
