import { randomUUID } from 'node:crypto';
import type { Db } from '../../db';
import { loadKpRuleBook } from '../../db/repos/kp-rule-versions';
import { kpRuleVersionFor } from '../../domain/kp-rule-versions';
import { aturanOf } from './rule-versions';
import { parseNip } from '../../domain/nip';
import { findKpType } from '../../domain/kp-types';
import { judgeKpReadiness } from './readiness';
import { isValidPeriod, isInWindow, submissionWindow } from '../../domain/periods';
import { signerFor } from '../../domain/signer-routing';
import { formatDateId } from '../../domain/dates';
import { AppError } from '../errors';
import type { Actor } from '../../domain/identity';
import { KpStatus } from '../../workflows/kp/contract';

export const MAX_NIPS_PER_SUBMISSION = 5000;

export interface SubmitInput {
  periode: string;
  jenisKp: number;
  nips: string[];
}

export interface SubmitItem {
  nip: string;
  status: 'DITERIMA' | 'DITAHAN';
  usulanId?: string;
  alasan?: { kode: string; pesan: string; regulasi?: string }[];
  peringatan?: string[];
}

export interface SubmitResult {
  batchId: string;
  periode: string;
  jenisKp: number;
  /** The KP rule version every NIP of this submission was judged by (the one in force for the period date). */
  aturan: { id: string; berlakuMulai: string; regulasi: string; ringkasan: string };
  total: number;
  diterima: number;
  ditahan: number;
  items: SubmitItem[];
}

/**
 * Checks every NIP of a collective submission and writes the accepted usulan in one transaction; the caller then
 * starts one workflow per accepted usulan. Nothing here waits on Temporal, so 5,000 NIPs answer in seconds.
 */
export async function submitCollective(db: Db, actor: Actor, input: SubmitInput, today: string): Promise<SubmitResult> {
  if (!actor.instansiId) throw new AppError('FORBIDDEN', 'Hanya operator instansi yang dapat mengajukan usulan');
  const jenis = findKpType(input.jenisKp);
  if (!jenis) throw new AppError('UNPROCESSABLE', `Jenis KP ${input.jenisKp} tidak dikenal`, [{ field: 'jenisKp', reason: 'jenis KP tidak dikenal' }]);
  if (!jenis.withinPeriods) {
    throw new AppError('UNPROCESSABLE', `${jenis.name} diusulkan di luar periode dan belum didukung oleh pengajuan kolektif`, [{ field: 'jenisKp', reason: 'jenis KP di luar periode' }]);
  }
  const period = isValidPeriod(input.periode);
  if (!period.ok) throw new AppError('UNPROCESSABLE', period.reason, [{ field: 'periode', reason: period.reason }]);
  if (!isInWindow(input.periode, today)) {
    const w = submissionWindow(input.periode);
    const reason = `Periode ${formatDateId(input.periode)} hanya dapat diusulkan tanggal ${formatDateId(w.opens)} s.d. ${formatDateId(w.closes)} (${w.regulation})`;
    throw new AppError('UNPROCESSABLE', reason, [{ field: 'periode', reason }]);
  }

  const seen = new Set<string>();
  const items: SubmitItem[] = [];
  const candidates: string[] = [];
  for (const raw of input.nips) {
    // Today's date rules out a NIP whose birth date or TMT CPNS lies in the future.
    const parsed = parseNip(raw, { today });
    if (!parsed.ok) {
      items.push({ nip: String(raw), status: 'DITAHAN', alasan: parsed.reasons.map((pesan) => ({ kode: 'NIP_TIDAK_VALID', pesan })) });
      continue;
    }
    if (seen.has(raw)) {
      items.push({ nip: raw, status: 'DITAHAN', alasan: [{ kode: 'NIP_GANDA', pesan: 'NIP tercantum lebih dari sekali dalam pengajuan ini' }] });
      continue;
    }
    seen.add(raw);
    candidates.push(raw);
    items.push({ nip: raw, status: 'DITAHAN' });
  }

  const employees = new Map((candidates.length ? await db.selectFrom('employee')
    .select(['nip', 'nama', 'instansi_id', 'golongan_id'])
    .where('nip', 'in', candidates).execute() : []).map((e) => [e.nip, e]));
  const inScope = candidates.filter((n) => employees.get(n)?.instansi_id === actor.instansiId);
  // One version for the whole submission: every NIP is judged by the rules in force for the period date.
  const ruleVersion = kpRuleVersionFor(input.periode, await loadKpRuleBook(db));
  const readiness = await judgeKpReadiness(db, inScope, { jenis: jenis.code, periode: input.periode, ruleVersion });
  const instansi = await db.selectFrom('instansi').select(['id', 'kanreg_id']).where('id', '=', actor.instansiId).executeTakeFirstOrThrow();
  const batchId = `B-${randomUUID()}`;
  const ym = input.periode.slice(0, 7).replace('-', '');
  const rows: Parameters<typeof insertUsulan>[1] = [];

  for (const item of items) {
    if (item.alasan) continue;
    const emp = employees.get(item.nip);
    // An employee of another instansi is reported like an unknown one: the operator learns nothing about them.
    if (!emp || emp.instansi_id !== actor.instansiId) {
      item.alasan = [{ kode: 'NIP_TIDAK_DITEMUKAN', pesan: 'NIP tidak terdaftar sebagai pegawai instansi Anda' }];
      continue;
    }
    const judged = readiness.get(item.nip);
    const f = judged?.facts;
    const elig = judged?.eligibility;
    if (!judged || !f || !elig) {
      item.alasan = [{ kode: 'DATA_TIDAK_LENGKAP', pesan: 'Data kepegawaian belum lengkap untuk dinilai' }];
      continue;
    }
    const alasan: NonNullable<SubmitItem['alasan']> = [];
    for (const r of elig.failures) alasan.push({ kode: r.rule, pesan: r.message, regulasi: r.regulation });
    for (const pesan of judged.missingBerkas) alasan.push({ kode: 'BERKAS_BELUM_LENGKAP', pesan });
    if (judged.openUsulanId) alasan.push({ kode: 'USULAN_MASIH_TERBUKA', pesan: `Masih ada usulan KP terbuka untuk periode ini: ${judged.openUsulanId}` });
    if (elig.warnings.length) item.peringatan = elig.warnings;
    if (alasan.length || elig.targetGolonganId === null) {
      item.alasan = alasan.length ? alasan : [{ kode: 'GOLONGAN_TUJUAN', pesan: 'Golongan tujuan tidak dapat ditentukan' }];
      continue;
    }
    const usulanId = `KP-${ym}-${item.nip}-${randomUUID().slice(0, 8)}`;
    item.status = 'DITERIMA';
    item.usulanId = usulanId;
    rows.push({
      id: usulanId, batch_id: batchId, nip: item.nip, nama: emp.nama, instansi_id: actor.instansiId, kanreg_id: instansi.kanreg_id,
      periode: input.periode, jenis_kp: jenis.siasnId!, status: KpStatus.MENUNGGU_PERSETUJUAN, golongan_lama: f.golonganId,
      golongan_baru: elig.targetGolonganId, penandatangan_sk: signerFor({ targetGolonganId: elig.targetGolonganId, jabatan: f.jabatan }).signer,
      submitted_by: actor.userId, rule_version: ruleVersion.id,
    });
  }

  const diterima = rows.length;
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('kp_batch').values({
      id: batchId, instansi_id: actor.instansiId!, operator_id: actor.userId, periode: input.periode, jenis_kp: jenis.siasnId!,
      total: items.length, accepted: diterima, held: items.length - diterima,
    }).execute();
    await insertUsulan(trx as unknown as Db, rows);
  }).catch((err: { code?: string; constraint?: string }) => {
    if (err.code === '23505' && err.constraint === 'usulan_kp_open_once') {
      throw new AppError('CONFLICT', 'Sebagian NIP baru saja diusulkan untuk periode yang sama oleh pengajuan lain; ulangi pengajuan untuk melihat rinciannya');
    }
    throw err;
  });
  return { batchId, periode: input.periode, jenisKp: jenis.siasnId!, aturan: aturanOf(ruleVersion), total: items.length, diterima, ditahan: items.length - diterima, items };
}

async function insertUsulan(db: Db, rows: {
  id: string; batch_id: string; nip: string; nama: string; instansi_id: string; kanreg_id: string; periode: string; jenis_kp: number;
  status: string; golongan_lama: number; golongan_baru: number; penandatangan_sk: 'PPK' | 'KEPALA_BKN' | 'PRESIDEN'; submitted_by: string;
  rule_version: string;
}[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insertInto('usulan_kp').values(rows.slice(i, i + 500)).execute();
  }
}
