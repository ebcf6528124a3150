import { hashPassword as apiHashPassword } from '../../identity/passwords';
import { sql, type Kysely } from 'kysely';
import { addDays, type IsoDate } from '../../domain/dates';
import { DOCUMENT_TYPES, type DocumentCode } from '../../domain/documents';
import type { Database } from '../types';
import { berkasFilename, berkasFor, berkasId, demoBlob } from './documents';
import { demoPlan, demoReference, materialize, type DemoCase, type DemoReference } from './employees';
import { DEMO_INSTANSI, DEMO_KANREG } from './organisations';
import { demoSimpegRecords } from './simpeg-file';
import { applyImportChunk, setImportJobStatus, stageImportJob, type RawImportRecord } from '../repos/master-data';
import { DEMO_DELEGATION, DEMO_USERS } from './users';

/** The golongan (IV/b) recorded for every demo employee's direct superior. */
const DEMO_SUPERIOR_GOLONGAN = 42;
import { DEFAULT_OFFICE_ZONE, todayIn } from '../../domain/office-clock';

export { DEMO_INSTANSI, DEMO_KANREG, DEMO_UNOR } from './organisations';
export {
  ADMIN_PASSWORD, DEMO_DELEGATION, DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_SIGNERS, DEMO_TTE_PASSPHRASE, DEMO_USERS,
  EMPLOYEE_LOGIN_CASES, demoTotpSecret, type DemoSigner, type DemoUser,
} from './users';
export { demoReference, EARLIEST_SUPPORTED_TODAY, type DemoCase, type DemoReference } from './employees';

/** The deliberate cases (eligible and not, for every reason DOMAIN.md lists), with their NIPs; see README.md. */
export const DEMO_CASES: readonly DemoCase[] = demoPlan().cases;

export interface SeedOptions {
  /** Reference date 'YYYY-MM-DD' the dates are laid out from; default: today in Asia/Jakarta. */
  today?: IsoDate;
  /** Stores a berkas PDF in the blob store; without it only the document rows (with the real hashes) are written. */
  putBlob?: (bytes: Uint8Array) => Promise<{ sha256: string; size: number }>;
  /** Defaults to the API's argon2id helper (api/auth/passwords.ts). */
  hashPassword?: (password: string) => Promise<string>;
}

export interface SeedResult {
  reference: DemoReference;
  /** Rows written by this run, per table (0 everywhere on a second run). */
  inserted: Record<string, number>;
  ms: number;
}

export const SEED_TABLES = [
  'kanreg', 'instansi', 'unor', 'employee', 'employee_golongan_history', 'employee_education', 'employee_rating',
  'employee_sanction', 'employee_stlud', 'employee_kp_extra', 'app_user', 'delegation', 'document',
] as const;

export function todayInJakarta(now: Date = new Date()): IsoDate {
  return todayIn(DEFAULT_OFFICE_ZONE, now);
}

/**
 * Writes the demo data in one transaction. Idempotent: rows are keyed (ON CONFLICT DO NOTHING), and an employee's
 * history, education, ratings and berkas are written only together with the employee row, so a second run inserts
 * nothing. Deterministic: the same `today` gives the same rows (password hashes apart, which are salted).
 */
export async function seedDemo(db: Kysely<Database>, opts: SeedOptions = {}): Promise<SeedResult> {
  const started = Date.now();
  const today = opts.today ?? todayInJakarta();
  const ref = demoReference(today);
  const plan = demoPlan();
  const states = new Map(plan.employees.map((e) => [e.nip, materialize(e, ref)]));

  const codes = new Set<DocumentCode>();
  const berkas = plan.employees.map((e) => {
    const items = berkasFor(e, states.get(e.nip)!);
    for (const i of items) codes.add(i.code);
    return { e, items };
  });
  const blobs = new Map<DocumentCode, { sha256: string; size: number }>();
  await Promise.all([...codes].map(async (code) => {
    const b = await demoBlob(code);
    if (opts.putBlob) {
      const stored = await opts.putBlob(b.bytes);
      if (stored.sha256 !== b.sha256) throw new Error(`blob store returned ${stored.sha256} for ${code}, expected ${b.sha256}`);
    }
    blobs.set(code, { sha256: b.sha256, size: b.size });
  }));

  // Hash only for users that do not exist yet, and once per password: argon2 is slow on purpose (~25 ms a hash), and
  // the demo passwords are published anyway, so accounts sharing one also share its salted hash.
  const existing = new Set((await db.selectFrom('app_user').select('username')
    .where('username', 'in', DEMO_USERS.map((u) => u.username)).execute()).map((r) => r.username));
  const hashPassword = opts.hashPassword ?? apiHashPassword;
  const toCreate = DEMO_USERS.filter((u) => !existing.has(u.username));
  const byPassword = new Map(await Promise.all([...new Set(toCreate.map((u) => u.password))]
    .map(async (pw) => [pw, await hashPassword(pw)] as const)));
  const hashes = new Map(toCreate.map((u) => [u.username, byPassword.get(u.password)!]));

  const inserted: Record<string, number> = Object.fromEntries(SEED_TABLES.map((t) => [t, 0]));
  const operatorOf = new Map(DEMO_INSTANSI.map((i) => [i.id, DEMO_USERS.find((u) => u.role === 'OPERATOR' && u.instansiId === i.id)?.id ?? null]));

  const work = async (trx: Kysely<Database>): Promise<void> => {
    const before = await countDemoRows(trx);
    inserted.kanreg = await insertRows(trx, 'kanreg', { id: 'text', nama: 'text', kode: 'text', kota: 'text' },
      DEMO_KANREG.map((k) => ({ id: k.id, nama: k.nama, kode: k.kode, kota: k.kota })));
    inserted.instansi = await insertRows(trx, 'instansi', {
      id: 'text', nama: 'text', jenis: 'text', kanreg_id: 'text', jabatan_ppk: 'text', tempat_penetapan: 'text', kode_unit_sk: 'text',
    }, DEMO_INSTANSI.map((i) => ({
      id: i.id, nama: i.nama, jenis: i.jenis, kanreg_id: i.kanregId, jabatan_ppk: i.jabatanPpk,
      tempat_penetapan: i.tempatPenetapan, kode_unit_sk: i.kodeUnitSk,
    })));
    // Users: superiors first (the self-reference is checked as rows go in).
    const ordered = [...DEMO_USERS].sort((a, b) => depth(a.username) - depth(b.username));
    inserted.app_user = await insertRows(trx, 'app_user', {
      id: 'text', username: 'text', nama: 'text', nip: 'text', jabatan: 'text', role: 'text', instansi_id: 'text', kanreg_id: 'text',
      superior_user_id: 'text', email: 'text', password_hash: 'text', totp_secret: 'text', signer_id: 'text',
    }, ordered.filter((u) => hashes.has(u.username)).map((u) => ({
      id: u.id, username: u.username, nama: u.nama, nip: u.nip, jabatan: u.jabatan, role: u.role, instansi_id: u.instansiId,
      kanreg_id: u.kanregId, superior_user_id: u.superiorUsername ? `usr-${u.superiorUsername}` : null, email: u.email,
      password_hash: hashes.get(u.username)!, totp_secret: u.totpSecret, signer_id: u.signerId,
    })));
    // The people: each instansi's SIMPEG file (simpeg-file.ts) through the import path agencies use (issue 14), so the
    // path that is tested is the path users take. Only what is new goes in: a unit tree for an instansi without one, the
    // records of employees not yet held, so a second run (or a restart after demo work) changes nothing.
    const held = new Set((await trx.selectFrom('employee').select('nip').execute()).map((r) => r.nip));
    const withUnits = new Set((await trx.selectFrom('unor').select('instansi_id').distinct().execute()).map((r) => r.instansi_id));
    for (const inst of DEMO_INSTANSI) {
      const records = demoSimpegRecords(inst.id, today).filter((r) => (r.dataset === 'unor'
        ? !withUnits.has(inst.id)
        : !held.has(String((r.data as { nip: string }).nip))));
      if (records.length > 0) await importDemoFile(trx, inst.id, records, operatorOf.get(inst.id) ?? 'usr-admin', today);
    }
    const fresh = new Set(plan.employees.filter((e) => !held.has(e.nip)).map((e) => e.nip));
    const newPlans = plan.employees.filter((e) => fresh.has(e.nip));
    // Facts BKN holds, not the agency's SIMPEG: a block on the person's file, the Pertek of a past promotion.
    const blocked = newPlans.filter((e) => e.blockedReason !== null);
    if (blocked.length > 0) {
      await sql`UPDATE employee e SET blocked_by_bkn = true, blocked_reason = v.reason
        FROM unnest(${blocked.map((e) => e.nip)}::text[], ${blocked.map((e) => e.blockedReason)}::text[]) AS v(nip, reason) WHERE e.nip = v.nip`.execute(trx);
    }
    const perteks = newPlans.flatMap((e) => states.get(e.nip)!.history.map((h, i) => ({ nip: e.nip, id: `RG-${i + 1}`, pertek: h.pertekNomor })).filter((h) => h.pertek));
    if (perteks.length > 0) {
      await sql`UPDATE employee_golongan_history g SET pertek_nomor = v.pertek
        FROM unnest(${perteks.map((p) => p.nip)}::text[], ${perteks.map((p) => p.id)}::text[], ${perteks.map((p) => p.pertek)}::text[]) AS v(nip, id, pertek)
        WHERE g.nip = v.nip AND g.sumber = 'SIMPEG' AND g.sumber_id = v.id`.execute(trx);
    }
    inserted.employee_stlud = await insertRows(trx, 'employee_stlud', { nip: 'text', tingkat: 'int', tanggal: 'date' },
      newPlans.flatMap((e) => states.get(e.nip)!.stlud.map((s) => ({ nip: e.nip, tingkat: s.tingkat, tanggal: s.tanggal }))));
    // Every demo employee's direct superior is recorded at IV/b (DEMO_SUPERIOR_GOLONGAN), so the superior-pangkat cap of
    // the rules before Peraturan BKN 2/2025 never decides a demo case (reguler reaches IV/b at most): the cases hold
    // for any reference date.
    inserted.employee_kp_extra = await insertRows(trx, 'employee_kp_extra', {
      nip: 'text', penyesuaian_level: 'text', penyesuaian_diakui: 'bool', penyesuaian_ujian_lulus: 'bool', keputusan_prestasi: 'bool',
      atasan_golongan_id: 'int',
    }, newPlans.map((e) => ({
      nip: e.nip, penyesuaian_level: e.kpExtra?.penyesuaianLevel ?? null, penyesuaian_diakui: e.kpExtra?.penyesuaianDiakui ?? null,
      penyesuaian_ujian_lulus: e.kpExtra?.penyesuaianUjianLulus ?? null, keputusan_prestasi: e.kpExtra?.keputusanPrestasi ?? false,
      atasan_golongan_id: DEMO_SUPERIOR_GOLONGAN,
    })));

    // The head of each instansi's personnel agency signs its SK on the PPK's behalf ("a.n. GUBERNUR ...").
    for (const inst of DEMO_INSTANSI) {
      await trx.updateTable('instansi').set({ sk_signer_user_id: `usr-pyb.${inst.slug}` }).where('id', '=', inst.id).where('sk_signer_user_id', 'is', null).execute();
    }
    for (const k of DEMO_KANREG) {
      const head = DEMO_USERS.find((u) => u.role === 'KANREG_HEAD' && u.kanregId === k.id);
      if (head) await trx.updateTable('kanreg').set({ kepala_user_id: head.id }).where('id', '=', k.id).where('kepala_user_id', 'is', null).execute();
    }

    const d = DEMO_DELEGATION;
    const from = `usr-${d.fromUsername}`;
    const to = `usr-${d.toUsername}`;
    const has = await trx.selectFrom('delegation').select('id')
      .where('instansi_id', '=', d.instansiId).where('from_user_id', '=', from).where('to_user_id', '=', to).executeTakeFirst();
    if (!has) {
      await trx.insertInto('delegation').values({
        instansi_id: d.instansiId, from_user_id: from, to_user_id: to, jenis: d.jenis,
        mulai: addDays(today, -d.daysBefore), selesai: addDays(today, d.daysAfter), created_by: 'usr-admin', revoked_at: null,
      }).execute();
      inserted.delegation = 1;
    }

    inserted.document = await insertRows(trx, 'document', {
      id: 'text', sha256: 'text', size: 'int', mime: 'text', filename: 'text', kind: 'text', doc_code: 'text', siasn_id: 'int',
      owner_nip: 'text', uploaded_by: 'text',
    }, berkas.filter(({ e }) => fresh.has(e.nip)).flatMap(({ e, items }) => items.map((i) => {
      const blob = blobs.get(i.code)!;
      return {
        id: berkasId(e.nip, i), sha256: blob.sha256, size: blob.size, mime: 'application/pdf', filename: berkasFilename(e.nip, i),
        kind: 'BERKAS', doc_code: i.code, siasn_id: DOCUMENT_TYPES[i.code].siasnId, owner_nip: e.nip,
        uploaded_by: operatorOf.get(e.instansiId) ?? null,
      };
    })));
    // The import wrote these; what it added is what this run inserted.
    const after = await countDemoRows(trx);
    for (const t of IMPORTED_TABLES) inserted[t] = after[t] - before[t];
  };

  if (db.isTransaction) await work(db);
  else await db.transaction().execute(work);
  return { reference: ref, inserted, ms: Date.now() - started };
}

const IMPORTED_TABLES = ['unor', 'employee', 'employee_golongan_history', 'employee_education', 'employee_rating', 'employee_sanction'] as const;

/** One instansi's demo SIMPEG file, staged and applied as an import job of its operator; the demo allows no refusal. */
async function importDemoFile(trx: Kysely<Database>, instansiId: string, records: RawImportRecord[], operatorId: string, today: IsoDate): Promise<void> {
  const { job } = await stageImportJob(trx, records, {
    instansiId, sumber: 'SIMPEG', asal: 'BERKAS', namaBerkas: `${instansiId}-simpeg-demo.csv`, createdBy: operatorId, today, uji: false,
    // The demo's people are what SIASN (the stand-in) already holds: nothing to send it.
    kirimSiasn: false,
  });
  await setImportJobStatus(trx, job.id, 'BERJALAN');
  while ((await applyImportChunk(trx, job.id, 1000, operatorId)).processed > 0);
  const refused = await trx.selectFrom('import_job_record').select(['dataset', 'kunci', 'alasan'])
    .where('job_id', '=', job.id).where('hasil', '=', 'DITOLAK').limit(3).execute();
  if (refused.length > 0) throw new Error(`the demo SIMPEG file of ${instansiId} was refused in part: ${JSON.stringify(refused)}`);
  await setImportJobStatus(trx, job.id, 'SELESAI');
}

function depth(username: string): number {
  let n = 0;
  let u = DEMO_USERS.find((x) => x.username === username);
  while (u?.superiorUsername) {
    n += 1;
    const superior: string = u.superiorUsername;
    u = DEMO_USERS.find((x) => x.username === superior);
  }
  return n;
}

type PgType = 'text' | 'int' | 'date' | 'bool' | 'numeric';
type Columns<T extends keyof Database> = Partial<Record<keyof Database[T] & string, PgType>>;
type Row<T extends keyof Database> = { [K in keyof Database[T] & string]?: unknown };

/**
 * One INSERT ... SELECT FROM unnest(...) per table: one array parameter per column however many rows, which keeps
 * query building and parsing cheap (the seed writes ~10,000 rows). Keyed tables skip rows that exist already.
 */
function unnestInsert<T extends keyof Database & string>(table: T, columns: Columns<T>, rows: Row<T>[], keyed: boolean) {
  const cols = Object.entries(columns) as [string, PgType][];
  const arrays = cols.map(([c, type]) => sql`${rows.map((r) => (r as Record<string, unknown>)[c] ?? null)}::${sql.raw(type)}[]`);
  return sql`INSERT INTO ${sql.table(table)} (${sql.join(cols.map(([c]) => sql.ref(c)))})
    SELECT * FROM unnest(${sql.join(arrays)}) ${keyed ? sql`ON CONFLICT DO NOTHING` : sql``}`;
}

async function insertRows<T extends keyof Database & string>(
  trx: Kysely<Database>, table: T, columns: Columns<T>, rows: Row<T>[], keyed = true,
): Promise<number> {
  if (rows.length === 0) return 0;
  const res = await unnestInsert(table, columns, rows, keyed).execute(trx);
  return Number(res.numAffectedRows ?? 0);
}

/** Row counts of the seeded tables (for the seed script and the idempotency test). */
export async function countDemoRows(db: Kysely<Database>): Promise<Record<string, number>> {
  const parts = SEED_TABLES.map((t) => sql`SELECT ${t}::text AS t, count(*)::int AS n FROM ${sql.table(t)}`);
  const { rows } = await sql<{ t: string; n: number }>`${sql.join(parts, sql` UNION ALL `)}`.execute(db);
  return Object.fromEntries(SEED_TABLES.map((t) => [t, rows.find((r) => r.t === t)?.n ?? 0]));
}
