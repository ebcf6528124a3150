import { compareIso, type IsoDate } from './dates';
import {
  DATASET_ORDER, recordWarnings, type AnyMasterRecord, type FieldProblem, type HukdisRecord, type MasterDataset, type PegawaiRecord, type UnorRecord,
} from './master-records';

/**
 * The checks of an import record against what is already known (the database, plus the records of the same job that
 * come before it), and the change it would make. One function for the dry run and for the apply, so the dry run
 * shows exactly what the apply will do.
 */
export interface KnownEmployee { instansiId: string; tanggalLahir: IsoDate; tmtCpns: IsoDate | null }
export interface KnownSanction { key: string; from: IsoDate; to: IsoDate | null }

export interface PlanContext {
  instansiId: string;
  employees: Map<string, KnownEmployee>;
  /** The instansi's unor by the id a source uses for it (its own id or the source id) → parent source id. */
  unor: Map<string, string | null>;
  sanctions: Map<string, KnownSanction[]>;
  /** The stored row of a record's key, projected onto the record's field names (see db/repos/master-data.ts). */
  existing: Map<string, Record<string, unknown>>;
}

export type PlanOutcome = 'BARU' | 'BERUBAH' | 'SAMA' | 'DITOLAK';
export interface FieldChange { field: string; lama: unknown; baru: unknown }
/** problems: the reasons of a refusal, or the warnings of an accepted record ("Peringatan: ..."). */
export interface PlannedRecord { outcome: PlanOutcome; problems: FieldProblem[]; changes: FieldChange[] }

export interface PlanInput { dataset: MasterDataset; key: string; record: AnyMasterRecord }

const sameValue = (a: unknown, b: unknown): boolean => {
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b) && a !== null && b !== null;
  return a === b;
};

/** Which fields would change; a field the record leaves out keeps its stored value (absent is not null). */
export function diffRecord(record: AnyMasterRecord, stored: Record<string, unknown> | undefined): FieldChange[] {
  if (!stored) return [];
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(record)) {
    if (value === undefined) continue;
    if (!sameValue(stored[field], value)) changes.push({ field, lama: stored[field] ?? null, baru: value });
  }
  return changes;
}

const overlaps = (a: { from: IsoDate; to: IsoDate | null }, b: { from: IsoDate; to: IsoDate | null }): boolean =>
  compareIso(a.from, b.to ?? '9999-12-31') <= 0 && compareIso(b.from, a.to ?? '9999-12-31') <= 0;

/** Plans records in apply order, updating the context as it goes, so later records see earlier ones of the same job. */
export function planRecords(inputs: readonly PlanInput[], ctx: PlanContext): PlannedRecord[] {
  const order = inputs.map((_, i) => i).sort((a, b) => DATASET_ORDER[inputs[a].dataset] - DATASET_ORDER[inputs[b].dataset] || a - b);
  const out: PlannedRecord[] = new Array(inputs.length);
  for (const i of order) out[i] = planOne(inputs[i], ctx);
  return out;
}

function planOne(input: PlanInput, ctx: PlanContext): PlannedRecord {
  const problems = contextProblems(input, ctx);
  if (problems.length > 0) return { outcome: 'DITOLAK', problems, changes: [] };
  const stored = ctx.existing.get(`${input.dataset}:${input.key}`);
  const changes = diffRecord(input.record, stored);
  const outcome: PlanOutcome = !stored ? 'BARU' : changes.length > 0 ? 'BERUBAH' : 'SAMA';
  remember(input, ctx);
  return { outcome, problems: recordWarnings(input.dataset, input.record), changes };
}

function remember(input: PlanInput, ctx: PlanContext): void {
  if (input.dataset === 'pegawai') {
    const p = input.record as PegawaiRecord;
    const before = ctx.employees.get(p.nip);
    ctx.employees.set(p.nip, {
      instansiId: p.instansi_id, tanggalLahir: p.tanggal_lahir, tmtCpns: p.tmt_cpns === undefined ? before?.tmtCpns ?? null : p.tmt_cpns ?? null,
    });
  } else if (input.dataset === 'unor') {
    const u = input.record as UnorRecord;
    ctx.unor.set(u.id, u.induk_id ?? null);
  } else if (input.dataset === 'hukdis') {
    const h = input.record as HukdisRecord;
    const list = (ctx.sanctions.get(h.nip) ?? []).filter((s) => s.key !== input.key);
    list.push({ key: input.key, from: h.tmt_mulai, to: h.tmt_selesai ?? null });
    ctx.sanctions.set(h.nip, list);
  }
  ctx.existing.set(`${input.dataset}:${input.key}`, { ...(ctx.existing.get(`${input.dataset}:${input.key}`) ?? {}), ...definedOnly(input.record) });
}

const definedOnly = (r: AnyMasterRecord): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined));

function contextProblems(input: PlanInput, ctx: PlanContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const r = input.record as unknown as Record<string, unknown>;
  if (input.dataset === 'unor') {
    const u = input.record as UnorRecord;
    if (u.induk_id) {
      if (u.induk_id === u.id) problems.push({ field: 'induk_id', reason: 'Unor tidak boleh menjadi induk bagi dirinya sendiri' });
      else if (!ctx.unor.has(u.induk_id)) problems.push({ field: 'induk_id', reason: `Unor induk "${u.induk_id}" tidak dikenal di instansi ini (kirim unor induk lebih dulu)` });
      else {
        // Walking up from the parent must never reach this unor again.
        let cur: string | null | undefined = u.induk_id;
        for (let steps = 0; cur && steps < 1000; steps++) {
          if (cur === u.id) { problems.push({ field: 'induk_id', reason: `Unor induk "${u.induk_id}" membuat pohon unit kerja melingkar` }); break; }
          cur = ctx.unor.get(cur);
        }
      }
    }
    return problems;
  }
  const nip = r.nip as string;
  if (input.dataset === 'pegawai') {
    const p = input.record as PegawaiRecord;
    if (p.instansi_id !== ctx.instansiId) problems.push({ field: 'instansi_id', reason: `Rekaman untuk instansi ${p.instansi_id}; token/berkas ini hanya untuk instansi ${ctx.instansiId}` });
    const known = ctx.employees.get(nip);
    if (known && known.instansiId !== ctx.instansiId) problems.push({ field: 'nip', reason: `NIP ${nip} terdaftar di instansi lain; perpindahan instansi tidak dilakukan lewat impor` });
    if (p.unor_id && !ctx.unor.has(p.unor_id)) problems.push({ field: 'unor_id', reason: `Unit organisasi "${p.unor_id}" tidak dikenal di instansi ini` });
    return problems;
  }
  const known = ctx.employees.get(nip);
  if (!known) return [{ field: 'nip', reason: `NIP ${nip} belum terdaftar; kirim data utama pegawainya lebih dulu` }];
  if (known.instansiId !== ctx.instansiId) return [{ field: 'nip', reason: `NIP ${nip} terdaftar di instansi lain` }];
  const beforeCpns = (field: string, d: unknown, label: string): void => {
    if (known.tmtCpns && typeof d === 'string' && compareIso(d, known.tmtCpns) < 0) problems.push({ field, reason: `${label} ${d} sebelum TMT CPNS ${known.tmtCpns}` });
  };
  const beforeBirth = (field: string, d: unknown, label: string): void => {
    if (typeof d === 'string' && compareIso(d, known.tanggalLahir) <= 0) problems.push({ field, reason: `${label} ${d} tidak mungkin sebelum tanggal lahir ${known.tanggalLahir}` });
  };
  switch (input.dataset) {
    case 'riwayat_golongan': beforeCpns('tmt', r.tmt, 'TMT golongan'); beforeBirth('tmt', r.tmt, 'TMT golongan'); break;
    case 'jabatan':
      beforeCpns('tmt', r.tmt, 'TMT jabatan');
      if (r.unor_id && !ctx.unor.has(r.unor_id as string)) problems.push({ field: 'unor_id', reason: `Unit organisasi "${String(r.unor_id)}" tidak dikenal di instansi ini` });
      break;
    case 'pendidikan':
      if (typeof r.tahun_lulus === 'number' && r.tahun_lulus < Number(known.tanggalLahir.slice(0, 4)) + 5) problems.push({ field: 'tahun_lulus', reason: `Tahun lulus ${r.tahun_lulus} tidak mungkin untuk yang lahir ${known.tanggalLahir}` });
      break;
    case 'skp': case 'kinerja':
      if (known.tmtCpns && (r.tahun as number) < Number(known.tmtCpns.slice(0, 4))) problems.push({ field: 'tahun', reason: `Penilaian tahun ${String(r.tahun)} sebelum TMT CPNS ${known.tmtCpns}` });
      break;
    case 'angka_kredit': beforeCpns('sk_tanggal', r.sk_tanggal, 'Tanggal SK angka kredit'); break;
    case 'hukdis': {
      const h = input.record as HukdisRecord;
      beforeCpns('tmt_mulai', h.tmt_mulai, 'TMT hukuman');
      const mine = { from: h.tmt_mulai, to: h.tmt_selesai ?? null };
      const clash = (ctx.sanctions.get(nip) ?? []).find((s) => s.key !== input.key && overlaps(s, mine));
      if (clash) problems.push({ field: 'tmt_mulai', reason: `Masa hukuman ${h.tmt_mulai} s.d. ${h.tmt_selesai ?? 'tanpa batas'} tumpang tindih dengan hukuman lain (${clash.from} s.d. ${clash.to ?? 'tanpa batas'})` });
      break;
    }
    default: break;
  }
  return problems;
}
