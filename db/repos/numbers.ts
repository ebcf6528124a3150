import { sql } from 'kysely';
import type { Db } from '../index';

/**
 * Gives an usulan its decree number once: a retried activity or a repeated request gets the same number back, and
 * the per-scope sequence is locked while numbering, so numbers have no duplicates and no gaps.
 */
export async function assignNumber(
  db: Db,
  args: { usulanId: string; kind: 'SK' | 'PERTEK'; scope: string; tanggal: string; format: (seq: number) => string },
): Promise<{ nomor: string; tanggal: string }> {
  return db.transaction().execute(async (trx) => {
    await sql`INSERT INTO number_sequence (scope, last_value) VALUES (${args.scope}, 0) ON CONFLICT (scope) DO NOTHING`.execute(trx);
    const seqRow = await trx.selectFrom('number_sequence').select('last_value').where('scope', '=', args.scope).forUpdate().executeTakeFirstOrThrow();
    const existing = await trx.selectFrom('number_assignment').select(['nomor', 'tanggal'])
      .where('usulan_id', '=', args.usulanId).where('kind', '=', args.kind).executeTakeFirst();
    if (existing) return existing;
    const next = seqRow.last_value + 1;
    const nomor = args.format(next);
    await trx.updateTable('number_sequence').set({ last_value: next }).where('scope', '=', args.scope).execute();
    await trx.insertInto('number_assignment').values({ usulan_id: args.usulanId, kind: args.kind, nomor, tanggal: args.tanggal }).execute();
    return { nomor, tanggal: args.tanggal };
  });
}
