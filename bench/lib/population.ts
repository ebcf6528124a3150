import { sql } from 'kysely';
import type { Db } from '../../db';
import { addDays } from '../../domain/dates';
import { buildNip, parseNip } from '../../domain/nip';

/**
 * Bench-only data: clones one eligible seeded employee (its employee row, golongan history, education, ratings, STLUD,
 * KP extras, sanctions and BERKAS document rows, same blobs) under new valid NIPs, in batches of set-based INSERTs.
 * The NIP keeps the template's TMT CPNS and gender; the birth date moves back one day per 999 sequence numbers, and
 * tanggal_lahir follows it, so NIP and data agree.
 */
const CLONED: { table: string; nipColumn: string; where?: string }[] = [
  { table: 'employee', nipColumn: 'nip' },
  { table: 'employee_golongan_history', nipColumn: 'nip', where: 't.usulan_id IS NULL' },
  { table: 'employee_education', nipColumn: 'nip' },
  { table: 'employee_rating', nipColumn: 'nip' },
  { table: 'employee_stlud', nipColumn: 'nip' },
  { table: 'employee_kp_extra', nipColumn: 'nip' },
  { table: 'employee_sanction', nipColumn: 'nip' },
  { table: 'document', nipColumn: 'owner_nip', where: "t.kind = 'BERKAS'" },
];

async function columnsOf(db: Db, table: string): Promise<string[]> {
  const rows = await sql<{ column_name: string; column_default: string | null; is_identity: string }>`
    SELECT column_name, column_default, is_identity FROM information_schema.columns
    WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`.execute(db);
  return rows.rows.filter((r) => !(r.column_default ?? '').startsWith('nextval(') && r.is_identity !== 'YES').map((r) => r.column_name);
}

export function nipGenerator(templateNip: string, taken: Set<string>): () => string {
  const p = parseNip(templateNip);
  if (!p.ok) throw new Error(`template NIP ${templateNip} does not parse`);
  const t = p.nip;
  let i = 0;
  return () => {
    for (;;) {
      const dayOffset = 1 + Math.floor(i / 999);
      const seq = 1 + (i % 999);
      i += 1;
      const nip = buildNip(addDays(t.birthDate, -dayOffset), t.tmtCpns, t.gender, seq);
      if (!taken.has(nip)) {
        taken.add(nip);
        return nip;
      }
    }
  };
}

/** Inserts `count` clones of `templateNip`; returns their NIPs. */
export async function createPopulation(db: Db, templateNip: string, count: number, opts: { batch?: number; log?: (m: string) => void } = {}): Promise<string[]> {
  const taken = new Set((await db.selectFrom('employee').select('nip').execute()).map((r) => r.nip));
  const next = nipGenerator(templateNip, taken);
  const cols = new Map<string, string[]>();
  for (const c of CLONED) cols.set(c.table, await columnsOf(db, c.table));
  const out: string[] = [];
  const batch = opts.batch ?? 5000;
  const started = Date.now();
  for (let done = 0; done < count; done += batch) {
    const nips = Array.from({ length: Math.min(batch, count - done) }, next);
    const births = nips.map((n) => `${n.slice(0, 4)}-${n.slice(4, 6)}-${n.slice(6, 8)}`);
    await db.transaction().execute(async (trx) => {
      for (const c of CLONED) {
        const list = cols.get(c.table)!;
        const exprs = list.map((col) => {
          if (col === c.nipColumn) return 'n.nip';
          if (c.table === 'employee' && col === 'tanggal_lahir') return 'n.tgl';
          if (c.table === 'document' && col === 'id') return "t.id || '.' || n.nip";
          return `t.${col}`;
        });
        await sql`INSERT INTO ${sql.raw(c.table)} (${sql.raw(list.join(', '))}) SELECT ${sql.raw(exprs.join(', '))} FROM ${sql.raw(c.table)} t
          CROSS JOIN unnest(${nips}::text[], ${births}::date[]) AS n(nip, tgl)
          WHERE ${sql.raw(`t.${c.nipColumn}`)} = ${templateNip}${sql.raw(c.where ? ` AND ${c.where}` : '')}`.execute(trx);
      }
    });
    out.push(...nips);
  }
  opts.log?.(`population: ${out.length} synthetic eligible employees in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
}
