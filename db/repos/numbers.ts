import { sql } from 'kysely';
import type { Db } from '../index';

export interface NumberScope {
  /** The issuing office (an instansi id, a Kanreg id, or 'BKN'): a number is unique within it, not across offices. */
  issuer: string;
  series: 'SK' | 'PERTEK';
  year: number;
}

/**
 * Gives an usulan its decree number once: a retried activity or a repeated request gets the same number back, and
 * the sequence of the issuing office, series and year is locked while numbering, so numbers have no duplicates and no
 * gaps within their scope. Two offices that share a unit code each keep their own sequence.
 */
export async function assignNumber(
  db: Db,
  args: { usulanId: string; scope: NumberScope; tanggal: string; format: (seq: number) => string },
): Promise<{ nomor: string; tanggal: string }> {
  const { issuer, series, year } = args.scope;
  const key = `${series}:${issuer}:${year}`;
  return db.transaction().execute(async (trx) => {
    await sql`INSERT INTO number_sequence (scope, last_value) VALUES (${key}, 0) ON CONFLICT (scope) DO NOTHING`.execute(trx);
    const seqRow = await trx.selectFrom('number_sequence').select('last_value').where('scope', '=', key).forUpdate().executeTakeFirstOrThrow();
    const existing = await trx.selectFrom('number_assignment').select(['nomor', 'tanggal'])
      .where('usulan_id', '=', args.usulanId).where('kind', '=', series).executeTakeFirst();
    if (existing) return existing;
    const next = seqRow.last_value + 1;
    const nomor = args.format(next);
    await trx.updateTable('number_sequence').set({ last_value: next }).where('scope', '=', key).execute();
    await trx.insertInto('number_assignment').values({ usulan_id: args.usulanId, kind: series, nomor, tanggal: args.tanggal, issuer, series, year }).execute();
    return { nomor, tanggal: args.tanggal };
  });
}
