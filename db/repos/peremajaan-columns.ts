import type { Kysely, Transaction } from 'kysely';
import type { Database, EmployeeTable } from '../types';
import type { PeremajaanArea } from '../../domain/peremajaan';

type EmployeeColumn = keyof EmployeeTable & string;

/**
 * Where an applied change lands. A field with a column on `employee` updates that column; every other field
 * (diklat, SKP, penghargaan, keluarga, organisasi, masa kerja, and the detail fields of the other areas) is kept as an
 * `employee_record_item`, whose latest row for (nip, area, field) is the current value.
 */
const EMPLOYEE_COLUMNS: Partial<Record<PeremajaanArea, Readonly<Record<string, EmployeeColumn>>>> = {
  DATA_PRIBADI: {
    nama: 'nama', tempatLahir: 'tempat_lahir', tanggalLahir: 'tanggal_lahir', jenisKelamin: 'jenis_kelamin', agama: 'agama',
    statusPerkawinan: 'status_perkawinan', alamat: 'alamat',
  },
  PENDIDIKAN: { tingkatPendidikan: 'pendidikan_level', namaSekolah: 'pendidikan_nama', gelarDepan: 'gelar_depan', gelarBelakang: 'gelar_belakang' },
  JABATAN: { jenisJabatan: 'jabatan_jenis', namaJabatan: 'jabatan_nama', jenjangFungsional: 'jf_level' },
  UNIT_KERJA: { unorId: 'unor_id' },
  GOLONGAN: { golongan: 'golongan_id', tmtGolongan: 'tmt_golongan', mkgTahun: 'mkg_tahun', mkgBulan: 'mkg_bulan' },
  STATUS_KEPEGAWAIAN: { statusKepegawaian: 'status_kepegawaian', tmtCpns: 'tmt_cpns' },
};

export function employeeColumnFor(area: string, field: string): EmployeeColumn | null {
  return EMPLOYEE_COLUMNS[area as PeremajaanArea]?.[field] ?? null;
}

/** Values are compared as JSON: a snapshot taken as 'III/a' was normalised to 31 before it was stored. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

type Executor = Kysely<Database> | Transaction<Database>;

/** The current value of each (area, field) of one person; keys are 'AREA.field'. */
export async function currentValues(db: Executor, nip: string, refs: readonly { area: string; field: string }[]): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const columns = [...new Set(refs.map((r) => employeeColumnFor(r.area, r.field)).filter((c): c is EmployeeColumn => c !== null))];
  const emp = columns.length
    ? await db.selectFrom('employee').select(columns).where('nip', '=', nip).executeTakeFirst() as Record<string, unknown> | undefined
    : undefined;
  for (const r of refs) {
    const col = employeeColumnFor(r.area, r.field);
    if (col) {
      out.set(`${r.area}.${r.field}`, normalise(emp?.[col]));
      continue;
    }
    const item = await db.selectFrom('employee_record_item').select('data')
      .where('nip', '=', nip).where('area', '=', r.area).where('field', '=', r.field)
      .orderBy('id', 'desc').limit(1).executeTakeFirst();
    out.set(`${r.area}.${r.field}`, normalise((item?.data as { value?: unknown } | undefined)?.value));
  }
  return out;
}

/** The current value of one (area, field) for many people at once (a collective change); keyed by NIP. */
export async function currentValueOfMany(db: Executor, nips: readonly string[], ref: { area: string; field: string }): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>(nips.map((n) => [n, null]));
  if (nips.length === 0) return out;
  const col = employeeColumnFor(ref.area, ref.field);
  if (col) {
    const rows = await db.selectFrom('employee').select(['nip', col]).where('nip', 'in', [...nips]).execute() as Record<string, unknown>[];
    for (const r of rows) out.set(String(r.nip), normalise(r[col]));
    return out;
  }
  const rows = await db.selectFrom('employee_record_item').select(['nip', 'data']).distinctOn('nip')
    .where('nip', 'in', [...nips]).where('area', '=', ref.area).where('field', '=', ref.field)
    .orderBy('nip').orderBy('id', 'desc').execute();
  for (const r of rows) out.set(r.nip, normalise((r.data as { value?: unknown } | undefined)?.value));
  return out;
}

/** Writes one applied change; the record item is unique per change, so a retried apply adds nothing. */
export async function writeValue(trx: Executor, c: { nip: string; area: string; field: string; usulanId: string; changeId: string; value: unknown }): Promise<void> {
  const col = employeeColumnFor(c.area, c.field);
  if (col) {
    await trx.updateTable('employee').set({ [col]: c.value, updated_at: new Date() } as never).where('nip', '=', c.nip).execute();
    return;
  }
  await trx.insertInto('employee_record_item').values({
    nip: c.nip, area: c.area, field: c.field, data: JSON.stringify({ value: c.value }), usulan_id: c.usulanId, change_id: c.changeId,
  }).onConflict((oc) => oc.column('change_id').doNothing()).execute();
}
